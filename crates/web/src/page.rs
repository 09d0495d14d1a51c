//! What every page's layout needs: the council's name, the menu, the form token.

use chrono::NaiveDate;
use pathway_domain::access::Permission;
use pathway_domain::values::Date;

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
    ("/academy", "Academy", Permission::SeeAcademy),
    ("/recruitment", "Recruitment", Permission::SeeRecruitment),
    ("/caseloads", "Caseloads", Permission::SeeCaseloads),
    ("/career", "Career pathway", Permission::SeeCareer),
    ("/training", "Training", Permission::SeeTraining),
    ("/feedback", "Feedback", Permission::SeeFeedback),
    ("/survey", "Staff survey", Permission::AnswerSurvey),
    ("/leavers", "Leavers", Permission::SeeFigures),
    ("/profile", "Workforce profile", Permission::SeeFigures),
    // [issue 8: committee]
    ("/reports", "Reports", Permission::SeeCommitteeReport),
    // [issue 8: census]
    // [issue 9: benchmarking]
    ("/benchmarking", "Benchmarking", Permission::SeeBenchmarks),
    ("/admin/councils", "Councils", Permission::ManageUsers),
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

/// Reads the three boxes of a GOV.UK date input: all empty is no date. `what` is
/// the date's name as a sentence starts it, such as `Start date`.
pub fn date_input(what: &str, day: &str, month: &str, year: &str) -> Result<Option<Date>, String> {
    let parts = [
        ("day", day.trim()),
        ("month", month.trim()),
        ("year", year.trim()),
    ];
    if parts.iter().all(|(_, text)| text.is_empty()) {
        return Ok(None);
    }
    let missing: Vec<&str> = parts
        .iter()
        .filter(|(_, text)| text.is_empty())
        .map(|(name, _)| *name)
        .collect();
    match missing.as_slice() {
        [] => {}
        [one] => return Err(format!("{what} must include a {one}")),
        [first, second] => return Err(format!("{what} must include a {first} and {second}")),
        _ => return Err(format!("Enter the {}", what.to_lowercase())),
    }
    let number = |text: &str| -> Option<u32> {
        (text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let real = format!("{what} must be a real date");
    let (Some(day), Some(month), Some(year)) =
        (number(parts[0].1), number(parts[1].1), number(parts[2].1))
    else {
        return Err(real);
    };
    if parts[2].1.len() != 4 {
        return Err("Year must include 4 numbers".to_owned());
    }
    let year = i32::try_from(year).map_err(|_| real.clone())?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(real)?;
    if year < 1900 {
        return Err(format!("{what} must be after 1900"));
    }
    Ok(Some(date))
}
