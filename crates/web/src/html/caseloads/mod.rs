//! The caseload pages: the council's bands and caseload per FTE at a date with each
//! team, a team's workers, the alert list, a worker's trend with a form to record a
//! count, the form for a team's counts on one date, and the settings.
//!
//! Every page sees caseloads through the user's reach ([`CaseloadScope`]): the
//! workforce lead and the academy see the whole council, a team manager their teams
//! and the people in them, a practitioner only their own trend. Counts are recorded
//! through `pathway_app::record_caseloads` (an import of caseloads only).

pub mod overview;
pub mod record;
pub mod settings;
pub mod worker;

use std::collections::HashSet;

use chrono::Utc;
use pathway_app::accounts::User;
use pathway_app::{AuditEntry, CaseloadRecords, caseload_records};
use pathway_domain::CouncilCode;
use pathway_domain::access::{PeopleReach, UserRole, reachable_workers};
use pathway_domain::caseload::{CaseloadsAt, WorkerCaseload, caseloads_at};
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::values::{Date, parse_date};

use crate::AppState;
use crate::error::WebError;

/// The menu section of every caseload page.
pub const SECTION: &str = "/caseloads";

/// Today's date, the default of every "at a date" view.
pub fn today() -> Date {
    Utc::now().date_naive()
}

/// A date asked for in an address: today when none is given, an error message when
/// it is not a real `YYYY-MM-DD` date.
pub fn asked_date(asked: Option<&str>) -> Result<Date, String> {
    match asked.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(today()),
        Some(text) => parse_date(text).map_err(|_| {
            format!("Enter the date as year-month-day, for example 2024-09-30, not {text}")
        }),
    }
}

/// One council's caseload records as a user reaches them.
#[derive(Debug)]
pub struct CaseloadScope {
    /// The council.
    pub council: CouncilCode,
    /// Its records, settings and the ASYE threshold.
    pub records: CaseloadRecords,
    /// The user's role.
    pub role: UserRole,
    /// The teams a team manager manages.
    pub teams: Vec<TeamId>,
    /// A practitioner's own record.
    pub own: Option<WorkerId>,
    /// The people whose records the user reaches: `None` for the whole council.
    reach: Option<HashSet<WorkerId>>,
}

impl CaseloadScope {
    /// Loads the user's council's caseload records. A user without a council (an
    /// administrator) has none.
    pub async fn load(state: &AppState, user: &User) -> Result<Self, WebError> {
        let council = user.council.ok_or(WebError::NotFound)?;
        let records = caseload_records(state.store.as_ref(), council).await?;
        let reach = reachable_workers(
            user.role.reach(),
            user.worker_id.as_ref(),
            &user.teams,
            &records.workforce,
        )
        .map(|workers| workers.into_iter().cloned().collect());
        Ok(Self {
            council,
            records,
            role: user.role,
            teams: user.teams.clone(),
            own: user.worker_id.clone(),
            reach,
        })
    }

    /// Whether the user sees the whole council's caseloads.
    pub fn whole_council(&self) -> bool {
        self.role.reach() == PeopleReach::Council
    }

    /// Whether the user sees teams and alerts at all (a practitioner sees only their
    /// own trend).
    pub fn sees_teams(&self) -> bool {
        matches!(
            self.role.reach(),
            PeopleReach::Council | PeopleReach::OwnTeams
        )
    }

    /// Whether the user sees this team.
    pub fn sees_team(&self, team: &TeamId) -> bool {
        self.whole_council() || (self.sees_teams() && self.teams.contains(team))
    }

    /// Whether the user sees this worker on a list at a date: everyone for the whole
    /// council, a team manager those in post in their teams.
    pub fn sees_on_list(&self, worker: &WorkerCaseload<'_>) -> bool {
        self.whole_council() || worker.team_id.is_some_and(|team| self.sees_team(team))
    }

    /// Whether the user may see this person's caseloads (their trend).
    pub fn may_see_worker(&self, worker: &WorkerId) -> bool {
        match &self.reach {
            None => true,
            Some(workers) => workers.contains(worker),
        }
    }

    /// Whether the user is the workforce lead, who alone changes the settings.
    pub fn is_workforce_lead(&self) -> bool {
        self.role == UserRole::WorkforceLead
    }

    /// The caseloads at D.
    pub fn at(&self, date: Date) -> CaseloadsAt<'_> {
        caseloads_at(
            &self.records.workforce,
            &self.records.settings,
            self.records.asye_limit,
            date,
        )
    }

    /// A person's full name, or their ID when the register does not know them.
    pub fn name_of(&self, worker: &WorkerId) -> String {
        crate::html::academy::name_of(&self.records.workforce, worker)
    }

    /// A team's name, or its ID.
    pub fn team_name(&self, team: &TeamId) -> String {
        self.records
            .workforce
            .teams
            .iter()
            .find(|t| &t.id == team)
            .map_or_else(|| team.to_string(), |t| t.name.clone())
    }
}

/// Records that the user saw a person's caseloads, or a list of people's: `detail`
/// such as `worker W1` or `alerts on 2024-09-30`.
pub async fn record_view(
    state: &AppState,
    user: &User,
    council: CouncilCode,
    detail: String,
) -> Result<(), WebError> {
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: user.email.clone(),
            action: "view caseloads".to_owned(),
            detail,
        }])
        .await?;
    Ok(())
}

/// A number of cases per FTE as the pages write it: one decimal.
pub fn per_fte(value: Option<f64>) -> String {
    value.map_or_else(
        || "no case holders".to_owned(),
        |value| format!("{value:.1}"),
    )
}

/// A share as the pages write it: `52%`, or a dash when nothing to divide by.
pub fn percent(count: u64, total: u64) -> String {
    if total == 0 {
        "–".to_owned()
    } else {
        format!("{:.0}%", count as f64 * 100.0 / total as f64)
    }
}
