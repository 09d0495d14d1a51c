//! The recruitment team's own records for a demo council, as a recruitment officer
//! would have kept them up to the last day of history: the establishment's posts, the
//! stage history of every open or recent vacancy, candidates at every stage from every
//! source (those who started are the workers who started then; unsuccessful ones past
//! the retention period anonymised), recent events' details and attendees, university
//! partners and practice educators, international recruits with their visas and
//! check-ins, and agency engagements under the DfE's rules (some breaking each rule,
//! some of those signed off).
//!
//! It reads the generated workforce and draws from a stream of its own, so the
//! workforce comes out exactly as it did before recruitment was added.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveTime, Weekday};
use pathway_domain::codes::{Contract, PlacementNumber, PlacementOutcome, Role, Service};
use pathway_domain::codes::{StartOrigin, VacancyStage};
use pathway_domain::ids::{
    CandidateId, EngagementId, EventId, PlacementId, PostId, TeamId, UniversityId, WorkerId,
};
use pathway_domain::records::{Assignment, Employment, Placement, RecruitmentEvent, Vacancy};
use pathway_domain::recruitment::agency::{AgencyBreach, default_price_caps};
use pathway_domain::recruitment::candidates::{
    anonymise, anonymise_attendee, anonymise_from, last_moved,
};
use pathway_domain::recruitment::{
    AgencyEngagement, AgencyJobType, Candidate, CandidateSource, CandidateStage,
    CandidateStageChange, CheckIn, EventAttendee, EventDetails, InternationalRecruit,
    PlacementDetails, Post, Recruitment, RecruitmentChange, RecruitmentChanges,
    RecruitmentSettings, Settling, SignOff, StageChange, SweStatus, University, VacancyPost,
    VisaType,
};
use pathway_domain::values::{Date, Fte, add_months};
use pathway_domain::{CouncilCode, Workforce};

use crate::DemoOptions;
use crate::calendar::{days_between, next_monday, next_weekday, plus, years_before};
use crate::people::random_name;
use crate::random::Rng;

/// Mixed into the seed so recruitment's stream is unlike any council's own or the
/// academy's.
const RECRUITMENT_STREAM: u64 = 0x2EC2_017E_D5EE_D5AA;

/// Vacancies closed this many days before the last day of history (and every open
/// one) have their stage history and candidates kept in Pathway.
const HISTORY_DAYS: i64 = 540;

/// Events held this many days before the last day of history have their attendees.
const ATTENDEE_DAYS: i64 = 365;

/// Agency engagements running this many days before the last day of history are
/// recorded.
const ENGAGEMENT_DAYS: i64 = 365;

/// International recruits who arrived this many years before the last day of history
/// have their first year's check-ins.
const CHECK_IN_YEARS: u32 = 3;

/// Countries recruits come from when their qualification does not say.
const COUNTRIES: [(&str, f64); 5] = [
    ("Zimbabwe", 30.0),
    ("South Africa", 25.0),
    ("India", 20.0),
    ("Nigeria", 15.0),
    ("USA", 10.0),
];

/// Countries whose citizens settled here before 2021 need no visa.
const SETTLED: [&str; 1] = ["Romania"];

const RELOCATION: [&str; 5] = [
    "Flights, four weeks' furnished housing and a relocation payment",
    "Flights and a relocation payment",
    "Visa fees, flights and eight weeks' housing",
    "Relocation payment and help finding a school place",
    "Flights and six weeks' housing",
];

const CHECK_IN_NOTES: [(Settling, &[&str]); 3] = [
    (
        Settling::Well,
        &[
            "Settling well; enjoying the team and the work.",
            "Confident with the case recording system now; family settled.",
            "Going well; asked about the ASYE-style support for overseas staff.",
        ],
    ),
    (
        Settling::SomeConcerns,
        &[
            "Finding housing costs hard; buddy to help with the search.",
            "Unsure of English family court processes; court skills training booked.",
            "Missing family at home; wellbeing offer discussed.",
        ],
    ),
    (
        Settling::Struggling,
        &[
            "Struggling with caseload and isolation; caseload reduced and weekly check-ins agreed.",
            "Difficulties with childcare; flexible hours agreed for a month.",
        ],
    ),
];

const INTERESTS: [&str; 8] = [
    "child protection",
    "children looked after",
    "assessment, part time",
    "fostering",
    "ASYE places",
    "returning to social work",
    "disabled children",
    "leaving care",
];

const AGENCIES: [&str; 5] = [
    "Social Care Staffing Ltd",
    "Northern Locums",
    "Children First Recruitment",
    "Practice Plus Agency",
    "Sector Social Work Solutions",
];

const SIGN_OFF_REASONS: [&str; 4] = [
    "Court work in the team cannot wait for a permanent appointment",
    "No other cover available for the child protection team this month",
    "Specialist experience needed for a complex case",
    "Agreed by the regional memorandum's exceptions panel",
];

/// How a post's role reads in its title.
fn role_title(role: Role) -> &'static str {
    match role {
        Role::Asye | Role::SocialWorker => "Social worker",
        Role::SeniorSocialWorker => "Senior social worker",
        Role::AdvancedPractitioner => "Advanced practitioner",
        Role::PracticeSupervisor => "Practice supervisor",
        Role::TeamManager => "Team manager",
        Role::ServiceManager => "Service manager",
        Role::SeniorManager => "Head of service",
        Role::PrincipalSocialWorker => "Principal social worker",
        Role::QualifiedNoCases => "Social worker (no cases)",
        Role::Other => "Post",
    }
}

/// The role of the post a worker holds: a newly qualified worker holds a social
/// worker's post.
fn post_role(role: Role) -> Role {
    if role == Role::Asye {
        Role::SocialWorker
    } else {
        role
    }
}

/// The job type the price caps give an agency worker in a role.
fn job_type(role: Role) -> AgencyJobType {
    match role {
        Role::SeniorSocialWorker | Role::PracticeSupervisor => AgencyJobType::SeniorSocialWorker,
        Role::AdvancedPractitioner => AgencyJobType::AdvancedPractitioner,
        Role::TeamManager | Role::ServiceManager | Role::SeniorManager => {
            AgencyJobType::TeamManager
        }
        Role::QualifiedNoCases => AgencyJobType::IroOrChair,
        _ => AgencyJobType::SocialWorker,
    }
}

fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

/// An invented email address for a name.
fn email(name: &str, number: u32) -> String {
    let local: String = name
        .to_lowercase()
        .split_whitespace()
        .map(|part| part.chars().filter(char::is_ascii_alphanumeric).collect())
        .collect::<Vec<String>>()
        .join(".");
    format!("{local}{}@example.com", number % 100)
}

/// A telephone number from Ofcom's range for drama, so it rings nobody.
fn phone(number: u32) -> String {
    format!("07700 900{:03}", number % 1000)
}

/// `months` months before `date`.
fn months_before(date: Date, months: u32) -> Date {
    date.checked_sub_months(Months::new(months))
        .expect("demo dates stay within chrono's range")
}

/// A demo council's recruitment as it stands on `options.until`, for the workforce
/// that [`crate::generate`] made for it with the same options.
pub fn generate_recruitment(workforce: &Workforce, options: &DemoOptions) -> Recruitment {
    let mut rng = Rng::for_stream(
        options.seed ^ RECRUITMENT_STREAM,
        u64::from(workforce.council.number()),
    );
    let officers = (0..3).map(|_| random_name(&mut rng)).collect();
    let head_of_service = random_name(&mut rng);
    let mut story = RecruitmentStory {
        rng,
        until: options.until,
        workforce,
        officers,
        head_of_service,
        recruitment: Recruitment::default(),
        started: HashSet::new(),
        posts_of_workers: HashMap::new(),
    };
    story.settings();
    story.posts();
    story.event_details();
    story.attendees();
    story.vacancies();
    story.anonymise();
    story.universities();
    story.practice_educators();
    story.international_recruits();
    story.engagements();
    story.recruitment
}

/// The changes that write a generated recruitment into a council that has none, in
/// an order the checks accept (posts before the links to them, candidates before the
/// attendees who became them).
pub fn recruitment_changes(council: CouncilCode, recruitment: &Recruitment) -> RecruitmentChanges {
    let r = recruitment.clone();
    let changes = std::iter::once(RecruitmentChange::PutSettings(r.settings))
        .chain(r.posts.into_iter().map(RecruitmentChange::PutPost))
        .chain(
            r.vacancy_posts
                .into_iter()
                .map(RecruitmentChange::PutVacancyPost),
        )
        .chain(
            r.stage_changes
                .into_iter()
                .map(RecruitmentChange::PutStageChange),
        )
        .chain(
            r.candidates
                .into_iter()
                .map(RecruitmentChange::PutCandidate),
        )
        .chain(
            r.candidate_stage_changes
                .into_iter()
                .map(RecruitmentChange::PutCandidateStageChange),
        )
        .chain(
            r.event_details
                .into_iter()
                .map(RecruitmentChange::PutEventDetails),
        )
        .chain(r.attendees.into_iter().map(RecruitmentChange::PutAttendee))
        .chain(
            r.universities
                .into_iter()
                .map(RecruitmentChange::PutUniversity),
        )
        .chain(
            r.placement_details
                .into_iter()
                .map(RecruitmentChange::PutPlacementDetails),
        )
        .chain(
            r.international_recruits
                .into_iter()
                .map(RecruitmentChange::PutInternationalRecruit),
        )
        .chain(r.check_ins.into_iter().map(RecruitmentChange::PutCheckIn))
        .chain(
            r.engagements
                .into_iter()
                .map(RecruitmentChange::PutEngagement),
        )
        .collect();
    RecruitmentChanges { council, changes }
}

/// The days a vacancy moved through its stages, as far as it got.
#[derive(Debug, Default, Clone, Copy)]
struct Milestones {
    advertised: Option<Date>,
    shortlisting: Option<Date>,
    interview: Option<Date>,
    offer: Option<Date>,
    checks: Option<Date>,
    filled: Option<Date>,
}

struct RecruitmentStory<'w> {
    rng: Rng,
    until: Date,
    workforce: &'w Workforce,
    /// The recruitment officers who move vacancies and candidates.
    officers: Vec<String>,
    /// Who signs off agency engagements that break the rules.
    head_of_service: String,
    recruitment: Recruitment,
    /// Workers already linked to a started candidate.
    started: HashSet<WorkerId>,
    /// The post each worker in post on the last day holds.
    posts_of_workers: HashMap<WorkerId, PostId>,
}

impl<'w> RecruitmentStory<'w> {
    fn officer(&mut self) -> String {
        self.rng.pick(&self.officers).clone()
    }

    /// The first assignment of an employment.
    fn first_assignment(&self, employment: &Employment) -> Option<&'w Assignment> {
        let workforce: &'w Workforce = self.workforce;
        workforce
            .assignments
            .iter()
            .filter(|a| &a.employment_id == employment.id())
            .min_by_key(|a| a.span.start())
    }

    /// The region: the council's neighbours among the demo councils' codes (the other
    /// councils of its block of ten), with the default caps and retention.
    fn settings(&mut self) {
        let own = self.workforce.council.number();
        let block = own / 10 * 10;
        let mut region: Vec<CouncilCode> = (block..block + 10)
            .filter(|&code| code != own && self.rng.chance(0.5))
            .filter_map(|code| CouncilCode::parse(&code.to_string()).ok())
            .collect();
        if region.is_empty() {
            let neighbour = if own % 10 == 9 { own - 1 } else { own + 1 };
            region.extend(CouncilCode::parse(&neighbour.to_string()).ok());
        }
        self.recruitment.settings = RecruitmentSettings {
            region,
            ..RecruitmentSettings::default()
        };
    }

    /// A post for each of the council's own workers in a children's team on the last
    /// day, and one for each open vacancy (linked to it); a few are unfunded.
    fn posts(&mut self) {
        let workforce = self.workforce;
        let until = self.until;
        let in_post: HashMap<_, _> = workforce
            .employments
            .iter()
            .filter(|e| e.span().covers(until))
            .map(|e| (e.id(), e.worker_id()))
            .collect();
        for team in workforce
            .teams
            .iter()
            .filter(|t| t.service == Service::Children)
        {
            for assignment in workforce.assignments.iter().filter(|a| {
                a.span.covers(until)
                    && a.contract != Contract::Agency
                    && a.team_id.as_ref() == Some(&team.id)
            }) {
                let Some(&worker) = in_post.get(&assignment.employment_id) else {
                    continue;
                };
                let funded = !self.rng.chance(0.03);
                let id = self.add_post(
                    post_role(assignment.role),
                    Some(&team.id),
                    &team.name,
                    assignment.fte,
                    funded,
                );
                self.posts_of_workers.insert(worker.clone(), id);
            }
            for vacancy in workforce
                .vacancies
                .iter()
                .filter(|v| v.open.end().is_none() && v.team_id.as_ref() == Some(&team.id))
            {
                let funded = vacancy.stage != VacancyStage::NotRecruiting || self.rng.chance(0.4);
                let id = self.add_post(
                    vacancy.role,
                    Some(&team.id),
                    &team.name,
                    vacancy.fte,
                    funded,
                );
                self.link(vacancy, id);
            }
        }
        for vacancy in workforce
            .vacancies
            .iter()
            .filter(|v| v.open.end().is_none() && v.team_id.is_none())
        {
            let id = self.add_post(vacancy.role, None, "team to be decided", vacancy.fte, true);
            self.link(vacancy, id);
        }
    }

    fn add_post(
        &mut self,
        role: Role,
        team: Option<&TeamId>,
        team_name: &str,
        fte: Fte,
        funded: bool,
    ) -> PostId {
        let number = self.recruitment.posts.len() + 1;
        let id = PostId::parse(&format!("P{number:04}")).expect("demo post IDs are well formed");
        self.recruitment.posts.push(Post {
            id: id.clone(),
            title: format!("{}, {team_name}", role_title(role)),
            team_id: team.cloned(),
            role,
            fte,
            funded,
        });
        id
    }

    fn link(&mut self, vacancy: &Vacancy, post_id: PostId) {
        self.recruitment.vacancy_posts.push(VacancyPost {
            vacancy_id: vacancy.id.clone(),
            post_id,
        });
    }

    /// Every event's name, times and cost: out-of-hours events on Saturdays or
    /// weekday evenings.
    fn event_details(&mut self) {
        let workforce = self.workforce;
        for event in &workforce.recruitment_events {
            let online = event.location.starts_with("Online");
            let fair = event.location.starts_with("University careers fair");
            let saturday = event.held_on.weekday() == Weekday::Sat;
            let (kind, starts_at, ends_at) = match event.out_of_hours {
                Some(true) if saturday => ("Saturday open day", at(10, 0), at(14, 0)),
                Some(true) => (
                    if online {
                        "Evening online information session"
                    } else {
                        "Evening drop-in"
                    },
                    *self.rng.pick(&[at(17, 30), at(18, 0)]),
                    at(20, 0),
                ),
                _ if fair => ("University careers fair stand", at(10, 0), at(15, 0)),
                _ if online => ("Online information session", at(12, 0), at(13, 30)),
                _ => ("Meet the teams day", at(10, 0), at(15, 30)),
            };
            let cost = if online {
                self.rng.between(0, 60) * 100
            } else if event.location.contains("Football Club") {
                self.rng.between(1_500, 3_000) * 100
            } else {
                self.rng.between(150, 900) * 100
            };
            let cost_pence = (!self.rng.chance(0.08)).then_some(cost.unsigned_abs());
            self.recruitment.event_details.push(EventDetails {
                event_id: event.id.clone(),
                name: format!("{kind}, {}", event.held_on.format("%B %Y")),
                starts_at: Some(starts_at),
                ends_at: Some(ends_at),
                cost_pence,
            });
        }
    }

    /// The people who came to each recent event, as many as its record counts.
    fn attendees(&mut self) {
        let from = plus(self.until, -ATTENDEE_DAYS);
        let workforce = self.workforce;
        for event in workforce
            .recruitment_events
            .iter()
            .filter(|e| e.held_on > from && e.held_on <= self.until)
        {
            let count = event
                .attendees
                .unwrap_or_else(|| self.rng.between(8, 30) as u32);
            for number in 1..=count {
                let name = random_name(&mut self.rng);
                let interested_in = (*self.rng.pick(&INTERESTS)).to_owned();
                self.recruitment.attendees.push(EventAttendee {
                    event_id: event.id.clone(),
                    number,
                    email: email(&name, number),
                    name,
                    interested_in,
                    candidate_id: None,
                });
            }
        }
    }

    /// Stage histories and candidates of every open vacancy and every vacancy closed
    /// recently; recently filled ones are linked to the post of the worker who filled
    /// them.
    fn vacancies(&mut self) {
        let workforce = self.workforce;
        let from = plus(self.until, -HISTORY_DAYS);
        for vacancy in workforce
            .vacancies
            .iter()
            .filter(|v| v.open.end().is_none_or(|closed| closed > from))
        {
            let milestones = self.stage_history(vacancy);
            let starter = (vacancy.stage == VacancyStage::Filled)
                .then(|| self.starter_of(vacancy))
                .flatten();
            if vacancy.open.end().is_some() && vacancy.stage == VacancyStage::Filled {
                let post = starter
                    .and_then(|(employment, _)| self.posts_of_workers.get(employment.worker_id()))
                    .cloned()
                    .or_else(|| self.post_like(vacancy));
                if let Some(post) = post {
                    self.link(vacancy, post);
                }
            }
            self.candidates(vacancy, milestones, starter);
        }
    }

    /// A post of the vacancy's team and role, for a filled vacancy whose starter holds
    /// none now.
    fn post_like(&mut self, vacancy: &Vacancy) -> Option<PostId> {
        let posts: Vec<PostId> = self
            .recruitment
            .posts
            .iter()
            .filter(|p| p.team_id == vacancy.team_id && p.role == vacancy.role)
            .map(|p| p.id.clone())
            .collect();
        (!posts.is_empty()).then(|| self.rng.pick(&posts).clone())
    }

    /// The employment (and its first assignment) that filled a vacancy: a start on the
    /// day it closed, in its team, in its role (or starting the ASYE in a social
    /// worker's post), not yet claimed by another vacancy.
    fn starter_of(&mut self, vacancy: &Vacancy) -> Option<(&'w Employment, &'w Assignment)> {
        let closed = vacancy.open.end()?;
        let workforce: &'w Workforce = self.workforce;
        let found = workforce.employments.iter().find_map(|employment| {
            if employment.span().start() != closed || self.started.contains(employment.worker_id())
            {
                return None;
            }
            let first = self.first_assignment(employment)?;
            let fits = first.contract != Contract::Agency
                && first.team_id == vacancy.team_id
                && post_role(first.role) == post_role(vacancy.role);
            fits.then_some((employment, first))
        })?;
        self.started.insert(found.0.worker_id().clone());
        Some(found)
    }

    /// A vacancy's moves from the day it opened to its stage on the last day (or its
    /// closing), with each stage taking a share of the time it fits; a vacancy long
    /// open went back to advertising after interviews found nobody.
    fn stage_history(&mut self, vacancy: &Vacancy) -> Milestones {
        use VacancyStage::*;
        let opened = vacancy.open.start();
        let end = vacancy.open.end().unwrap_or(self.until);
        let days = days_between(opened, end);
        let ladder = [
            Advertised,
            Shortlisting,
            Interview,
            Offer,
            PreEmploymentChecks,
        ];
        let reached = |stage: VacancyStage| ladder.iter().position(|s| *s == stage);
        let mut path: Vec<VacancyStage> = Vec::new();
        match vacancy.stage {
            NotRecruiting => {
                if days > 120 && self.rng.chance(0.5) {
                    path.push(Advertised);
                }
                path.push(NotRecruiting);
            }
            Withdrawn => {
                path.push(Advertised);
                if days > 45 && self.rng.chance(0.5) {
                    path.push(Shortlisting);
                }
                path.push(Withdrawn);
            }
            stage => {
                let last = reached(stage).unwrap_or(ladder.len() - 1);
                let rounds = (days / 240).clamp(0, 2);
                for _ in 0..rounds {
                    path.extend([Advertised, Shortlisting, Interview]);
                }
                path.extend(ladder[..=last].iter().copied());
                if stage == Filled {
                    path.push(Filled);
                }
            }
        }
        let weight = |stage: VacancyStage| match stage {
            Advertised => 4.0,
            Shortlisting => 1.5,
            Interview => 2.0,
            Offer => 1.0,
            PreEmploymentChecks => 3.5,
            _ => 2.0,
        };
        let closed = vacancy.open.end().is_some();
        // A closed vacancy's last move is on its closing day; an open one's current
        // stage runs on to the last day.
        let timed = if closed { path.len() - 1 } else { path.len() };
        let weights: Vec<f64> = path[..timed]
            .iter()
            .map(|stage| weight(*stage) * self.rng.uniform(0.6, 1.4))
            .collect();
        let total: f64 = weights.iter().sum();
        let mut elapsed = 0.0;
        let mut previous = opened;
        let mut milestones = Milestones::default();
        for (index, stage) in path.iter().enumerate() {
            let on = if index == 0 {
                opened
            } else if closed && index == path.len() - 1 {
                end
            } else {
                elapsed += weights[index - 1];
                let offset = (days as f64 * elapsed / total).round() as i64;
                next_weekday(plus(opened, offset)).min(end).max(previous)
            };
            previous = on;
            // A new round of advertising starts the milestones again: the last round
            // counts, earlier rounds found nobody.
            if *stage == Advertised {
                milestones = Milestones::default();
            }
            let slot = match stage {
                Advertised => Some(&mut milestones.advertised),
                Shortlisting => Some(&mut milestones.shortlisting),
                Interview => Some(&mut milestones.interview),
                Offer => Some(&mut milestones.offer),
                PreEmploymentChecks => Some(&mut milestones.checks),
                Filled => Some(&mut milestones.filled),
                _ => None,
            };
            if let Some(slot) = slot {
                *slot = Some(on);
            }
            let by = self.officer();
            self.recruitment.stage_changes.push(StageChange {
                vacancy_id: vacancy.id.clone(),
                number: (index + 1) as u32,
                on,
                stage: *stage,
                by,
            });
        }
        milestones
    }

    fn next_candidate_id(&self) -> CandidateId {
        CandidateId::parse(&format!("C{:05}", self.recruitment.candidates.len() + 1))
            .expect("demo candidate IDs are well formed")
    }

    /// A recent event an applicant on `applied_on` could have come from, with an
    /// attendee who has not applied yet: the attendee's number.
    fn event_before(&mut self, applied_on: Date) -> Option<(EventId, u32)> {
        let workforce = self.workforce;
        let events: Vec<&RecruitmentEvent> = workforce
            .recruitment_events
            .iter()
            .filter(|e| {
                e.held_on <= applied_on
                    && days_between(e.held_on, applied_on) <= 150
                    && self
                        .recruitment
                        .attendees
                        .iter()
                        .any(|a| a.event_id == e.id && a.candidate_id.is_none())
            })
            .collect();
        if events.is_empty() {
            return None;
        }
        let event = self.rng.pick(&events).id.clone();
        let free: Vec<u32> = self
            .recruitment
            .attendees
            .iter()
            .filter(|a| a.event_id == event && a.candidate_id.is_none())
            .map(|a| a.number)
            .collect();
        let number = *self.rng.pick(&free);
        Some((event, number))
    }

    /// A final placement whose student could apply on `applied_on`.
    fn placement_before(&mut self, applied_on: Date) -> Option<PlacementId> {
        let workforce = self.workforce;
        let placements: Vec<&Placement> = workforce
            .placements
            .iter()
            .filter(|p| {
                p.number == PlacementNumber::Final
                    && p.hired_worker_id.is_none()
                    && p.span.start() < applied_on
                    && days_between(p.span.start(), applied_on) <= 365
                    && p.outcome != Some(PlacementOutcome::Accepted)
            })
            .collect();
        (!placements.is_empty()).then(|| self.rng.pick(&placements).id.clone())
    }

    /// Where the worker who filled a vacancy came from, as a candidate's source.
    fn starter_source(
        &mut self,
        employment: &Employment,
    ) -> (CandidateSource, Option<PlacementId>) {
        let worker = employment.worker_id();
        if let Some(placement) = self
            .workforce
            .placements
            .iter()
            .find(|p| p.hired_worker_id.as_ref() == Some(worker))
        {
            return (
                CandidateSource::UniversityPlacement,
                Some(placement.id.clone()),
            );
        }
        let came_back = self.workforce.employments.iter().any(|e| {
            e.worker_id() == worker
                && e.span()
                    .end()
                    .is_some_and(|end| end < employment.span().start())
        });
        let source = if came_back {
            CandidateSource::Returner
        } else if employment.start_origin() == Some(StartOrigin::OutsideEngland) {
            CandidateSource::Overseas
        } else {
            self.rng.weighted(&[
                (CandidateSource::Advert, 60.0),
                (CandidateSource::Referral, 15.0),
                (CandidateSource::RecruitmentEvent, 25.0),
            ])
        };
        (source, None)
    }

    /// A vacancy's candidates: the worker who filled it, if it was filled, and others
    /// who applied and went as far as the vacancy's stage allows, or dropped out.
    fn candidates(
        &mut self,
        vacancy: &Vacancy,
        m: Milestones,
        starter: Option<(&'w Employment, &'w Assignment)>,
    ) {
        let Some(advertised) = m.advertised else {
            return;
        };
        // A frozen post's applicants are not followed up.
        if vacancy.stage == VacancyStage::NotRecruiting {
            return;
        }
        // Applications close when shortlisting starts.
        let end = vacancy.open.end().unwrap_or(self.until);
        let closes = m.shortlisting.unwrap_or(end).max(advertised);
        // Adverts run for up to eight weeks.
        let advertised = advertised.max(plus(closes, -56));
        let window = days_between(advertised, closes).max(0);
        if let Some((employment, assignment)) = starter {
            let applied_on =
                next_weekday(plus(advertised, self.rng.between(0, window))).min(closes);
            let (source, placement_id) = self.starter_source(employment);
            let worker = self
                .workforce
                .workers
                .iter()
                .find(|w| &w.id == employment.worker_id());
            let (given_name, family_name, swe_number) = worker.map_or_else(
                || ("Unknown".to_owned(), String::new(), None),
                |w| {
                    (
                        w.given_name.clone(),
                        w.family_name.clone(),
                        w.swe_number.clone(),
                    )
                },
            );
            let number = self.recruitment.candidates.len() as u32 + 1;
            let name = format!("{given_name} {family_name}");
            let candidate = Candidate {
                id: self.next_candidate_id(),
                email: email(&name, number),
                phone: phone(number),
                given_name,
                family_name,
                source,
                vacancy_id: Some(vacancy.id.clone()),
                event_id: None,
                placement_id,
                applied_on,
                stage: CandidateStage::Started,
                swe_number,
                start_date: Some(employment.span().start()),
                role: Some(assignment.role),
                team_id: assignment.team_id.clone(),
                fte: Some(assignment.fte),
                worker_id: Some(employment.worker_id().clone()),
                anonymised_on: None,
            };
            let mut moves = vec![(applied_on, CandidateStage::Applied)];
            self.journey(&m, CandidateStage::Started, &mut moves);
            self.add_candidate(candidate, moves);
        }
        let others = self.rng.between(1, 5);
        let mut offered = starter.is_some();
        for _ in 0..others {
            let applied_on = next_weekday(plus(advertised, self.rng.between(0, window)));
            if applied_on > self.until {
                continue;
            }
            let (stage, ended) = self.outcome(vacancy, &m, offered);
            offered |= matches!(
                stage,
                CandidateStage::Offered
                    | CandidateStage::Accepted
                    | CandidateStage::PreEmploymentChecks
            );
            self.other_candidate(vacancy, &m, applied_on, stage, ended);
        }
    }

    /// How far an applicant who did not start got: with the vacancy's stage on the last
    /// day for an open one; never a second offer.
    fn outcome(
        &mut self,
        vacancy: &Vacancy,
        m: &Milestones,
        offered: bool,
    ) -> (CandidateStage, Option<Date>) {
        use CandidateStage::*;
        let open = vacancy.open.end().is_none();
        if open {
            let still_in = match vacancy.stage {
                VacancyStage::Shortlisting | VacancyStage::Advertised => Applied,
                VacancyStage::Interview => *self.rng.pick(&[Shortlisted, Interviewed]),
                // An offer out may have been accepted already.
                VacancyStage::Offer if !offered => {
                    self.rng.weighted(&[(Offered, 60.0), (Accepted, 40.0)])
                }
                VacancyStage::PreEmploymentChecks if !offered => self
                    .rng
                    .weighted(&[(Accepted, 30.0), (PreEmploymentChecks, 70.0)]),
                _ => Interviewed,
            };
            let holds_offer = matches!(still_in, Offered | Accepted | PreEmploymentChecks);
            let drops = !holds_offer && self.rng.chance(0.45);
            if !drops || still_in == Applied && m.shortlisting.is_none() {
                return (still_in, None);
            }
        }
        let rejected_on = match (m.shortlisting, m.interview) {
            (_, Some(interview)) if self.rng.chance(0.5) => plus(interview, self.rng.between(1, 6)),
            (Some(shortlisting), _) => shortlisting,
            _ => m.advertised.unwrap_or(vacancy.open.start()),
        };
        let stage = if self.rng.chance(0.3) {
            Withdrawn
        } else {
            Rejected
        };
        (stage, Some(rejected_on.min(self.until)))
    }

    /// The moves of a candidate along the vacancy's milestones to `stage`.
    fn journey(
        &mut self,
        m: &Milestones,
        stage: CandidateStage,
        moves: &mut Vec<(Date, CandidateStage)>,
    ) {
        use CandidateStage::*;
        let applied = moves.first().map_or(self.until, |(on, _)| *on);
        let steps = [
            (Shortlisted, m.shortlisting),
            (Interviewed, m.interview),
            (Offered, m.offer),
            (
                Accepted,
                m.offer
                    .map(|on| next_weekday(plus(on, self.rng.between(1, 5)))),
            ),
            (PreEmploymentChecks, m.checks),
            (Started, m.filled),
        ];
        let target = steps.iter().position(|(s, _)| *s == stage);
        let Some(target) = target else {
            return;
        };
        let mut previous = applied;
        for (step, day) in &steps[..=target] {
            let Some(day) = day else {
                continue;
            };
            let on = (*day).max(previous).min(self.until);
            moves.push((on, *step));
            previous = on;
        }
    }

    /// An applicant who did not start: their moves to `stage` (ended on `ended` when
    /// they withdrew or were rejected), their source and their details.
    fn other_candidate(
        &mut self,
        vacancy: &Vacancy,
        m: &Milestones,
        applied_on: Date,
        stage: CandidateStage,
        ended: Option<Date>,
    ) {
        use CandidateStage::*;
        let mut moves = vec![(applied_on, Applied)];
        match ended {
            Some(on) => {
                // As far as they got before the day it ended.
                let before = [(Shortlisted, m.shortlisting), (Interviewed, m.interview)];
                let mut previous = applied_on;
                for (step, day) in before {
                    if let Some(day) = day
                        && day < on
                        && day >= previous
                    {
                        moves.push((day, step));
                        previous = day;
                    }
                }
                moves.push((on.max(previous), stage));
            }
            None => self.journey(m, stage, &mut moves),
        }
        let mut source = self.rng.weighted(&[
            (CandidateSource::Advert, 40.0),
            (CandidateSource::RecruitmentEvent, 20.0),
            (CandidateSource::UniversityPlacement, 10.0),
            (CandidateSource::Overseas, 12.0),
            (CandidateSource::Referral, 10.0),
            (CandidateSource::Returner, 8.0),
        ]);
        let mut event = None;
        let mut placement_id = None;
        match source {
            CandidateSource::RecruitmentEvent => match self.event_before(applied_on) {
                Some(found) => event = Some(found),
                None => source = CandidateSource::Advert,
            },
            CandidateSource::UniversityPlacement => match self.placement_before(applied_on) {
                Some(found) => placement_id = Some(found),
                None => source = CandidateSource::Advert,
            },
            _ => {}
        }
        let name = match (&event, &placement_id) {
            (Some((event_id, number)), _) => self
                .recruitment
                .attendees
                .iter()
                .find(|a| &a.event_id == event_id && a.number == *number)
                .map(|a| a.name.clone()),
            (None, Some(placement)) => self
                .workforce
                .placements
                .iter()
                .find(|p| &p.id == placement)
                .map(|p| p.student_name.clone()),
            _ => None,
        }
        .unwrap_or_else(|| random_name(&mut self.rng));
        let (given_name, family_name) = name
            .split_once(' ')
            .map_or((name.clone(), String::new()), |(given, family)| {
                (given.to_owned(), family.to_owned())
            });
        let id = self.next_candidate_id();
        let number = self.recruitment.candidates.len() as u32 + 1;
        let agreed = matches!(stage, Accepted | PreEmploymentChecks);
        let start_date = agreed.then(|| next_monday(plus(self.until, self.rng.between(14, 90))));
        let candidate = Candidate {
            id: id.clone(),
            email: email(&name, number),
            phone: phone(number),
            given_name,
            family_name,
            source,
            vacancy_id: Some(vacancy.id.clone()),
            event_id: event.as_ref().map(|(event_id, _)| event_id.clone()),
            placement_id,
            applied_on,
            stage,
            swe_number: None,
            start_date,
            role: agreed.then_some(vacancy.role),
            team_id: if agreed {
                vacancy.team_id.clone()
            } else {
                None
            },
            fte: agreed.then_some(vacancy.fte),
            worker_id: None,
            anonymised_on: None,
        };
        if let Some((event_id, number)) = &event
            && let Some(attendee) = self
                .recruitment
                .attendees
                .iter_mut()
                .find(|a| &a.event_id == event_id && a.number == *number)
        {
            attendee.candidate_id = Some(id);
        }
        self.add_candidate(candidate, moves);
    }

    fn add_candidate(&mut self, mut candidate: Candidate, moves: Vec<(Date, CandidateStage)>) {
        if let Some((_, last)) = moves.last() {
            candidate.stage = *last;
        }
        for (index, (on, stage)) in moves.into_iter().enumerate() {
            let by = self.officer();
            self.recruitment
                .candidate_stage_changes
                .push(CandidateStageChange {
                    candidate_id: candidate.id.clone(),
                    number: (index + 1) as u32,
                    on,
                    stage,
                    by,
                });
        }
        // A started candidate's event is where they came from, if they attended one.
        if candidate.source == CandidateSource::RecruitmentEvent
            && candidate.event_id.is_none()
            && let Some((event, number)) = self.event_before(candidate.applied_on)
        {
            if let Some(attendee) = self
                .recruitment
                .attendees
                .iter_mut()
                .find(|a| a.event_id == event && a.number == number)
            {
                attendee.candidate_id = Some(candidate.id.clone());
                attendee.name = format!("{} {}", candidate.given_name, candidate.family_name);
                attendee.email = candidate.email.clone();
            }
            candidate.event_id = Some(event);
        } else if candidate.source == CandidateSource::RecruitmentEvent
            && candidate.event_id.is_none()
        {
            candidate.source = CandidateSource::Advert;
        }
        self.recruitment.candidates.push(candidate);
    }

    /// The monthly anonymisation runs (the first weekday of each month): every
    /// unsuccessful candidate whose retention period had passed by a run, with the
    /// attendee record they came from, and every attendee who never applied to an
    /// event held the retention period before a run.
    fn anonymise(&mut self) {
        let settings = self.recruitment.settings.clone();
        let run_after = |day: Date| {
            let first = Date::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
            let run = next_weekday(first);
            if run >= day {
                run
            } else {
                next_weekday(first + Months::new(1))
            }
        };
        let mut anonymised: Vec<(usize, Date)> = Vec::new();
        for (index, candidate) in self.recruitment.candidates.iter().enumerate() {
            if !candidate.stage.unsuccessful() {
                continue;
            }
            let due = anonymise_from(last_moved(&self.recruitment, candidate), &settings);
            let run = run_after(due);
            if run <= self.until {
                anonymised.push((index, run));
            }
        }
        let mut gone: HashSet<CandidateId> = HashSet::new();
        for (index, run) in anonymised {
            let candidate = &mut self.recruitment.candidates[index];
            gone.insert(candidate.id.clone());
            *candidate = anonymise(candidate, run);
        }
        let held: HashMap<&EventId, Date> = self
            .workforce
            .recruitment_events
            .iter()
            .map(|e| (&e.id, e.held_on))
            .collect();
        for attendee in &mut self.recruitment.attendees {
            let due = match &attendee.candidate_id {
                Some(id) => gone.contains(id),
                None => held
                    .get(&attendee.event_id)
                    .is_some_and(|&on| run_after(anonymise_from(on, &settings)) <= self.until),
            };
            if due {
                *attendee = anonymise_attendee(attendee);
            }
        }
    }

    /// A partner for every university the council's students come from.
    fn universities(&mut self) {
        let workforce = self.workforce;
        let mut names: Vec<(&str, Date)> = Vec::new();
        for placement in &workforce.placements {
            match names
                .iter_mut()
                .find(|(name, _)| *name == placement.university)
            {
                Some((_, first)) => *first = (*first).min(placement.span.start()),
                None => names.push((&placement.university, placement.span.start())),
            }
        }
        names.sort();
        for (number, (name, first)) in names.into_iter().enumerate() {
            let contact = format!("{}, placements lead", random_name(&mut self.rng));
            let since_year = first.year() - self.rng.between(0, 4) as i32;
            self.recruitment.universities.push(University {
                id: UniversityId::parse(&format!("U{:02}", number + 1))
                    .expect("demo university IDs are well formed"),
                name: name.to_owned(),
                contact,
                partner_since: Date::from_ymd_opt(since_year, 9, 1),
            });
        }
    }

    /// Each placement's practice educator: an experienced social worker of the team
    /// then, or an independent one.
    fn practice_educators(&mut self) {
        let workforce = self.workforce;
        for placement in &workforce.placements {
            let start = placement.span.start();
            let seniors: Vec<&WorkerId> = workforce
                .assignments
                .iter()
                .filter(|a| {
                    a.span.covers(start)
                        && a.team_id == placement.team_id
                        && a.contract != Contract::Agency
                        && matches!(
                            a.role,
                            Role::SeniorSocialWorker
                                | Role::AdvancedPractitioner
                                | Role::PracticeSupervisor
                        )
                })
                .filter_map(|a| {
                    workforce
                        .employments
                        .iter()
                        .find(|e| e.id() == &a.employment_id)
                        .map(Employment::worker_id)
                })
                .collect();
            let practice_educator = if seniors.is_empty() || self.rng.chance(0.1) {
                format!("{} (independent)", random_name(&mut self.rng))
            } else {
                let worker = *self.rng.pick(&seniors);
                workforce
                    .workers
                    .iter()
                    .find(|w| &w.id == worker)
                    .map_or_else(String::new, |w| {
                        format!("{} {}", w.given_name, w.family_name)
                    })
            };
            self.recruitment.placement_details.push(PlacementDetails {
                placement_id: placement.id.clone(),
                practice_educator,
            });
        }
    }

    /// A colleague in the same team on the day, to be a recruit's buddy.
    fn buddy(&mut self, recruit: &WorkerId, team: Option<&TeamId>, day: Date) -> Option<WorkerId> {
        let workforce = self.workforce;
        let colleagues: Vec<&WorkerId> = workforce
            .assignments
            .iter()
            .filter(|a| {
                team.is_some()
                    && a.team_id.as_ref() == team
                    && a.span.covers(day)
                    && a.contract != Contract::Agency
                    && plus(a.span.start(), 365) <= day
            })
            .filter_map(|a| {
                workforce
                    .employments
                    .iter()
                    .find(|e| e.id() == &a.employment_id)
                    .map(Employment::worker_id)
            })
            .filter(|w| *w != recruit)
            .collect();
        (!colleagues.is_empty()).then(|| (*self.rng.pick(&colleagues)).clone())
    }

    /// Every worker who came from outside England: their country, visa, registration,
    /// arrival, support and buddy, and the first year's monthly check-ins for recent
    /// arrivals. A few visas end within the alert window of the last day.
    fn international_recruits(&mut self) {
        let workforce = self.workforce;
        let until = self.until;
        let mut seen: HashSet<&WorkerId> = HashSet::new();
        let mut alerts: Vec<usize> = Vec::new();
        for employment in workforce
            .employments
            .iter()
            .filter(|e| e.start_origin() == Some(StartOrigin::OutsideEngland))
        {
            let worker_id = employment.worker_id();
            if !seen.insert(worker_id) {
                continue;
            }
            let worker = workforce.workers.iter().find(|w| &w.id == worker_id);
            let from_institution = worker
                .and_then(|w| w.qualification_institution.as_deref())
                .and_then(|i| i.strip_prefix("A university in "))
                .map(|country| country.trim_start_matches("the ").to_owned());
            let country =
                from_institution.unwrap_or_else(|| self.rng.weighted(&COUNTRIES).to_owned());
            let start = employment.span().start();
            let arrived_on = plus(start, -self.rng.between(10, 45));
            let visa_type = if SETTLED.contains(&country.as_str()) {
                VisaType::NotNeeded
            } else if country == "USA" {
                VisaType::SkilledWorker
            } else {
                self.rng.weighted(&[
                    (VisaType::HealthAndCareWorker, 75.0),
                    (VisaType::SkilledWorker, 15.0),
                    (VisaType::Family, 10.0),
                ])
            };
            // Their last day with the council, from this employment on (a returner's
            // later employment too); none while they are still here.
            let last_day = workforce
                .employments
                .iter()
                .filter(|e| e.worker_id() == worker_id && e.span().start() >= start)
                .map(|e| e.span().end().filter(|end| *end < until))
                .try_fold(start, |latest, end| end.map(|end| latest.max(end)));
            let employed = last_day.is_none();
            // The last day the recruit needs the right to work for, as far as known.
            let needed_to = last_day.unwrap_or(plus(until, 30));
            let right_to_work_expires = (visa_type != VisaType::NotNeeded).then(|| {
                // Visas last three years and are renewed while the recruit stays.
                let mut expires = plus(add_months(arrived_on, 36), -1);
                while expires < needed_to {
                    expires = add_months(expires, 36);
                }
                expires
            });
            if employed && right_to_work_expires.is_some() {
                alerts.push(self.recruitment.international_recruits.len());
            }
            let swe_status = if days_between(start, until) < 60 {
                SweStatus::Applied
            } else {
                SweStatus::Registered
            };
            let team = self
                .first_assignment(employment)
                .and_then(|a| a.team_id.clone());
            let buddy_worker_id = self.buddy(worker_id, team.as_ref(), start);
            let relocation_support = (*self.rng.pick(&RELOCATION)).to_owned();
            self.recruitment
                .international_recruits
                .push(InternationalRecruit {
                    worker_id: worker_id.clone(),
                    country,
                    visa_type,
                    right_to_work_expires,
                    swe_status,
                    arrived_on: Some(arrived_on),
                    relocation_support,
                    buddy_worker_id,
                });
            if arrived_on >= years_before(until, CHECK_IN_YEARS) {
                self.check_ins(worker_id, arrived_on, last_day.unwrap_or(until));
            }
        }
        // Some visas of recruits still here end within the alert window: the
        // renewals the council must help with now.
        let window = i64::from(self.recruitment.settings.visa_alert_days);
        let soon = (alerts.len() / 4).clamp(1, 3).min(alerts.len());
        for _ in 0..soon {
            let index = alerts.remove(self.rng.below(alerts.len()));
            self.recruitment.international_recruits[index].right_to_work_expires =
                Some(plus(until, self.rng.between(7, window - 5)));
        }
    }

    /// Monthly check-ins in the first year after arrival, up to the recruit's last day;
    /// now and then one is a little late, and the latest may not be held yet.
    fn check_ins(&mut self, worker: &WorkerId, arrived_on: Date, last_day: Date) {
        let held_by = self.officer();
        let mut previous = arrived_on;
        // The nth check-in is the nth month's: none is skipped, only the latest left.
        for month in 1..=12 {
            let due = add_months(arrived_on, month);
            let on = next_weekday(plus(due, self.rng.between(-3, 6))).max(previous);
            if on > last_day || (plus(last_day, -14) < on && self.rng.chance(0.3)) {
                break;
            }
            let settling = self.rng.weighted(&[
                (Settling::Well, 60.0 + 3.0 * f64::from(month)),
                (Settling::SomeConcerns, 28.0),
                (Settling::Struggling, 8.0),
            ]);
            let notes = CHECK_IN_NOTES
                .iter()
                .find(|(kind, _)| *kind == settling)
                .map_or("", |(_, notes)| *self.rng.pick(notes))
                .to_owned();
            previous = on;
            self.recruitment.check_ins.push(CheckIn {
                worker_id: worker.clone(),
                number: month,
                on,
                by: held_by.clone(),
                settling,
                notes,
            });
        }
    }

    /// An engagement for every agency worker in post in the last year: the vacancy it
    /// covers, the agency's declaration of experience, last permanent post and notice,
    /// and the rate; at least one breaking each rule, some signed off.
    fn engagements(&mut self) {
        let workforce = self.workforce;
        let until = self.until;
        let from = plus(until, -ENGAGEMENT_DAYS);
        let council = workforce.council;
        let region = self.recruitment.settings.region.clone();
        let caps = self.recruitment.settings.price_caps.clone();
        let mut stints: Vec<(&Employment, &Assignment)> = workforce
            .employments
            .iter()
            .filter(|e| e.span().end().is_none_or(|end| end >= from))
            .filter_map(|e| {
                let first = self.first_assignment(e)?;
                (first.contract == Contract::Agency).then_some((e, first))
            })
            .collect();
        stints.sort_by_key(|(e, _)| (e.span().start(), e.worker_id().clone()));
        for (number, (employment, assignment)) in stints.into_iter().enumerate() {
            let start = employment.span().start();
            let worker = workforce
                .workers
                .iter()
                .find(|w| &w.id == employment.worker_id());
            let worker_name = worker.map_or_else(String::new, |w| {
                format!("{} {}", w.given_name, w.family_name)
            });
            let qualified_on = worker
                .and_then(|w| w.qualified_on)
                .filter(|day| *day < start)
                .unwrap_or_else(|| years_before(start, 6));
            let vacancy_id = workforce
                .vacancies
                .iter()
                .filter(|v| {
                    v.covered_by_agency == Some(true)
                        && v.team_id == assignment.team_id
                        && v.open.start() <= start
                        && v.open.end().is_none_or(|closed| closed > start)
                })
                .max_by_key(|v| v.open.start())
                .map(|v| v.id.clone());
            let (left_permanent_on, left_permanent_council) = if self.rng.chance(0.3) {
                let left = plus(start, -self.rng.between(100, 700));
                let council = self.rng.weighted(&[
                    (None, 30.0),
                    (region.first().copied(), 40.0),
                    (CouncilCode::parse("201").ok(), 30.0),
                ]);
                (Some(left), council)
            } else {
                (None, None)
            };
            let job_type = job_type(assignment.role);
            let cap = caps
                .iter()
                .find(|c| c.job_type == job_type)
                .map_or(4_000, |c| c.hourly_pence);
            let hourly_rate_pence = if self.rng.chance(0.12) {
                cap + self.rng.between(10, 120) as u32 * 5
            } else {
                (f64::from(cap) * self.rng.uniform(0.82, 1.0) / 5.0).round() as u32 * 5
            };
            let notice_weeks = if self.rng.chance(0.12) {
                self.rng.between(1, 2) as u8
            } else {
                4
            };
            self.recruitment.engagements.push(AgencyEngagement {
                id: EngagementId::parse(&format!("A{:04}", number + 1))
                    .expect("demo engagement IDs are well formed"),
                worker_name,
                agency: (*self.rng.pick(&AGENCIES)).to_owned(),
                job_type,
                vacancy_id,
                team_id: assignment.team_id.clone(),
                starts_on: start,
                ends_on: employment.span().end(),
                qualified_on,
                left_permanent_on,
                left_permanent_council,
                notice_weeks,
                hourly_rate_pence: hourly_rate_pence.min(cap * 2),
                sign_off: None,
            });
        }
        self.breach_every_rule(council, &region);
        for index in 0..self.recruitment.engagements.len() {
            let engagement = &self.recruitment.engagements[index];
            if engagement.breaches(council, &region, &caps).is_empty() || self.rng.chance(0.5) {
                continue;
            }
            let on = plus(engagement.starts_on, -self.rng.between(1, 10));
            let reason = (*self.rng.pick(&SIGN_OFF_REASONS)).to_owned();
            self.recruitment.engagements[index].sign_off = Some(SignOff {
                by: self.head_of_service.clone(),
                on,
                reason,
            });
        }
    }

    /// Makes sure each of the DfE's rules is broken by at least one engagement, so the
    /// agency pages have every kind of breach to show.
    fn breach_every_rule(&mut self, council: CouncilCode, region: &[CouncilCode]) {
        let caps = default_price_caps();
        let count = self.recruitment.engagements.len();
        if count == 0 {
            return;
        }
        let broken = |engagements: &[AgencyEngagement], rule: fn(&AgencyBreach) -> bool| {
            engagements
                .iter()
                .any(|e| e.breaches(council, region, &caps).iter().any(rule))
        };
        if !broken(&self.recruitment.engagements, |b| {
            matches!(b, AgencyBreach::Experience { .. })
        }) {
            let index = self.rng.below(count);
            let engagement = &mut self.recruitment.engagements[index];
            engagement.qualified_on = plus(months_before(engagement.starts_on, 35), -10);
        }
        if !broken(&self.recruitment.engagements, |b| {
            matches!(b, AgencyBreach::CoolingOff { .. })
        }) {
            let index = self.rng.below(count);
            let days = self.rng.between(20, 85);
            let engagement = &mut self.recruitment.engagements[index];
            engagement.left_permanent_on = Some(plus(engagement.starts_on, -days));
            engagement.left_permanent_council = region.first().copied();
        }
        if !broken(&self.recruitment.engagements, |b| {
            matches!(b, AgencyBreach::Notice { .. })
        }) {
            let index = self.rng.below(count);
            self.recruitment.engagements[index].notice_weeks = 2;
        }
        if !broken(&self.recruitment.engagements, |b| {
            matches!(b, AgencyBreach::AboveCap { .. })
        }) {
            let index = self.rng.below(count);
            let engagement = &mut self.recruitment.engagements[index];
            let cap = caps
                .iter()
                .find(|c| c.job_type == engagement.job_type)
                .map_or(4_000, |c| c.hourly_pence);
            engagement.hourly_rate_pence = cap + 250;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use pathway_domain::recruitment::pipeline::days_to_fill;
    use pathway_domain::values::parse_date;

    use super::*;
    use crate::generate;

    fn options(seed: u64) -> DemoOptions {
        DemoOptions {
            councils: 2,
            seed,
            until: parse_date("2024-09-30").unwrap(),
            years: 10,
        }
    }

    fn recruitments(options: &DemoOptions) -> Vec<(Workforce, Recruitment)> {
        generate(options)
            .into_iter()
            .map(|(_, workforce)| {
                let recruitment = generate_recruitment(&workforce, options);
                (workforce, recruitment)
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_recruitment_and_another_seed_another() {
        let first = recruitments(&options(5));
        assert_eq!(first, recruitments(&options(5)));
        assert_ne!(first, recruitments(&options(6)));
        assert!(!first[0].1.candidates.is_empty());
        assert_ne!(first[0].1, first[1].1);
    }

    #[test]
    fn every_change_passes_the_checks_against_the_workforce() {
        let options = options(3);
        for (workforce, generated) in recruitments(&options) {
            let changes = recruitment_changes(workforce.council, &generated);
            assert_eq!(changes.council, workforce.council);
            let mut recruitment = Recruitment::default();
            for change in changes.changes {
                recruitment
                    .check(&workforce, &change)
                    .unwrap_or_else(|error| panic!("{change:?}: {error}"));
                recruitment.apply(change);
            }
            assert_eq!(recruitment, generated);
        }
    }

    #[test]
    fn every_record_refers_to_records_of_the_council() {
        let options = options(1);
        for (w, r) in recruitments(&options) {
            let vacancies: BTreeSet<_> = w.vacancies.iter().map(|v| &v.id).collect();
            let teams: BTreeSet<_> = w.teams.iter().map(|t| &t.id).collect();
            let workers: BTreeSet<_> = w.workers.iter().map(|x| &x.id).collect();
            let events: BTreeSet<_> = w.recruitment_events.iter().map(|e| &e.id).collect();
            let placements: BTreeSet<_> = w.placements.iter().map(|p| &p.id).collect();
            let posts: BTreeSet<_> = r.posts.iter().map(|p| &p.id).collect();
            let candidates: BTreeSet<_> = r.candidates.iter().map(|c| &c.id).collect();
            let recruits: BTreeSet<_> = r
                .international_recruits
                .iter()
                .map(|i| &i.worker_id)
                .collect();
            assert_eq!(posts.len(), r.posts.len(), "post IDs are unique");
            assert_eq!(
                candidates.len(),
                r.candidates.len(),
                "candidate IDs are unique"
            );
            for post in &r.posts {
                assert!(post.team_id.as_ref().is_none_or(|t| teams.contains(t)));
            }
            for link in &r.vacancy_posts {
                assert!(vacancies.contains(&link.vacancy_id) && posts.contains(&link.post_id));
            }
            for change in &r.stage_changes {
                assert!(vacancies.contains(&change.vacancy_id));
                assert!(change.on <= options.until);
            }
            for c in &r.candidates {
                assert!(
                    c.vacancy_id.as_ref().is_none_or(|v| vacancies.contains(v)),
                    "{c:?}"
                );
                assert!(
                    c.event_id.as_ref().is_none_or(|e| events.contains(e)),
                    "{c:?}"
                );
                assert!(
                    c.placement_id
                        .as_ref()
                        .is_none_or(|p| placements.contains(p)),
                    "{c:?}"
                );
                assert!(
                    c.team_id.as_ref().is_none_or(|t| teams.contains(t)),
                    "{c:?}"
                );
                assert!(
                    c.worker_id.as_ref().is_none_or(|x| workers.contains(x)),
                    "{c:?}"
                );
                assert!(c.applied_on <= options.until);
            }
            for change in &r.candidate_stage_changes {
                assert!(candidates.contains(&change.candidate_id));
                assert!(change.on <= options.until);
            }
            for details in &r.event_details {
                assert!(events.contains(&details.event_id));
            }
            for attendee in &r.attendees {
                assert!(events.contains(&attendee.event_id));
                assert!(
                    attendee
                        .candidate_id
                        .as_ref()
                        .is_none_or(|c| candidates.contains(c))
                );
            }
            for details in &r.placement_details {
                assert!(placements.contains(&details.placement_id));
            }
            for recruit in &r.international_recruits {
                assert!(workers.contains(&recruit.worker_id));
                assert!(
                    recruit
                        .buddy_worker_id
                        .as_ref()
                        .is_none_or(|b| workers.contains(b))
                );
            }
            for check_in in &r.check_ins {
                assert!(recruits.contains(&check_in.worker_id));
                assert!(check_in.on <= options.until);
            }
            for engagement in &r.engagements {
                assert!(
                    engagement
                        .vacancy_id
                        .as_ref()
                        .is_none_or(|v| vacancies.contains(v))
                );
                assert!(
                    engagement
                        .team_id
                        .as_ref()
                        .is_none_or(|t| teams.contains(t))
                );
                assert!(engagement.starts_on <= options.until);
            }
        }
    }

    #[test]
    fn the_establishment_has_a_post_for_everyone_in_post_and_every_open_vacancy() {
        let options = options(2);
        for (w, r) in recruitments(&options) {
            let open: Vec<_> = w
                .vacancies
                .iter()
                .filter(|v| v.open.end().is_none())
                .collect();
            for vacancy in &open {
                let link = r.vacancy_posts.iter().find(|l| l.vacancy_id == vacancy.id);
                let post = link.and_then(|l| r.posts.iter().find(|p| p.id == l.post_id));
                let post = post.unwrap_or_else(|| panic!("no post for {vacancy:?}"));
                assert_eq!(
                    (post.team_id.as_ref(), post.role),
                    (vacancy.team_id.as_ref(), vacancy.role)
                );
            }
            let in_post = w
                .assignments
                .iter()
                .filter(|a| a.span.covers(options.until) && a.contract != Contract::Agency)
                .filter(|a| {
                    a.team_id.as_ref().is_some_and(|t| {
                        w.teams
                            .iter()
                            .any(|team| &team.id == t && team.service == Service::Children)
                    })
                })
                .count();
            assert_eq!(r.posts.len(), in_post + open.len());
            assert!(r.posts.iter().any(|p| !p.funded));
            // Recently filled vacancies are linked to posts too.
            assert!(r.vacancy_posts.len() > open.len());
        }
    }

    #[test]
    fn stage_histories_fit_each_vacancys_dates_and_stage() {
        let options = options(4);
        let mut filled = 0;
        for (w, r) in recruitments(&options) {
            for vacancy in &w.vacancies {
                let history = r.history_of(&vacancy.id);
                let Some(first) = history.first() else {
                    // Only vacancies closed long before the last day have none.
                    assert!(
                        vacancy
                            .open
                            .end()
                            .is_some_and(|c| c <= plus(options.until, -HISTORY_DAYS))
                    );
                    continue;
                };
                let numbers: Vec<u32> = history.iter().map(|c| c.number).collect();
                assert_eq!(numbers, (1..=history.len() as u32).collect::<Vec<_>>());
                assert_eq!(first.on, vacancy.open.start());
                let last = history.last().unwrap();
                assert_eq!(last.stage, vacancy.stage, "{vacancy:?}");
                if let Some(closed) = vacancy.open.end() {
                    assert_eq!(last.on, closed);
                }
                assert!(last.on <= options.until);
                if vacancy.stage == VacancyStage::Filled {
                    filled += 1;
                    assert_eq!(
                        days_to_fill(vacancy, &history),
                        Some(days_between(
                            vacancy.open.start(),
                            vacancy.open.end().unwrap()
                        ))
                    );
                    let ladder: Vec<VacancyStage> = history.iter().map(|c| c.stage).collect();
                    assert!(ladder.ends_with(&[
                        VacancyStage::Advertised,
                        VacancyStage::Shortlisting,
                        VacancyStage::Interview,
                        VacancyStage::Offer,
                        VacancyStage::PreEmploymentChecks,
                        VacancyStage::Filled,
                    ]));
                }
            }
            assert!(
                r.stage_changes
                    .iter()
                    .any(|c| c.stage == VacancyStage::Withdrawn)
            );
        }
        assert!(filled > 20, "only {filled} filled vacancies with a history");
    }

    #[test]
    fn started_candidates_are_the_workers_who_started_on_their_start_date() {
        let options = options(1);
        let mut started = 0;
        for (w, r) in recruitments(&options) {
            for candidate in r
                .candidates
                .iter()
                .filter(|c| c.stage == CandidateStage::Started)
            {
                started += 1;
                let worker_id = candidate.worker_id.as_ref().expect("a starter is a worker");
                let worker = w.workers.iter().find(|x| &x.id == worker_id).unwrap();
                assert_eq!(
                    (&candidate.given_name, &candidate.family_name),
                    (&worker.given_name, &worker.family_name)
                );
                let start = candidate.start_date.unwrap();
                assert!(
                    w.employments
                        .iter()
                        .any(|e| e.worker_id() == worker_id && e.span().start() == start),
                    "{candidate:?}"
                );
                let vacancy = w
                    .vacancies
                    .iter()
                    .find(|v| Some(&v.id) == candidate.vacancy_id.as_ref())
                    .unwrap();
                assert_eq!(vacancy.open.end(), Some(start));
                let history = r.candidate_history(&candidate.id);
                assert_eq!(history.first().unwrap().stage, CandidateStage::Applied);
                assert_eq!(history.last().unwrap().stage, CandidateStage::Started);
                assert_eq!(history.last().unwrap().on, start);
            }
        }
        assert!(started > 20, "only {started} starters");
    }

    #[test]
    fn candidates_come_from_every_source_reach_every_stage_and_are_anonymised_in_time() {
        let options = options(1);
        let mut sources = BTreeSet::new();
        let mut stages = BTreeSet::new();
        let mut anonymised = 0;
        let mut anonymised_attendees = 0;
        for (w, r) in recruitments(&options) {
            for candidate in &r.candidates {
                sources.insert(candidate.source);
                stages.insert(candidate.stage);
                let history = r.candidate_history(&candidate.id);
                assert_eq!(history.last().map(|c| c.stage), Some(candidate.stage));
                assert!(history.windows(2).all(|pair| pair[0].on <= pair[1].on));
                let due = anonymise_from(last_moved(&r, candidate), &r.settings);
                match candidate.anonymised_on {
                    Some(on) => {
                        anonymised += 1;
                        assert!(candidate.stage.unsuccessful());
                        assert!(on >= due && on <= options.until, "{candidate:?}");
                        assert!(candidate.given_name.is_empty() && candidate.email.is_empty());
                    }
                    None => {
                        // Anything due a month before the last day was anonymised.
                        assert!(
                            !candidate.stage.unsuccessful() || due > plus(options.until, -32),
                            "{candidate:?} was due on {due}"
                        );
                        assert!(!candidate.given_name.is_empty());
                    }
                }
                if candidate.source == CandidateSource::RecruitmentEvent {
                    let event = candidate
                        .event_id
                        .as_ref()
                        .expect("an event candidate names it");
                    let attendee = r
                        .attendees
                        .iter()
                        .find(|a| a.candidate_id.as_ref() == Some(&candidate.id))
                        .expect("an event candidate attended it");
                    assert_eq!(&attendee.event_id, event);
                }
                if candidate.source == CandidateSource::UniversityPlacement {
                    assert!(candidate.placement_id.is_some());
                }
            }
            // Recent events have as many attendees as their records count.
            for event in w.recruitment_events.iter().filter(|e| {
                e.held_on > plus(options.until, -ATTENDEE_DAYS) && e.held_on <= options.until
            }) {
                if let Some(count) = event.attendees {
                    assert_eq!(r.attendees_of(&event.id).len(), count as usize);
                }
            }
            assert!(r.attendees.iter().any(|a| a.candidate_id.is_some()));
            // An attendee of an event held more than the retention period ago, who never
            // applied, is anonymised; a recent one is not.
            for attendee in r.attendees.iter().filter(|a| a.candidate_id.is_none()) {
                let held_on = w
                    .recruitment_events
                    .iter()
                    .find(|e| e.id == attendee.event_id)
                    .unwrap()
                    .held_on;
                let due = anonymise_from(held_on, &r.settings);
                if due > options.until {
                    assert!(!attendee.name.is_empty(), "{attendee:?}");
                } else if due <= plus(options.until, -32) {
                    assert!(attendee.name.is_empty(), "{attendee:?}");
                }
                anonymised_attendees += usize::from(attendee.name.is_empty());
            }
            assert!(r.attendees.iter().any(|a| !a.name.is_empty()));
            assert_eq!(r.event_details.len(), w.recruitment_events.len());
        }
        assert_eq!(sources.len(), CandidateSource::ALL.len(), "{sources:?}");
        assert_eq!(stages.len(), CandidateStage::ALL.len(), "{stages:?}");
        assert!(anonymised > 10);
        assert!(anonymised_attendees > 0);
    }

    #[test]
    fn out_of_hours_events_are_in_the_evening_or_at_the_weekend() {
        let options = options(1);
        for (w, r) in recruitments(&options) {
            for event in w
                .recruitment_events
                .iter()
                .filter(|e| e.out_of_hours == Some(true))
            {
                let details = r.event_details(&event.id).unwrap();
                let evening = details.starts_at.unwrap() >= at(17, 0);
                let weekend = event.held_on.weekday() == Weekday::Sat;
                assert!(evening || weekend, "{details:?} on {}", event.held_on);
            }
        }
    }

    #[test]
    fn every_recruit_from_outside_england_has_a_visa_record_and_some_expire_soon() {
        let options = options(1);
        let mut expiring = 0;
        for (w, r) in recruitments(&options) {
            let from_abroad: BTreeSet<_> = w
                .employments
                .iter()
                .filter(|e| e.start_origin() == Some(StartOrigin::OutsideEngland))
                .map(|e| e.worker_id())
                .collect();
            let recruits: BTreeSet<_> = r
                .international_recruits
                .iter()
                .map(|i| &i.worker_id)
                .collect();
            assert_eq!(recruits, from_abroad);
            let window = plus(options.until, i64::from(r.settings.visa_alert_days));
            for recruit in &r.international_recruits {
                let employed = w
                    .employments
                    .iter()
                    .any(|e| e.worker_id() == &recruit.worker_id && e.span().covers(options.until));
                assert!(!recruit.country.is_empty());
                assert_eq!(
                    recruit.right_to_work_expires.is_none(),
                    recruit.visa_type == VisaType::NotNeeded
                );
                let Some(expires) = recruit.right_to_work_expires else {
                    continue;
                };
                // Renewed for as long as they worked here.
                let last_day = w
                    .employments
                    .iter()
                    .filter(|e| e.worker_id() == &recruit.worker_id)
                    .filter(|e| recruit.arrived_on.is_some_and(|a| e.span().start() >= a))
                    .map(|e| e.span().end().unwrap_or(options.until).min(options.until))
                    .max()
                    .unwrap();
                assert!(expires >= last_day, "{recruit:?}: a visa ran out in post");
                if employed && expires <= window {
                    expiring += 1;
                }
            }
            assert!(!r.check_ins.is_empty());
        }
        assert!(expiring >= 1);
    }

    #[test]
    fn each_agency_rule_is_broken_by_some_engagement_and_some_breaches_are_signed_off() {
        let options = options(1);
        for (w, r) in recruitments(&options) {
            let settings = &r.settings;
            let breaches: Vec<Vec<AgencyBreach>> = r
                .engagements
                .iter()
                .map(|e| e.breaches(w.council, &settings.region, &settings.price_caps))
                .collect();
            let any = |rule: fn(&AgencyBreach) -> bool| breaches.iter().flatten().any(rule);
            assert!(any(|b| matches!(b, AgencyBreach::Experience { .. })));
            assert!(any(|b| matches!(b, AgencyBreach::CoolingOff { .. })));
            assert!(any(|b| matches!(b, AgencyBreach::Notice { .. })));
            assert!(any(|b| matches!(b, AgencyBreach::AboveCap { .. })));
            assert!(r.engagements.iter().any(|e| e.sign_off.is_some()));
            assert!(r.engagements.iter().any(|e| e.needs_sign_off(
                w.council,
                &settings.region,
                &settings.price_caps
            )));
            assert!(r.engagements.iter().any(|e| e.vacancy_id.is_some()));
            assert!(r.engagements.iter().any(|e| e.ends_on.is_none()));
            // Only breaches are signed off.
            for (engagement, broken) in r.engagements.iter().zip(&breaches) {
                assert!(engagement.sign_off.is_none() || !broken.is_empty());
            }
            assert!(!settings.region.contains(&w.council) && !settings.region.is_empty());
        }
    }
}
