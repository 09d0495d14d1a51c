//! Recruitment's pages: its home with the headline figures; the establishment's
//! posts; the vacancy board by stage with each vacancy's history; the vacancy
//! measures; candidates and recruitment events; university placements,
//! international recruits and agency engagements.
//!
//! Every page sees recruitment through the user's reach: the workforce lead and
//! recruitment officers see the whole council; a team manager sees the vacancies and
//! posts of their own teams (and changes nothing). Every change goes through
//! `pathway_app::change_recruitment`.

pub mod home;
pub mod measures;
pub mod posts;
pub mod vacancies;
// Candidates and recruitment events.
pub mod candidates;
pub mod events;
// University partnerships and placements, international recruits, agency engagements.
pub mod agency;
pub(crate) mod fields;
pub mod international;
pub mod placements;

use chrono::Utc;
use pathway_app::accounts::User;
use pathway_app::{RecruitmentChangeError, RecruitmentRequest, StoreError};
use pathway_domain::access::{PeopleReach, Permission};
use pathway_domain::codes::{Service, VacancyStage};
use pathway_domain::ids::{
    CandidateId, EngagementId, EventId, PlacementId, PostId, TeamId, UniversityId, VacancyId,
    WorkerId,
};
use pathway_domain::records::{Team, Vacancy};
use pathway_domain::recruitment::{
    CandidateSource, CandidateStage, Post, Recruitment, Settling, SweStatus, VisaType,
};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, encode};
use crate::session::SignedIn;

// The academy's helpers that recruitment's pages share, so there is one of each.
pub use crate::html::academy::{FormFields, SummaryError, name_of, record_view, sort_name};

/// The audit action of every change made on recruitment's pages.
pub const CHANGE_ACTION: &str = "recruitment";

/// The signed-in user's council, its workforce and its recruitment records.
#[derive(Debug)]
pub struct Loaded {
    /// The council.
    pub council: CouncilCode,
    /// Its records (vacancies, events and placements among them).
    pub workforce: std::sync::Arc<Workforce>,
    /// What only recruitment's pages carry.
    pub recruitment: Recruitment,
}

/// Loads the user's council's records and recruitment. A user without a council (an
/// administrator) has no recruitment.
pub async fn load(state: &AppState, signed_in: &SignedIn) -> Result<Loaded, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let workforce = state.workforce(council).await?;
    let recruitment = state.store.recruitment(council).await?;
    Ok(Loaded {
        council,
        workforce,
        recruitment,
    })
}

/// Today's date, for days in stage, expiry alerts and retention periods.
pub fn today() -> Date {
    Utc::now().date_naive()
}

/// How the audit trail names a change made by the signed-in user.
pub fn request<'a>(signed_in: &'a SignedIn, description: &'a str) -> RecruitmentRequest<'a> {
    RecruitmentRequest {
        actor: &signed_in.user.email,
        action: CHANGE_ACTION,
        description,
    }
}

/// What of recruitment the signed-in user reaches: the whole council, or the
/// records of their own teams.
#[derive(Debug, Clone)]
pub struct RecruitmentReach {
    /// `None`: every team of the council (and records with no team); otherwise only
    /// these teams (empty for a role that reaches nobody).
    teams: Option<Vec<TeamId>>,
    /// Whether the user may change recruitment records.
    pub runs_recruitment: bool,
    /// Whether the user may see candidates' and attendees' personal data.
    pub sees_personal_data: bool,
}

impl RecruitmentReach {
    /// The reach of the signed-in user.
    pub fn new(signed_in: &SignedIn) -> Self {
        Self::of(&signed_in.user)
    }

    /// The reach of a user (signed in, or the user of an API token).
    pub fn of(user: &User) -> Self {
        let role = user.role;
        let teams = match role.reach() {
            PeopleReach::Council => None,
            PeopleReach::OwnTeams => Some(user.teams.clone()),
            PeopleReach::Themselves | PeopleReach::Nobody => Some(Vec::new()),
        };
        let runs = role.allows(Permission::RunRecruitment);
        Self {
            teams,
            runs_recruitment: runs,
            sees_personal_data: runs,
        }
    }

    /// Whether the user reaches the whole council.
    pub fn whole_council(&self) -> bool {
        self.teams.is_none()
    }

    /// Whether the user reaches a record of this team (`None`: no team, which only
    /// the whole council reaches).
    pub fn may_see_team(&self, team: Option<&TeamId>) -> bool {
        match (&self.teams, team) {
            (None, _) => true,
            (Some(teams), Some(team)) => teams.contains(team),
            (Some(_), None) => false,
        }
    }

    /// The council's teams the user reaches, by name.
    pub fn teams<'w>(&self, workforce: &'w Workforce) -> Vec<&'w Team> {
        let mut teams: Vec<&Team> = workforce
            .teams
            .iter()
            .filter(|team| self.may_see_team(Some(&team.id)))
            .collect();
        teams.sort_by(|a, b| (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id)));
        teams
    }

    /// The vacancies the user reaches, in the council's order.
    pub fn vacancies<'w>(&self, workforce: &'w Workforce) -> Vec<&'w Vacancy> {
        workforce
            .vacancies
            .iter()
            .filter(|vacancy| self.may_see_team(vacancy.team_id.as_ref()))
            .collect()
    }

    /// The vacancies the user reaches that count in the vacancy measures: as in
    /// `docs/measures.md`, only children's services' (a vacancy with no team counts as
    /// children's), so the figures agree with the dashboard and the measures JSON.
    pub fn counted_vacancies<'w>(&self, workforce: &'w Workforce) -> Vec<&'w Vacancy> {
        let adults_or_other: Vec<&TeamId> = workforce
            .teams
            .iter()
            .filter(|team| team.service != Service::Children)
            .map(|team| &team.id)
            .collect();
        self.vacancies(workforce)
            .into_iter()
            .filter(|vacancy| {
                vacancy
                    .team_id
                    .as_ref()
                    .is_none_or(|team| !adults_or_other.contains(&team))
            })
            .collect()
    }

    /// The vacancy with this ID, if the user reaches it; any other, in this council
    /// or not, is simply not found.
    pub fn find_vacancy<'w>(
        &self,
        workforce: &'w Workforce,
        id: &str,
    ) -> Result<&'w Vacancy, WebError> {
        let id = VacancyId::parse(id).map_err(|_| WebError::NotFound)?;
        workforce
            .vacancies
            .iter()
            .find(|vacancy| vacancy.id == id)
            .filter(|vacancy| self.may_see_team(vacancy.team_id.as_ref()))
            .ok_or(WebError::NotFound)
    }

    /// The posts the user reaches, in the council's order.
    pub fn posts<'r>(&self, recruitment: &'r Recruitment) -> Vec<&'r Post> {
        recruitment
            .posts
            .iter()
            .filter(|post| self.may_see_team(post.team_id.as_ref()))
            .collect()
    }

    /// The post with this ID, if the user reaches it.
    pub fn find_post<'r>(
        &self,
        recruitment: &'r Recruitment,
        id: &str,
    ) -> Result<&'r Post, WebError> {
        let id = PostId::parse(id).map_err(|_| WebError::NotFound)?;
        recruitment
            .posts
            .iter()
            .find(|post| post.id == id)
            .filter(|post| self.may_see_team(post.team_id.as_ref()))
            .ok_or(WebError::NotFound)
    }
}

/// A team's name, `No team` for none, or its ID when the council does not know it.
pub fn team_name(workforce: &Workforce, team: Option<&TeamId>) -> String {
    match team {
        None => "No team".to_owned(),
        Some(id) => workforce
            .teams
            .iter()
            .find(|t| &t.id == id)
            .map_or_else(|| id.to_string(), |t| t.name.clone()),
    }
}

/// The teams the user reaches as a select's choices, `current` chosen; with a first
/// choice of `empty_label` (value empty) when given.
pub fn team_choices(
    workforce: &Workforce,
    reach: &RecruitmentReach,
    current: &str,
    empty_label: Option<&str>,
) -> Vec<Choice> {
    empty_label
        .map(|label| Choice::new("", label, current))
        .into_iter()
        .chain(
            reach
                .teams(workforce)
                .into_iter()
                .map(|team| Choice::new(team.id.as_str(), team.name.clone(), current)),
        )
        .collect()
}

/// Which post a vacancy is for, if linked.
pub fn post_of<'r>(recruitment: &'r Recruitment, vacancy: &VacancyId) -> Option<&'r Post> {
    let link = recruitment
        .vacancy_posts
        .iter()
        .find(|link| &link.vacancy_id == vacancy)?;
    recruitment
        .posts
        .iter()
        .find(|post| post.id == link.post_id)
}

/// Why a change was not made, as sentences for the page, or the failure to report as
/// an error page.
pub fn refusal(error: RecruitmentChangeError) -> Result<Vec<String>, WebError> {
    refusal_messages(error).map_err(WebError::from)
}

/// Why a change was not made, as sentences, or the database's failure: for the pages
/// and the API alike.
pub fn refusal_messages(error: RecruitmentChangeError) -> Result<Vec<String>, StoreError> {
    match error {
        RecruitmentChangeError::Store(error) => Err(error),
        RecruitmentChangeError::Invalid(problems) => Ok(problems
            .shown()
            .iter()
            .map(|problem| sentence(&problem.message))
            .collect()),
        RecruitmentChangeError::Refused(_, error) => Ok(vec![sentence(&error.to_string())]),
    }
}

/// A message with its first letter in capitals.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An amount in pence as a page writes it: `£1,234.50`.
pub fn pounds(pence: u64) -> String {
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

/// Recruitment's home page.
pub const HOME_HREF: &str = "/recruitment";
/// The establishment: posts per team.
pub const POSTS_HREF: &str = "/recruitment/posts";
/// The vacancy board.
pub const VACANCIES_HREF: &str = "/recruitment/vacancies";
/// The vacancy measures.
pub const MEASURES_HREF: &str = "/recruitment/vacancies/measures";
/// Candidates.
pub const CANDIDATES_HREF: &str = "/recruitment/candidates";
/// Recruitment events.
pub const EVENTS_HREF: &str = "/recruitment/events";
/// University partnerships and placements.
pub const PLACEMENTS_HREF: &str = "/recruitment/placements";
/// University partners.
pub const UNIVERSITIES_HREF: &str = "/recruitment/universities";
/// International recruits.
pub const INTERNATIONAL_HREF: &str = "/recruitment/international";
/// Agency engagements.
pub const AGENCY_HREF: &str = "/recruitment/agency";

/// The link to a post's page.
pub fn post_href(post: &PostId) -> String {
    format!("{POSTS_HREF}/{}", encode(post.as_str()))
}

/// The link to a vacancy's page.
pub fn vacancy_href(vacancy: &VacancyId) -> String {
    format!("{VACANCIES_HREF}/{}", encode(vacancy.as_str()))
}

/// Where a vacancy's "Move to" form posts.
pub fn vacancy_stage_href(vacancy: &VacancyId) -> String {
    format!("{}/stage", vacancy_href(vacancy))
}

/// The link to a candidate's page.
pub fn candidate_href(candidate: &CandidateId) -> String {
    format!("{CANDIDATES_HREF}/{}", encode(candidate.as_str()))
}

/// The link to a recruitment event's page.
pub fn event_href(event: &EventId) -> String {
    format!("{EVENTS_HREF}/{}", encode(event.as_str()))
}

/// The link to a placement's page.
pub fn placement_href(placement: &PlacementId) -> String {
    format!("{PLACEMENTS_HREF}/{}", encode(placement.as_str()))
}

/// The link to a university's page.
pub fn university_href(university: &UniversityId) -> String {
    format!("{UNIVERSITIES_HREF}/{}", encode(university.as_str()))
}

/// The link to an international recruit's page.
pub fn international_href(worker: &WorkerId) -> String {
    format!("{INTERNATIONAL_HREF}/{}", encode(worker.as_str()))
}

/// The link to an agency engagement's page.
pub fn engagement_href(engagement: &EngagementId) -> String {
    format!("{AGENCY_HREF}/{}", encode(engagement.as_str()))
}

/// A vacancy's stage as a person reads it.
pub fn stage_label(stage: VacancyStage) -> &'static str {
    match stage {
        VacancyStage::NotRecruiting => "Not recruiting",
        VacancyStage::Advertised => "Advertised",
        VacancyStage::Shortlisting => "Shortlisting",
        VacancyStage::Interview => "Interview",
        VacancyStage::Offer => "Offer",
        VacancyStage::PreEmploymentChecks => "Pre-employment checks",
        VacancyStage::Filled => "Filled",
        VacancyStage::Withdrawn => "Withdrawn",
    }
}

/// Whether moving a vacancy to this stage closes it.
pub fn stage_closes(stage: VacancyStage) -> bool {
    matches!(stage, VacancyStage::Filled | VacancyStage::Withdrawn)
}

/// A candidate's stage as a person reads it.
pub fn candidate_stage_label(stage: CandidateStage) -> &'static str {
    match stage {
        CandidateStage::Applied => "Applied",
        CandidateStage::Shortlisted => "Shortlisted",
        CandidateStage::Interviewed => "Interviewed",
        CandidateStage::Offered => "Offered",
        CandidateStage::Accepted => "Accepted",
        CandidateStage::PreEmploymentChecks => "Pre-employment checks",
        CandidateStage::Started => "Started",
        CandidateStage::Withdrawn => "Withdrawn",
        CandidateStage::Rejected => "Rejected",
    }
}

/// Where a candidate came from, as a person reads it.
pub fn source_label(source: CandidateSource) -> &'static str {
    match source {
        CandidateSource::RecruitmentEvent => "Recruitment event",
        CandidateSource::UniversityPlacement => "University placement",
        CandidateSource::Advert => "Advert",
        CandidateSource::Overseas => "Overseas",
        CandidateSource::Referral => "Referral",
        CandidateSource::Returner => "Returner",
    }
}

/// A visa as a person reads it.
pub fn visa_label(visa: VisaType) -> &'static str {
    match visa {
        VisaType::HealthAndCareWorker => "Health and Care Worker visa",
        VisaType::SkilledWorker => "Skilled Worker visa",
        VisaType::Family => "Family or partner visa",
        VisaType::Other => "Another visa",
        VisaType::NotNeeded => "No visa needed",
    }
}

/// A Social Work England registration status as a person reads it.
pub fn swe_status_label(status: SweStatus) -> &'static str {
    match status {
        SweStatus::NotApplied => "Not applied",
        SweStatus::Applied => "Applied",
        SweStatus::Registered => "Registered",
        SweStatus::Refused => "Refused",
    }
}

/// How an international recruit is settling, as a person reads it.
pub fn settling_label(settling: Settling) -> &'static str {
    match settling {
        Settling::Well => "Settling well",
        Settling::SomeConcerns => "Some concerns",
        Settling::Struggling => "Struggling",
    }
}

/// A number of days as a sentence writes it: `1 day`, `12 days`.
pub fn days_text(days: i64) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_in_pounds_with_thousands_grouped() {
        assert_eq!(pounds(0), "£0.00");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(pounds(123_450), "£1,234.50");
        assert_eq!(pounds(100_000_000), "£1,000,000.00");
    }

    #[test]
    fn every_stage_has_a_label_and_only_filled_and_withdrawn_close() {
        for stage in VacancyStage::ALL {
            assert!(!stage_label(*stage).is_empty());
            assert_eq!(
                stage_closes(*stage),
                matches!(stage, VacancyStage::Filled | VacancyStage::Withdrawn)
            );
        }
        assert_eq!(days_text(1), "1 day");
        assert_eq!(days_text(0), "0 days");
    }
}
