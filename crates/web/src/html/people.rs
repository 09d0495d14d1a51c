//! What the people pages share: loading the user's council, deciding whose records
//! the user may see (their role's reach), each person's current position, and
//! writing codes and dates as people read them.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use pathway_app::accounts::User;
use pathway_domain::access::reachable_workers;
use pathway_domain::codes::{AbsenceReason, Ethnicity, Role};
use pathway_domain::ids::{EmploymentId, TeamId, WorkerId};
use pathway_domain::records::{Assignment, Employment, Team, Worker};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use std::sync::Arc;

use crate::AppState;
use crate::error::WebError;
use crate::session::SignedIn;

/// Loads the signed-in user's council's whole record. A user without a council
/// (an administrator) has no people to see.
pub async fn load(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<(CouncilCode, Arc<Workforce>), WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let workforce = state
        .records
        .workforce_at(state.store.as_ref(), council, signed_in.council_revision)
        .await?;
    Ok((council, workforce))
}

/// Where a person is now, or was last: worked out once per person for the register.
#[derive(Debug, Clone, Copy)]
pub struct Position<'w> {
    /// An employment covers today.
    pub in_post: bool,
    /// The start of their latest employment.
    pub latest_start: Option<Date>,
    /// The assignment covering today, or else the one that started last.
    pub assignment: Option<&'w Assignment>,
}

/// A council's record indexed for the people pages, and whose records the user
/// reaches.
#[derive(Debug)]
pub struct People<'w> {
    /// The council's record.
    pub workforce: &'w Workforce,
    /// Today's date.
    pub today: Date,
    employments: FxHashMap<&'w WorkerId, Vec<&'w Employment>>,
    assignments: FxHashMap<&'w EmploymentId, Vec<&'w Assignment>>,
    teams: FxHashMap<&'w TeamId, &'w Team>,
    reach: Reach<'w>,
}

#[derive(Debug)]
enum Reach<'w> {
    Everyone,
    Only(HashSet<&'w WorkerId>),
}

impl<'w> People<'w> {
    /// Indexes `workforce` for `user`.
    pub fn new(workforce: &'w Workforce, user: &User, today: Date) -> Self {
        let mut employments: FxHashMap<&WorkerId, Vec<&Employment>> = FxHashMap::default();
        let mut worker_of: FxHashMap<&EmploymentId, &WorkerId> = FxHashMap::default();
        for employment in &workforce.employments {
            employments
                .entry(employment.worker_id())
                .or_default()
                .push(employment);
            worker_of.insert(employment.id(), employment.worker_id());
        }
        let mut assignments: FxHashMap<&EmploymentId, Vec<&Assignment>> = FxHashMap::default();
        for assignment in &workforce.assignments {
            assignments
                .entry(&assignment.employment_id)
                .or_default()
                .push(assignment);
        }
        let teams = workforce
            .teams
            .iter()
            .map(|team| (&team.id, team))
            .collect();
        let reach = match reachable_workers(
            user.role.reach(),
            user.worker_id.as_ref(),
            &user.teams,
            workforce,
        ) {
            None => Reach::Everyone,
            Some(workers) => Reach::Only(workers),
        };
        Self {
            workforce,
            today,
            employments,
            assignments,
            teams,
            reach,
        }
    }

    /// Whether the user may see this person's record.
    pub fn may_see(&self, worker: &WorkerId) -> bool {
        match &self.reach {
            Reach::Everyone => true,
            Reach::Only(workers) => workers.contains(worker),
        }
    }

    /// The person with this ID, if the user may see them; anyone else, in this
    /// council or not, is simply not found.
    pub fn find(&self, id: &str) -> Option<&'w Worker> {
        let id = WorkerId::parse(id).ok()?;
        if !self.may_see(&id) {
            return None;
        }
        self.workforce.workers.iter().find(|worker| worker.id == id)
    }

    /// The people the user may see, in the council's order.
    pub fn visible(&self) -> impl Iterator<Item = &'w Worker> + '_ {
        self.workforce
            .workers
            .iter()
            .filter(|worker| self.may_see(&worker.id))
    }

    /// A person's employments, earliest first.
    pub fn employments(&self, worker: &WorkerId) -> Vec<&'w Employment> {
        let mut employments = self.employments.get(worker).cloned().unwrap_or_default();
        employments.sort_by_key(|employment| employment.span().start());
        employments
    }

    /// An employment's assignments, earliest first.
    pub fn assignments(&self, employment: &EmploymentId) -> Vec<&'w Assignment> {
        let mut assignments = self
            .assignments
            .get(employment)
            .cloned()
            .unwrap_or_default();
        assignments.sort_by_key(|assignment| assignment.span.start());
        assignments
    }

    /// Where a person is now, or was last.
    pub fn position(&self, worker: &WorkerId) -> Position<'w> {
        let employments = self.employments.get(worker).map_or(&[][..], Vec::as_slice);
        let in_post = employments
            .iter()
            .any(|employment| employment.span().covers(self.today));
        let latest_start = employments
            .iter()
            .map(|employment| employment.span().start())
            .max();
        let assignment = employments
            .iter()
            .filter_map(|employment| self.assignments.get(employment.id()))
            .flatten()
            .copied()
            .max_by_key(|assignment| (assignment.span.covers(self.today), assignment.span.start()));
        Position {
            in_post,
            latest_start,
            assignment,
        }
    }

    /// A team's name, or its ID if the team is not known.
    pub fn team_name(&self, team: Option<&TeamId>) -> String {
        match team {
            None => "No team".to_owned(),
            Some(id) => self
                .teams
                .get(id)
                .map_or_else(|| id.to_string(), |team| team.name.clone()),
        }
    }
}

/// A code's spelling as a person reads it: `senior_social_worker` becomes
/// `Senior social worker`.
pub fn humanise(spelling: &str) -> String {
    let words = spelling.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A job role as a person reads it.
pub fn role_label(role: Role) -> String {
    match role {
        Role::Asye => "ASYE (newly qualified)".to_owned(),
        other => humanise(other.as_str()),
    }
}

/// An ethnicity as the DfE names it, with its code.
pub fn ethnicity_label(ethnicity: Ethnicity) -> String {
    let name = match ethnicity {
        Ethnicity::Wbri => "White British",
        Ethnicity::Wiri => "White Irish",
        Ethnicity::Woth => "Any other White background",
        Ethnicity::Mwbc => "White and Black Caribbean",
        Ethnicity::Mwba => "White and Black African",
        Ethnicity::Mwas => "White and Asian",
        Ethnicity::Moth => "Any other mixed background",
        Ethnicity::Aind => "Indian",
        Ethnicity::Apkn => "Pakistani",
        Ethnicity::Aban => "Bangladeshi",
        Ethnicity::Aoth => "Any other Asian background",
        Ethnicity::Bcrb => "Black Caribbean",
        Ethnicity::Bafr => "Black African",
        Ethnicity::Both => "Any other Black background",
        Ethnicity::Chne => "Chinese",
        Ethnicity::Ooth => "Any other ethnic group",
        Ethnicity::Refu => "Refused to say",
        Ethnicity::Nobt => "Not yet obtained",
    };
    format!("{name} ({})", ethnicity.as_str())
}

/// An absence reason as a person reads it.
pub fn absence_label(reason: AbsenceReason) -> &'static str {
    match reason {
        AbsenceReason::Sickness => "Sickness",
        AbsenceReason::Maternity => "Maternity or paternity leave",
        AbsenceReason::OtherPaid => "Other paid authorised absence",
        AbsenceReason::PublicDuties => "Public duties",
        AbsenceReason::Training => "Training",
        AbsenceReason::Unauthorised => "Unauthorised absence",
        AbsenceReason::Unpaid => "Unpaid authorised absence",
    }
}

/// A date as GOV.UK writes it: `4 March 2024`.
pub fn long_date(date: Date) -> String {
    date.format("%-d %B %Y").to_string()
}

/// An optional date, or `fallback` when there is none.
pub fn maybe_date(date: Option<Date>, fallback: &str) -> String {
    date.map_or_else(|| fallback.to_owned(), long_date)
}

/// Percent-encodes a text for a URL's path segment or query value.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The link to a person's page.
pub fn person_href(worker: &WorkerId) -> String {
    format!("/workers/{}", encode(worker.as_str()))
}

/// A choice in a select or a set of radios.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// What it says.
    pub label: String,
    /// Whether it is chosen.
    pub selected: bool,
}

impl Choice {
    /// A choice, selected when `value` equals `current`.
    pub fn new(value: impl Into<String>, label: impl Into<String>, current: &str) -> Self {
        let value = value.into();
        Self {
            selected: value == current,
            label: label.into(),
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_sentences() {
        assert_eq!(humanise("senior_social_worker"), "Senior social worker");
        assert_eq!(humanise(""), "");
        assert_eq!(role_label(Role::Asye), "ASYE (newly qualified)");
    }

    #[test]
    fn ids_are_encoded_for_links() {
        assert_eq!(encode("W 1/2&x"), "W%201%2F2%26x");
        assert_eq!(encode("W-001"), "W-001");
    }
}
