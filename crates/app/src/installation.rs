//! Councils on one installation: the administrator adds a council with its first
//! workforce lead, places it in a region and records whether it is named in other
//! councils' benchmarks; regional viewers see a chosen group of councils; and each
//! the councils to benchmark are listed (their figures are measured where they are shown).

use pathway_domain::benchmarking::{InstallationCouncil, Region};
use pathway_domain::{Council, CouncilCode};

use crate::accounts::{AccountError, User, new_user, one_time_password};
use crate::audit::AuditEntry;
use crate::store::{Store, StoreError};

/// Why a council or a regional viewer could not be added or changed.
#[derive(Debug, thiserror::Error)]
pub enum InstallationError {
    /// The council's name is empty.
    #[error("enter the council's name")]
    Name,
    /// The council is not on this installation.
    #[error("council {0} is not on this installation")]
    UnknownCouncil(CouncilCode),
    /// A regional viewer needs at least one council to see.
    #[error("choose at least one council for the regional viewer to see")]
    NoCouncils,
    /// The user could not be set up (the email address, say).
    #[error(transparent)]
    Account(#[from] AccountError),
    /// The database failed, or the code or email address is already in use.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A council to add, with its first workforce lead.
#[derive(Debug, Clone)]
pub struct NewCouncil {
    /// Its DfE code.
    pub code: CouncilCode,
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: Region,
    /// Whether it is named in other councils' benchmarks.
    pub named_in_benchmarks: bool,
    /// The email address of its first workforce lead.
    pub lead_email: String,
}

/// Adds a council and its first workforce lead with a one-time password (returned, to
/// be shown once), recorded in the new council's audit trail.
pub async fn add_council(
    store: &dyn Store,
    actor: &str,
    new: &NewCouncil,
) -> Result<(User, String), InstallationError> {
    let name = new.name.trim();
    if name.is_empty() {
        return Err(InstallationError::Name);
    }
    let password = one_time_password();
    let lead = new_user(
        Some(new.code),
        &new.lead_email,
        pathway_domain::access::UserRole::WorkforceLead,
        None,
        Vec::new(),
        &password,
    )?;
    let council = InstallationCouncil {
        council: Council {
            code: new.code,
            name: name.to_owned(),
        },
        region: new.region,
        named_in_benchmarks: new.named_in_benchmarks,
    };
    let audit = [
        AuditEntry {
            council: new.code,
            actor: actor.to_owned(),
            action: "council added".to_owned(),
            detail: describe(&council),
        },
        AuditEntry {
            council: new.code,
            actor: actor.to_owned(),
            action: "user added".to_owned(),
            detail: format!("{} as workforce lead", lead.email),
        },
    ];
    let user = store.add_council(&council, &lead, &audit).await?;
    Ok((user, password))
}

fn describe(council: &InstallationCouncil) -> String {
    format!(
        "{} {}, region {}, {} in other councils' benchmarks",
        council.council.code,
        council.council.name,
        council.region.label(),
        if council.named_in_benchmarks {
            "named"
        } else {
            "not named"
        }
    )
}

/// Changes a council's name, region and naming (the administrator), recorded in the
/// council's audit trail.
pub async fn change_council(
    store: &dyn Store,
    actor: &str,
    council: &InstallationCouncil,
) -> Result<(), InstallationError> {
    let mut council = council.clone();
    council.council.name = council.council.name.trim().to_owned();
    if council.council.name.is_empty() {
        return Err(InstallationError::Name);
    }
    let known = store.installation_councils().await?;
    if !known.iter().any(|c| c.council.code == council.council.code) {
        return Err(InstallationError::UnknownCouncil(council.council.code));
    }
    let audit = [AuditEntry {
        council: council.council.code,
        actor: actor.to_owned(),
        action: "council changed".to_owned(),
        detail: describe(&council),
    }];
    Ok(store.change_council(&council, &audit).await?)
}

/// Sets whether a council is named in other councils' benchmarks (its workforce
/// lead's choice), keeping its name and region.
pub async fn set_naming(
    store: &dyn Store,
    actor: &str,
    code: CouncilCode,
    named: bool,
) -> Result<(), InstallationError> {
    let mut council = store
        .installation_councils()
        .await?
        .into_iter()
        .find(|c| c.council.code == code)
        .ok_or(InstallationError::UnknownCouncil(code))?;
    council.named_in_benchmarks = named;
    change_council(store, actor, &council).await
}

/// Adds a regional viewer who sees `councils`, with a one-time password (returned,
/// to be shown once), recorded in the audit trail of each council they see.
pub async fn add_regional_viewer(
    store: &dyn Store,
    actor: &str,
    email: &str,
    councils: &[CouncilCode],
) -> Result<(User, String), InstallationError> {
    if councils.is_empty() {
        return Err(InstallationError::NoCouncils);
    }
    let known = store.installation_councils().await?;
    if let Some(unknown) = councils
        .iter()
        .find(|code| !known.iter().any(|c| c.council.code == **code))
    {
        return Err(InstallationError::UnknownCouncil(*unknown));
    }
    let password = one_time_password();
    let user = new_user(
        None,
        email,
        pathway_domain::access::UserRole::RegionalViewer,
        None,
        Vec::new(),
        &password,
    )?;
    let group: Vec<String> = councils.iter().map(ToString::to_string).collect();
    let audit: Vec<AuditEntry> = councils
        .iter()
        .map(|code| AuditEntry {
            council: *code,
            actor: actor.to_owned(),
            action: "regional viewer added".to_owned(),
            detail: format!(
                "{} sees the benchmark of {} councils",
                user.email,
                group.len()
            ),
        })
        .collect();
    let added = store.add_regional_viewer(&user, councils, &audit).await?;
    Ok((added, password))
}

/// The councils to benchmark: every council, or `only` those.
pub async fn benchmark_councils(
    store: &dyn Store,
    only: Option<&[CouncilCode]>,
) -> Result<Vec<InstallationCouncil>, StoreError> {
    Ok(store
        .installation_councils()
        .await?
        .into_iter()
        .filter(|c| only.is_none_or(|codes| codes.contains(&c.council.code)))
        .collect())
}
