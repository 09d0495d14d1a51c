//! Recruitment beyond the bulk format's vacancies, events and placements: the
//! establishment's posts, each vacancy's stage history, candidates and their stages,
//! events' times, costs and attendees, university partnerships, international
//! recruits and agency engagements under the DfE's rules.
//!
//! Vacancies, recruitment events and placements stay records of the workforce
//! ([`crate::records::Vacancy`], [`crate::records::RecruitmentEvent`],
//! [`crate::records::Placement`]), so imports, exports and the measures see them; this
//! module holds what only the recruitment pages and files carry.

pub mod agency;
pub mod candidates;
pub mod events;
pub mod international;
pub mod pipeline;
pub mod placements;

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::codes::{Role, VacancyStage};
use crate::council::CouncilCode;
use crate::ids::{
    CandidateId, EventId, PlacementId, PostId, TeamId, UniversityId, VacancyId, WorkerId,
};
use crate::values::{Date, Fte, SweNumber};

pub use agency::{AgencyBreach, AgencyEngagement, AgencyJobType, PriceCap, SignOff};

code_enum! {
    /// Where a candidate came from.
    CandidateSource {
        /// A recruitment event.
        RecruitmentEvent = "recruitment_event",
        /// A student placement with the council.
        UniversityPlacement = "university_placement",
        /// An advert.
        Advert = "advert",
        /// Recruited from overseas.
        Overseas = "overseas",
        /// Referred by someone (a staff referral scheme).
        Referral = "referral",
        /// A social worker returning to the council or to social work.
        Returner = "returner",
    }
}

code_enum! {
    /// How far a candidate has got.
    CandidateStage {
        /// Applied.
        Applied = "applied",
        /// Shortlisted.
        Shortlisted = "shortlisted",
        /// Interviewed.
        Interviewed = "interviewed",
        /// Offered the job.
        Offered = "offered",
        /// Accepted the offer.
        Accepted = "accepted",
        /// Going through pre-employment checks.
        PreEmploymentChecks = "pre_employment_checks",
        /// Started work: a worker of the council now.
        Started = "started",
        /// Withdrew.
        Withdrawn = "withdrawn",
        /// Not taken forward.
        Rejected = "rejected",
    }
}

impl CandidateStage {
    /// Whether the candidate's application has ended without a start (so their
    /// personal data fall under the retention period).
    pub fn unsuccessful(self) -> bool {
        matches!(self, Self::Withdrawn | Self::Rejected)
    }
}

code_enum! {
    /// An international recruit's visa.
    VisaType {
        /// Health and Care Worker visa.
        HealthAndCareWorker = "health_and_care_worker",
        /// Skilled Worker visa.
        SkilledWorker = "skilled_worker",
        /// A family or partner visa.
        Family = "family",
        /// Another visa.
        Other = "other",
        /// No visa needed (settled status, Irish citizen).
        NotNeeded = "not_needed",
    }
}

code_enum! {
    /// Where an international recruit's Social Work England registration stands.
    SweStatus {
        /// Not applied yet.
        NotApplied = "not_applied",
        /// Applied, not yet decided.
        Applied = "applied",
        /// Registered.
        Registered = "registered",
        /// Refused.
        Refused = "refused",
    }
}

code_enum! {
    /// How an international recruit is settling, at a check-in.
    Settling {
        /// Settling well.
        Well = "well",
        /// Some concerns to follow up.
        SomeConcerns = "some_concerns",
        /// Struggling: needs support now.
        Struggling = "struggling",
    }
}

/// A post of the establishment: a job in a team, funded or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// The council's ID for the post.
    pub id: PostId,
    /// Its title, e.g. `Social worker, Assessment team East`.
    pub title: String,
    /// The team.
    pub team_id: Option<TeamId>,
    /// The role.
    pub role: Role,
    /// The post's FTE.
    pub fte: Fte,
    /// Whether the post is funded in the budget.
    pub funded: bool,
}

/// Which post a vacancy is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VacancyPost {
    /// The vacancy.
    pub vacancy_id: VacancyId,
    /// The post.
    pub post_id: PostId,
}

/// One move of a vacancy to a stage: the history behind its current stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    /// The vacancy.
    pub vacancy_id: VacancyId,
    /// Its place in the vacancy's history, from 1.
    pub number: u32,
    /// The day it moved.
    pub on: Date,
    /// The stage it moved to.
    pub stage: VacancyStage,
    /// Who moved it.
    pub by: String,
}

/// A candidate for a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The council's ID for the candidate.
    pub id: CandidateId,
    /// Given name (emptied when anonymised).
    pub given_name: String,
    /// Family name (emptied when anonymised).
    pub family_name: String,
    /// Email address (emptied when anonymised).
    pub email: String,
    /// Telephone number (emptied when anonymised).
    pub phone: String,
    /// Where they came from.
    pub source: CandidateSource,
    /// The vacancy applied for.
    pub vacancy_id: Option<VacancyId>,
    /// The recruitment event they came from.
    pub event_id: Option<EventId>,
    /// The placement they were a student on.
    pub placement_id: Option<PlacementId>,
    /// The day they applied.
    pub applied_on: Date,
    /// Their current stage.
    pub stage: CandidateStage,
    /// Their Social Work England number, if registered.
    pub swe_number: Option<SweNumber>,
    /// The start date agreed, for the employment they will have.
    pub start_date: Option<Date>,
    /// The role they will have.
    pub role: Option<Role>,
    /// The team they will join.
    pub team_id: Option<TeamId>,
    /// The FTE they will work.
    pub fte: Option<Fte>,
    /// The worker record they became on starting.
    pub worker_id: Option<WorkerId>,
    /// The day their personal data were anonymised.
    pub anonymised_on: Option<Date>,
}

/// One move of a candidate to a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateStageChange {
    /// The candidate.
    pub candidate_id: CandidateId,
    /// Its place in the candidate's history, from 1.
    pub number: u32,
    /// The day they moved.
    pub on: Date,
    /// The stage they moved to.
    pub stage: CandidateStage,
    /// Who recorded it.
    pub by: String,
}

/// What a recruitment event's record in the bulk format does not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetails {
    /// The event.
    pub event_id: EventId,
    /// Its name, e.g. `Evening drop-in, Preston`.
    pub name: String,
    /// When it starts, London time.
    pub starts_at: Option<NaiveTime>,
    /// When it ends, London time.
    pub ends_at: Option<NaiveTime>,
    /// What it cost, in pence.
    pub cost_pence: Option<u64>,
}

/// Someone who came to a recruitment event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventAttendee {
    /// The event.
    pub event_id: EventId,
    /// Their place in the event's list, from 1.
    pub number: u32,
    /// Their name (emptied when anonymised).
    pub name: String,
    /// Their email address (emptied when anonymised).
    pub email: String,
    /// What they are interested in, e.g. `child protection, part time`.
    pub interested_in: String,
    /// The candidate they became, when they applied.
    pub candidate_id: Option<CandidateId>,
}

/// A university the council works with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct University {
    /// The council's ID for it.
    pub id: UniversityId,
    /// Its name, as placements write it.
    pub name: String,
    /// The council's contact there.
    pub contact: String,
    /// Since when the partnership runs.
    pub partner_since: Option<Date>,
}

/// What a placement's record in the bulk format does not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementDetails {
    /// The placement.
    pub placement_id: PlacementId,
    /// The student's practice educator.
    pub practice_educator: String,
}

/// A social worker recruited from overseas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternationalRecruit {
    /// The worker.
    pub worker_id: WorkerId,
    /// The country they came from.
    pub country: String,
    /// Their visa.
    pub visa_type: VisaType,
    /// When their right to work ends, if it does.
    pub right_to_work_expires: Option<Date>,
    /// Their Social Work England registration.
    pub swe_status: SweStatus,
    /// When they arrived in England.
    pub arrived_on: Option<Date>,
    /// Relocation support given (flights, housing, a relocation payment).
    pub relocation_support: String,
    /// A colleague who is their buddy.
    pub buddy_worker_id: Option<WorkerId>,
}

/// A check-in with an international recruit on how they are adjusting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    /// The worker.
    pub worker_id: WorkerId,
    /// Its place in their check-ins, from 1.
    pub number: u32,
    /// The day it was held.
    pub on: Date,
    /// Who held it.
    pub by: String,
    /// How they are settling.
    pub settling: Settling,
    /// What was discussed and agreed.
    pub notes: String,
}

/// A council's recruitment settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecruitmentSettings {
    /// Months after an unsuccessful application ends before the candidate's personal
    /// data are anonymised.
    pub anonymise_after_months: u32,
    /// Days before a right-to-work expiry that it is flagged.
    pub visa_alert_days: u32,
    /// The other councils of the council's region, for the agency cooling-off rule.
    pub region: Vec<CouncilCode>,
    /// The region's hourly price caps for agency work, by job type.
    pub price_caps: Vec<PriceCap>,
}

impl Default for RecruitmentSettings {
    fn default() -> Self {
        Self {
            anonymise_after_months: 6,
            visa_alert_days: 90,
            region: Vec::new(),
            price_caps: agency::default_price_caps(),
        }
    }
}

/// Everything of one council's recruitment that the bulk format does not carry.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Recruitment {
    /// The council's settings.
    pub settings: RecruitmentSettings,
    /// The establishment.
    pub posts: Vec<Post>,
    /// Which post each vacancy is for.
    pub vacancy_posts: Vec<VacancyPost>,
    /// Every vacancy's stage history.
    pub stage_changes: Vec<StageChange>,
    /// Candidates.
    pub candidates: Vec<Candidate>,
    /// Every candidate's stage history.
    pub candidate_stage_changes: Vec<CandidateStageChange>,
    /// Events' names, times and costs.
    pub event_details: Vec<EventDetails>,
    /// Events' attendees.
    pub attendees: Vec<EventAttendee>,
    /// University partners.
    pub universities: Vec<University>,
    /// Placements' practice educators.
    pub placement_details: Vec<PlacementDetails>,
    /// International recruits.
    pub international_recruits: Vec<InternationalRecruit>,
    /// Their check-ins.
    pub check_ins: Vec<CheckIn>,
    /// Agency engagements.
    pub engagements: Vec<AgencyEngagement>,
}

/// One change to a council's recruitment records. A store writes each as an upsert
/// (or delete) by the record's key.
#[derive(Debug, Clone, PartialEq)]
pub enum RecruitmentChange {
    /// Changes the settings.
    PutSettings(RecruitmentSettings),
    /// Adds or changes a post.
    PutPost(Post),
    /// Removes a post (and the links of vacancies to it).
    RemovePost(PostId),
    /// Links a vacancy to its post.
    PutVacancyPost(VacancyPost),
    /// Records a vacancy's move to a stage.
    PutStageChange(StageChange),
    /// Adds or changes a candidate.
    PutCandidate(Candidate),
    /// Records a candidate's move to a stage.
    PutCandidateStageChange(CandidateStageChange),
    /// Adds or changes an event's name, times and cost.
    PutEventDetails(EventDetails),
    /// Adds or changes an attendee.
    PutAttendee(EventAttendee),
    /// Removes an attendee.
    RemoveAttendee {
        /// The event.
        event_id: EventId,
        /// The attendee's number.
        number: u32,
    },
    /// Adds or changes a university partner.
    PutUniversity(University),
    /// Adds or changes a placement's practice educator.
    PutPlacementDetails(PlacementDetails),
    /// Adds or changes an international recruit.
    PutInternationalRecruit(InternationalRecruit),
    /// Adds or changes a check-in.
    PutCheckIn(CheckIn),
    /// Adds or changes an agency engagement.
    PutEngagement(AgencyEngagement),
}

/// A council's recruitment changes, for a store to write with the rest of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct RecruitmentChanges {
    /// The council.
    pub council: CouncilCode,
    /// The changes, in order.
    pub changes: Vec<RecruitmentChange>,
}

/// The most an event may cost, in pence: £999,999,999.99, what the event form takes
/// (sums of costs stay far inside a u64, and each cost inside the database's i64).
pub const MAX_EVENT_COST_PENCE: u64 = 99_999_999_999;

/// Why a recruitment change cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RecruitmentError {
    /// No such vacancy.
    #[error("there is no vacancy {0}")]
    NoVacancy(VacancyId),
    /// No such post.
    #[error("there is no post {0}")]
    NoPost(PostId),
    /// No such candidate.
    #[error("there is no candidate {0}")]
    NoCandidate(CandidateId),
    /// No such event.
    #[error("there is no recruitment event {0}")]
    NoEvent(EventId),
    /// No such placement.
    #[error("there is no placement {0}")]
    NoPlacement(PlacementId),
    /// No such team.
    #[error("there is no team {0}")]
    NoTeam(TeamId),
    /// No such worker.
    #[error("there is no worker {0}")]
    NoWorker(WorkerId),
    /// A required text is empty.
    #[error("{0} is empty")]
    Empty(&'static str),
    /// An event ends before it starts.
    #[error("the event must end after it starts")]
    EventTimes,
    /// An event's cost is more than any event costs (and more than the form takes).
    #[error("the event's cost must be at most £999,999,999.99")]
    EventCost,
    /// A post still has vacancies linked to it.
    #[error("post {0} has vacancies: link them to another post first")]
    PostInUse(PostId),
    /// An agency engagement ends before it starts.
    #[error("the engagement ends on {ends_on}, before it starts on {starts_on}")]
    EngagementDates {
        /// Start.
        starts_on: Date,
        /// End.
        ends_on: Date,
    },
    /// A stage change is dated before the vacancy opened.
    #[error("the stage change on {on} is before the vacancy opened on {opened_on}")]
    StageBeforeOpening {
        /// The change's date.
        on: Date,
        /// The vacancy's opening.
        opened_on: Date,
    },
    /// The settings are out of range.
    #[error("{0}")]
    Settings(String),
}

/// Replaces the record with the same key, or adds it.
fn put<T>(records: &mut Vec<T>, record: T, same_key: impl Fn(&T, &T) -> bool) {
    match records.iter_mut().find(|stored| same_key(stored, &record)) {
        Some(stored) => *stored = record,
        None => records.push(record),
    }
}

impl Recruitment {
    /// A vacancy's stage history, oldest first.
    pub fn history_of(&self, vacancy: &VacancyId) -> Vec<&StageChange> {
        let mut history: Vec<&StageChange> = self
            .stage_changes
            .iter()
            .filter(|change| &change.vacancy_id == vacancy)
            .collect();
        history.sort_by_key(|change| (change.on, change.number));
        history
    }

    /// The next free number in a vacancy's history.
    pub fn next_stage_number(&self, vacancy: &VacancyId) -> u32 {
        self.history_of(vacancy)
            .iter()
            .map(|c| c.number)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// A candidate's stage history, oldest first.
    pub fn candidate_history(&self, candidate: &CandidateId) -> Vec<&CandidateStageChange> {
        let mut history: Vec<&CandidateStageChange> = self
            .candidate_stage_changes
            .iter()
            .filter(|change| &change.candidate_id == candidate)
            .collect();
        history.sort_by_key(|change| (change.on, change.number));
        history
    }

    /// One candidate.
    pub fn candidate(&self, id: &CandidateId) -> Option<&Candidate> {
        self.candidates.iter().find(|c| &c.id == id)
    }

    /// An event's attendees, in list order.
    pub fn attendees_of(&self, event: &EventId) -> Vec<&EventAttendee> {
        let mut attendees: Vec<&EventAttendee> = self
            .attendees
            .iter()
            .filter(|a| &a.event_id == event)
            .collect();
        attendees.sort_by_key(|a| a.number);
        attendees
    }

    /// An event's name, times and cost, if recorded.
    pub fn event_details(&self, event: &EventId) -> Option<&EventDetails> {
        self.event_details.iter().find(|d| &d.event_id == event)
    }

    /// Checks a change against these records and the council's workforce, without
    /// applying it.
    pub fn check(
        &self,
        workforce: &crate::Workforce,
        change: &RecruitmentChange,
    ) -> Result<(), RecruitmentError> {
        let vacancy = |id: &VacancyId| {
            workforce
                .vacancies
                .iter()
                .find(|v| &v.id == id)
                .ok_or_else(|| RecruitmentError::NoVacancy(id.clone()))
        };
        let team = |id: &Option<TeamId>| match id {
            Some(id) if !workforce.teams.iter().any(|t| &t.id == id) => {
                Err(RecruitmentError::NoTeam(id.clone()))
            }
            _ => Ok(()),
        };
        let worker = |id: &WorkerId| {
            if workforce.workers.iter().any(|w| &w.id == id) {
                Ok(())
            } else {
                Err(RecruitmentError::NoWorker(id.clone()))
            }
        };
        let event = |id: &EventId| {
            if workforce.recruitment_events.iter().any(|e| &e.id == id) {
                Ok(())
            } else {
                Err(RecruitmentError::NoEvent(id.clone()))
            }
        };
        match change {
            RecruitmentChange::PutSettings(settings) => {
                if settings.anonymise_after_months == 0 || settings.anonymise_after_months > 120 {
                    return Err(RecruitmentError::Settings(
                        "anonymise after between 1 and 120 months".to_owned(),
                    ));
                }
                // Each council and job type once: a store keys them so.
                if let Some(member) = settings
                    .region
                    .iter()
                    .enumerate()
                    .find(|(index, member)| settings.region[..*index].contains(member))
                    .map(|(_, member)| member)
                {
                    return Err(RecruitmentError::Settings(format!(
                        "council {member} is listed twice in the region"
                    )));
                }
                if let Some(cap) = settings.price_caps.iter().enumerate().find(|(index, cap)| {
                    settings.price_caps[..*index]
                        .iter()
                        .any(|earlier| earlier.job_type == cap.job_type)
                }) {
                    return Err(RecruitmentError::Settings(format!(
                        "two price caps for {}",
                        cap.1.job_type.label().to_lowercase()
                    )));
                }
            }
            RecruitmentChange::PutPost(post) => {
                if post.title.trim().is_empty() {
                    return Err(RecruitmentError::Empty("the post's title"));
                }
                team(&post.team_id)?;
            }
            RecruitmentChange::RemovePost(id) => {
                if !self.posts.iter().any(|p| &p.id == id) {
                    return Err(RecruitmentError::NoPost(id.clone()));
                }
                if self.vacancy_posts.iter().any(|link| &link.post_id == id) {
                    return Err(RecruitmentError::PostInUse(id.clone()));
                }
            }
            RecruitmentChange::PutVacancyPost(link) => {
                vacancy(&link.vacancy_id)?;
                if !self.posts.iter().any(|p| p.id == link.post_id) {
                    return Err(RecruitmentError::NoPost(link.post_id.clone()));
                }
            }
            RecruitmentChange::PutStageChange(change) => {
                let opened_on = vacancy(&change.vacancy_id)?.open.start();
                if change.on < opened_on {
                    return Err(RecruitmentError::StageBeforeOpening {
                        on: change.on,
                        opened_on,
                    });
                }
            }
            RecruitmentChange::PutCandidate(candidate) => {
                if candidate.anonymised_on.is_none()
                    && candidate.given_name.trim().is_empty()
                    && candidate.family_name.trim().is_empty()
                {
                    return Err(RecruitmentError::Empty("the candidate's name"));
                }
                if let Some(id) = &candidate.vacancy_id {
                    vacancy(id)?;
                }
                if let Some(id) = &candidate.event_id {
                    event(id)?;
                }
                if let Some(id) = &candidate.placement_id
                    && !workforce.placements.iter().any(|p| &p.id == id)
                {
                    return Err(RecruitmentError::NoPlacement(id.clone()));
                }
                team(&candidate.team_id)?;
                if let Some(id) = &candidate.worker_id {
                    worker(id)?;
                }
            }
            RecruitmentChange::PutCandidateStageChange(change) => {
                if self.candidate(&change.candidate_id).is_none() {
                    return Err(RecruitmentError::NoCandidate(change.candidate_id.clone()));
                }
            }
            RecruitmentChange::PutEventDetails(details) => {
                event(&details.event_id)?;
                if let (Some(starts), Some(ends)) = (details.starts_at, details.ends_at)
                    && ends <= starts
                {
                    return Err(RecruitmentError::EventTimes);
                }
                if details
                    .cost_pence
                    .is_some_and(|pence| pence > MAX_EVENT_COST_PENCE)
                {
                    return Err(RecruitmentError::EventCost);
                }
            }
            RecruitmentChange::PutAttendee(attendee) => {
                event(&attendee.event_id)?;
                if let Some(id) = &attendee.candidate_id
                    && self.candidate(id).is_none()
                {
                    return Err(RecruitmentError::NoCandidate(id.clone()));
                }
            }
            RecruitmentChange::RemoveAttendee { event_id, .. } => event(event_id)?,
            RecruitmentChange::PutUniversity(university) => {
                if university.name.trim().is_empty() {
                    return Err(RecruitmentError::Empty("the university's name"));
                }
            }
            RecruitmentChange::PutPlacementDetails(details) => {
                if !workforce
                    .placements
                    .iter()
                    .any(|p| p.id == details.placement_id)
                {
                    return Err(RecruitmentError::NoPlacement(details.placement_id.clone()));
                }
            }
            RecruitmentChange::PutInternationalRecruit(recruit) => {
                worker(&recruit.worker_id)?;
                if let Some(buddy) = &recruit.buddy_worker_id {
                    worker(buddy)?;
                }
                if recruit.country.trim().is_empty() {
                    return Err(RecruitmentError::Empty("the country"));
                }
            }
            RecruitmentChange::PutCheckIn(check_in) => worker(&check_in.worker_id)?,
            RecruitmentChange::PutEngagement(engagement) => {
                if let Some(ends_on) = engagement.ends_on
                    && ends_on < engagement.starts_on
                {
                    return Err(RecruitmentError::EngagementDates {
                        starts_on: engagement.starts_on,
                        ends_on,
                    });
                }
                if engagement.worker_name.trim().is_empty() {
                    return Err(RecruitmentError::Empty("the agency worker's name"));
                }
                if let Some(id) = &engagement.vacancy_id {
                    vacancy(id)?;
                }
                team(&engagement.team_id)?;
            }
        }
        Ok(())
    }

    /// Applies a checked change.
    pub fn apply(&mut self, change: RecruitmentChange) {
        match change {
            RecruitmentChange::PutSettings(settings) => self.settings = settings,
            RecruitmentChange::PutPost(post) => put(&mut self.posts, post, |a, b| a.id == b.id),
            RecruitmentChange::RemovePost(id) => self.posts.retain(|p| p.id != id),
            RecruitmentChange::PutVacancyPost(link) => {
                put(&mut self.vacancy_posts, link, |a, b| {
                    a.vacancy_id == b.vacancy_id
                })
            }
            RecruitmentChange::PutStageChange(change) => {
                put(&mut self.stage_changes, change, |a, b| {
                    a.vacancy_id == b.vacancy_id && a.number == b.number
                })
            }
            RecruitmentChange::PutCandidate(candidate) => {
                put(&mut self.candidates, candidate, |a, b| a.id == b.id)
            }
            RecruitmentChange::PutCandidateStageChange(change) => {
                put(&mut self.candidate_stage_changes, change, |a, b| {
                    a.candidate_id == b.candidate_id && a.number == b.number
                })
            }
            RecruitmentChange::PutEventDetails(details) => {
                put(&mut self.event_details, details, |a, b| {
                    a.event_id == b.event_id
                })
            }
            RecruitmentChange::PutAttendee(attendee) => {
                put(&mut self.attendees, attendee, |a, b| {
                    a.event_id == b.event_id && a.number == b.number
                })
            }
            RecruitmentChange::RemoveAttendee { event_id, number } => self
                .attendees
                .retain(|a| !(a.event_id == event_id && a.number == number)),
            RecruitmentChange::PutUniversity(university) => {
                put(&mut self.universities, university, |a, b| a.id == b.id)
            }
            RecruitmentChange::PutPlacementDetails(details) => {
                put(&mut self.placement_details, details, |a, b| {
                    a.placement_id == b.placement_id
                })
            }
            RecruitmentChange::PutInternationalRecruit(recruit) => {
                put(&mut self.international_recruits, recruit, |a, b| {
                    a.worker_id == b.worker_id
                })
            }
            RecruitmentChange::PutCheckIn(check_in) => {
                put(&mut self.check_ins, check_in, |a, b| {
                    a.worker_id == b.worker_id && a.number == b.number
                })
            }
            RecruitmentChange::PutEngagement(engagement) => {
                put(&mut self.engagements, engagement, |a, b| a.id == b.id)
            }
        }
    }
}
