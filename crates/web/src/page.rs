//! What every page's layout needs: the council's name, the menu, the form token.

use pathway_domain::access::Permission;

use crate::session::SignedIn;

/// One link of the service navigation.
#[derive(Debug, Clone)]
pub struct NavigationItem {
    /// Where it goes.
    pub href: &'static str,
    /// What it says.
    pub label: &'static str,
    /// Whether it is the current section.
    pub current: bool,
}

/// The layout's context.
#[derive(Debug, Clone)]
pub struct Page {
    /// Shown in the header.
    pub council_name: String,
    /// The menu: only the sections the user may open.
    pub navigation: Vec<NavigationItem>,
    /// The token every form must carry.
    pub csrf_token: String,
    /// Who is signed in, for the footer.
    pub signed_in_as: Option<String>,
}

/// The sections of the menu and the permission each needs.
const SECTIONS: &[(&str, &str, Permission)] = &[
    ("/", "Dashboard", Permission::SeeFigures),
    ("/workers", "Workforce register", Permission::SeePeople),
    ("/teams", "Teams", Permission::SeePeople),
    ("/account/tokens", "API tokens", Permission::SeeFigures),
    ("/import", "Import", Permission::ImportData),
    ("/audit", "Audit log", Permission::SeeAuditLog),
];

impl Page {
    /// The layout for a signed-in user, with `current` the path of the section shown.
    pub fn for_user(signed_in: &SignedIn, current: &str) -> Self {
        let navigation = SECTIONS
            .iter()
            .filter(|(_, _, permission)| signed_in.user.role.allows(*permission))
            .map(|&(href, label, _)| NavigationItem {
                href,
                label,
                current: href == current,
            })
            .collect();
        Self {
            council_name: signed_in.council_name.clone(),
            navigation,
            csrf_token: signed_in.session.csrf_token.clone(),
            signed_in_as: Some(format!(
                "{} ({})",
                signed_in.user.email,
                signed_in.user.role.label()
            )),
        }
    }

    /// The layout for someone not signed in.
    pub fn anonymous(csrf_token: String) -> Self {
        Self {
            council_name: "Pathway".to_owned(),
            navigation: Vec::new(),
            csrf_token,
            signed_in_as: None,
        }
    }
}

/// A problem with one field of a form, for the error summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's id, which the summary links to.
    pub field: &'static str,
    /// What is wrong, in GOV.UK's style.
    pub message: String,
}
