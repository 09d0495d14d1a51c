//! One council's story: its teams and establishment of posts, and what happened to
//! each post over the years of history: filled by an employment, left, vacant (covered
//! by agency workers or not), filled again.
//!
//! The story is told in planned dates, which may run past the last day of history;
//! [`Story::into_workforce`] cuts everything at that day, so a planned leaving date after
//! it becomes an employment still in post, and a planned filling date a vacancy still
//! open.

use pathway_domain::codes::{
    AsyeOutcome, Contract, Destination, LeavingReason, Programme, Role, Service, StartOrigin,
    VacancyStage,
};
use pathway_domain::ids::{CohortId, EmploymentId, TeamId, VacancyId, WorkerId};
use pathway_domain::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, ExitInterview, Placement,
    RecruitmentEvent, Team, Vacancy, Worker,
};
use pathway_domain::values::{Date, Fte, Span};
use pathway_domain::{Council, Workforce};

use crate::DemoOptions;
use crate::calendar::{
    back_to_friday, month_end, next_monday, next_weekday, plus, years_before, years_between,
};
use crate::career::{self, CareerPlan, Segment, TeamsToMoveTo};
use crate::leaving;
use crate::names::{self, ADULT_TEAM_KINDS, CHILDREN_TEAM_KINDS, LOCALITIES, UNIVERSITIES};
use crate::people::Entry;
use crate::random::Rng;

/// Share of posts filled by the council's own staff when the history starts; the rest
/// are vacant, as about one post in eight is in English children's services.
const FILLED_AT_START: f64 = 0.885;
/// Share of social worker posts filled by newly qualified social workers.
const NEWLY_QUALIFIED_SHARE: f64 = 0.6;
/// Share of experienced hires who are people coming back to the council.
const RETURNER_SHARE: f64 = 0.1;
/// Share of vacancies that are hard to fill (months or years open).
const HARD_TO_FILL: f64 = 0.4;
/// Agency workers engaged each year for extra capacity (beyond vacancies and absence),
/// per post of the establishment.
const EXTRA_AGENCY_PER_POST_YEAR: f64 = 0.09;

/// A team as planned; its ID is `T` and its position.
#[derive(Debug, Clone)]
pub(crate) struct TeamPlan {
    pub name: String,
    pub service: Service,
    pub locality: Option<String>,
}

/// A person who has worked for the council, with what the story needs besides their
/// record.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub worker: Worker,
    pub born: Date,
    pub female: bool,
    /// Whether they have already come back once: nobody returns twice.
    pub returned: bool,
}

/// How a newly qualified worker's ASYE goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AsyePlan {
    /// When it was first due to finish.
    pub due: Date,
    /// When it finishes, after any extension.
    pub completes: Date,
    /// Pass, extended (then passed) or fail.
    pub outcome: AsyeOutcome,
}

/// One employment as planned.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub person: usize,
    pub start: Date,
    /// The planned last day; after the last day of history means still in post.
    pub end: Date,
    pub origin: Option<StartOrigin>,
    pub reason: LeavingReason,
    pub destination: Option<Destination>,
    pub segments: Vec<Segment>,
    pub agency: bool,
    pub asye: Option<AsyePlan>,
    /// Long absences, during which the worker holds almost no cases.
    pub away: Vec<(Date, Date)>,
}

/// A post of the establishment: what the council budgets for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Post {
    pub team: usize,
    pub role: Role,
    pub fte: f64,
}

/// A vacancy as it stands on the last day of history.
#[derive(Debug, Clone)]
pub(crate) struct VacancyPlan {
    pub team: Option<usize>,
    pub role: Role,
    pub fte: f64,
    pub opened: Date,
    pub closed: Option<Date>,
    pub stage: VacancyStage,
    pub covered: bool,
}

/// An academy intake: a full and a short cohort starting the same day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Intake {
    pub date: Date,
}

/// A worker's membership of a cohort.
#[derive(Debug, Clone)]
pub(crate) struct Membership {
    pub intake: usize,
    pub programme: Programme,
    pub person: usize,
    pub joined: Date,
    pub completed: Option<Date>,
    pub outcome: Option<AsyeOutcome>,
}

/// What a hire will look like, decided before the vacancy's closing date is known.
#[derive(Debug, Clone, Copy)]
struct HirePlan {
    start: Date,
    newly_qualified: bool,
    intake: Option<usize>,
}

/// How an employment begins.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JobStart {
    pub person: usize,
    pub start: Date,
    pub role: Role,
    pub team: Option<usize>,
    pub contract: Contract,
    pub fte: f64,
    pub academy: bool,
    pub origin: Option<StartOrigin>,
}

/// Everything one council's story holds while it is being told.
#[derive(Debug)]
pub(crate) struct Story {
    pub rng: Rng,
    pub council: Council,
    /// The last day of history.
    pub until: Date,
    /// The first day of history: the council's records start here.
    pub from: Date,
    /// How many posts the establishment has.
    pub size: usize,
    pub teams: Vec<TeamPlan>,
    /// Children's teams whose staff hold cases.
    pub frontline: Vec<usize>,
    pub adult_teams: Vec<usize>,
    pub people: Vec<Person>,
    pub jobs: Vec<Job>,
    pub vacancies: Vec<VacancyPlan>,
    pub intakes: Vec<Intake>,
    pub members: Vec<Membership>,
    /// The universities this council works with most.
    pub local_universities: Vec<&'static str>,
    /// (last day, person) of staff who left and might come back.
    pub leavers: Vec<(Date, usize)>,
    pub placements: Vec<Placement>,
    pub events: Vec<RecruitmentEvent>,
    pub absences: Vec<Absence>,
    pub caseloads: Vec<Caseload>,
    pub exit_interviews: Vec<ExitInterview>,
    pub staff_count: usize,
    pub agency_count: usize,
    /// Scrambles registration numbers so that they do not run in hiring order.
    pub swe_offset: u32,
}

/// The ID of the `index`th team.
pub(crate) fn team_id(index: usize) -> TeamId {
    TeamId::parse(&format!("T{:02}", index + 1)).expect("demo team IDs are well formed")
}

impl Story {
    /// Tells the `index`th council's whole story.
    pub(crate) fn tell(index: usize, options: &DemoOptions) -> Self {
        let mut rng = Rng::for_stream(options.seed, index as u64);
        let council = names::council(index);
        let size = rng.between(155, 345) as usize;
        let swe_offset = rng.below(90_000) as u32;
        let mut story = Self {
            rng,
            council,
            until: options.until,
            from: years_before(options.until, options.years.max(1)),
            size,
            teams: Vec::new(),
            frontline: Vec::new(),
            adult_teams: Vec::new(),
            people: Vec::new(),
            jobs: Vec::new(),
            vacancies: Vec::new(),
            intakes: Vec::new(),
            members: Vec::new(),
            local_universities: Vec::new(),
            leavers: Vec::new(),
            placements: Vec::new(),
            events: Vec::new(),
            absences: Vec::new(),
            caseloads: Vec::new(),
            exit_interviews: Vec::new(),
            staff_count: 0,
            agency_count: 0,
            swe_offset,
        };
        story.set_up_teams();
        story.set_up_academy();
        story.local_universities = story.choose_local_universities();
        let posts = story.set_up_posts();
        for post in &posts {
            story.run_post_from_start(post);
        }
        story.run_new_posts();
        story.withdrawn_and_frozen_posts();
        story.extra_agency_capacity();
        story.record_absences();
        story.record_caseloads();
        story.record_student_placements();
        story.record_recruitment_events();
        story.record_exit_interviews();
        story
    }

    fn choose_local_universities(&mut self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = UNIVERSITIES.to_vec();
        let count = self.rng.between(3, 4) as usize;
        (0..count)
            .map(|_| all.remove(self.rng.below(all.len())))
            .collect()
    }

    /// Children's teams by kind and locality (the big four split by locality in larger
    /// councils), a leadership team, a few adults teams and workforce development.
    fn set_up_teams(&mut self) {
        let mut places: Vec<&str> = LOCALITIES.to_vec();
        let locality_count = self.rng.between(3, 4) as usize;
        let localities: Vec<String> = (0..locality_count)
            .map(|_| places.remove(self.rng.below(places.len())).to_owned())
            .collect();
        let frontline_count = (self.size / 11).max(9);
        // Kinds after the first eight: the big four again, then specialist teams.
        let repeats = [0, 1, 2, 3, 8, 0, 1, 2, 3, 9, 10, 0, 1, 2, 3, 4];
        let mut used: Vec<(usize, Option<usize>)> = Vec::new();
        for position in 0..frontline_count {
            let kind = if position < 8 {
                position
            } else {
                repeats[(position - 8) % repeats.len()]
            };
            let council_wide = matches!(kind, 5 | 6 | 7 | 9);
            let mut locality = if council_wide {
                None
            } else {
                Some(position % locality_count)
            };
            // A kind already in every locality is not repeated: the council has
            // enough of them.
            if used.contains(&(kind, locality))
                && let Some(free) = (0..locality_count)
                    .map(Some)
                    .find(|l| !used.contains(&(kind, *l)))
            {
                locality = free;
            }
            if used.contains(&(kind, locality)) {
                continue;
            }
            used.push((kind, locality));
            let name = match locality {
                Some(l) => format!("{} Team ({})", CHILDREN_TEAM_KINDS[kind], localities[l]),
                None => format!("{} Team", CHILDREN_TEAM_KINDS[kind]),
            };
            self.frontline.push(self.teams.len());
            self.teams.push(TeamPlan {
                name,
                service: Service::Children,
                locality: locality.map(|l| localities[l].clone()),
            });
        }
        self.teams.push(TeamPlan {
            name: "Children's Services Leadership and Quality Assurance".to_owned(),
            service: Service::Children,
            locality: None,
        });
        let adult_count = self.rng.between(2, 3) as usize;
        for (position, kind) in ADULT_TEAM_KINDS.iter().take(adult_count).enumerate() {
            self.adult_teams.push(self.teams.len());
            let locality = localities[position % locality_count].clone();
            self.teams.push(TeamPlan {
                name: format!("{kind} Team ({locality})"),
                service: Service::Adults,
                locality: Some(locality),
            });
        }
        self.teams.push(TeamPlan {
            name: "Workforce Development and Social Work Academy".to_owned(),
            service: Service::Other,
            locality: None,
        });
        if self.rng.chance(0.5) {
            self.teams.push(TeamPlan {
                name: "Business Support".to_owned(),
                service: Service::Other,
                locality: None,
            });
        }
    }

    /// The establishment: a manager for every team, leadership, and practitioners spread
    /// over the teams, the four big services getting most.
    fn set_up_posts(&mut self) -> Vec<Post> {
        let leadership = self.frontline.len();
        let mut posts: Vec<Post> = self
            .frontline
            .iter()
            .map(|&team| Post {
                team,
                role: Role::TeamManager,
                fte: 1.0,
            })
            .collect();
        posts.push(Post {
            team: leadership,
            role: Role::PrincipalSocialWorker,
            fte: 1.0,
        });
        posts.push(Post {
            team: leadership,
            role: Role::SeniorManager,
            fte: 1.0,
        });
        for _ in 0..(self.size / 70).max(2) {
            posts.push(Post {
                team: leadership,
                role: Role::ServiceManager,
                fte: 1.0,
            });
        }
        for _ in 0..(self.size / 110).max(1) {
            posts.push(Post {
                team: leadership,
                role: Role::QualifiedNoCases,
                fte: 1.0,
            });
        }
        let weights: Vec<(usize, f64)> = self
            .frontline
            .iter()
            .map(|&team| {
                let big = [
                    "Assessment",
                    "Child in Need",
                    "Child Protection",
                    "Children Looked After",
                ]
                .iter()
                .any(|kind| self.teams[team].name.starts_with(kind));
                (team, if big { 3.0 } else { 1.6 })
            })
            .collect();
        while posts.len() < self.size {
            let team = self.rng.weighted(&weights);
            let role = self.rng.weighted(&[
                (Role::SocialWorker, 66.0),
                (Role::SeniorSocialWorker, 20.0),
                (Role::AdvancedPractitioner, 5.0),
                (Role::PracticeSupervisor, 8.0),
            ]);
            let fte = if self.rng.chance(0.07) {
                *self.rng.pick(&[0.5, 0.6, 0.8])
            } else {
                1.0
            };
            posts.push(Post { team, role, fte });
        }
        posts
    }

    /// A post as the history starts: held by someone already in post, or vacant.
    fn run_post_from_start(&mut self, post: &Post) {
        if self.rng.chance(FILLED_AT_START) {
            let job = self.start_of_history_job(post);
            self.follow_post(post, job);
        } else {
            let hard = self.rng.chance(0.7);
            let opened = plus(self.from, -(self.rng.exponential(220.0) as i64) - 1);
            let wait = if hard {
                30.0 + self.rng.exponential(450.0)
            } else {
                10.0 + self.rng.exponential(60.0)
            };
            let ready = plus(self.from, wait as i64);
            if let Some(job) = self.fill(post, opened, ready, hard) {
                self.follow_post(post, job);
            }
        }
    }

    /// Someone in post when the history starts, hired some years before it.
    fn start_of_history_job(&mut self, post: &Post) -> usize {
        let least = career::least_experience(post.role);
        let mut experience =
            (0.3 + self.rng.exponential(9.0)).max(least + self.rng.uniform(0.0, 2.0));
        let mut age = self.rng.triangular(23.0, 38.0, 64.0).max(22.5 + experience);
        if age > 64.0 {
            age = 64.0;
            experience = experience.min(age - 22.5);
        }
        let tenure = self.rng.exponential(6.0).clamp(0.02, experience);
        let person = self.new_person(self.from, Entry::InPost { age, experience });
        let start = next_monday(plus(self.from, -((tenure * 365.25) as i64)));
        let role = if post.role == Role::SocialWorker && experience < 1.0 {
            Role::Asye
        } else {
            post.role
        };
        let contract = self.rng.weighted(&[
            (Contract::Permanent, 95.0),
            (Contract::FixedTerm, 3.0),
            (Contract::Secondment, 2.0),
        ]);
        let origin = if self.rng.chance(0.4) {
            None
        } else {
            leaving::experienced_origin(&mut self.rng)
        };
        let fte = self.person_fte(post);
        let team = if self.rng.chance(0.02) {
            None
        } else {
            Some(post.team)
        };
        self.start_job(JobStart {
            person,
            start,
            role,
            team,
            contract,
            fte,
            academy: false,
            origin,
        })
    }

    /// Posts the council created during the history, a few a year.
    fn run_new_posts(&mut self) {
        let years = years_between(self.from, self.until);
        let count = (self.size as f64 * 0.012 * years).round() as usize;
        for _ in 0..count {
            let opened = plus(
                self.from,
                self.rng
                    .between(0, crate::calendar::days_between(self.from, self.until)),
            );
            let team = *self.rng.pick(&self.frontline);
            let post = Post {
                team,
                role: Role::SocialWorker,
                fte: 1.0,
            };
            let hard = self.rng.chance(HARD_TO_FILL);
            let ready = plus(opened, self.time_to_fill(hard));
            if let Some(job) = self.fill(&post, opened, ready, hard) {
                self.follow_post(&post, job);
            }
        }
    }

    /// Days from a vacancy opening to someone being ready to start.
    fn time_to_fill(&mut self, hard: bool) -> i64 {
        let days = if hard {
            50.0 + self.rng.exponential(600.0)
        } else {
            21.0 + self.rng.exponential(60.0)
        };
        days as i64
    }

    /// Follows a post from an employment onwards: each leaver opens a vacancy, each
    /// vacancy is filled by the next employment, until the last day of history.
    fn follow_post(&mut self, post: &Post, mut job: usize) {
        loop {
            let end = self.jobs[job].end;
            if end >= self.until {
                return;
            }
            let opened = plus(end, 1);
            let hard = self.rng.chance(HARD_TO_FILL);
            let ready = plus(opened, self.time_to_fill(hard));
            match self.fill(post, opened, ready, hard) {
                Some(next) => job = next,
                None => return,
            }
        }
    }

    /// A vacancy from `opened` until the post is filled, agency cover while it is open,
    /// and the hire; `None` when the hire starts after the last day of history.
    fn fill(&mut self, post: &Post, opened: Date, ready: Date, hard: bool) -> Option<usize> {
        let plan = self.plan_hire(post, ready);
        let wants_cover = self.rng.chance(if hard { 0.86 } else { 0.3 });
        let covered = wants_cover && {
            let cover_from = plus(opened, self.rng.between(5, 40));
            self.cover_with_agency(post.team, post.role, cover_from, plus(plan.start, -1))
        };
        let waiting_for_cohort = plan.newly_qualified && plan.intake.is_some();
        self.record_vacancy(post, opened, plan.start, covered, waiting_for_cohort);
        if plan.start > self.until {
            return None;
        }
        Some(self.hire(post, plan))
    }

    /// When the hire starts and whether they are newly qualified: newly qualified
    /// social workers start with the academy's next cohort.
    fn plan_hire(&mut self, post: &Post, ready: Date) -> HirePlan {
        if post.role == Role::SocialWorker && self.rng.chance(NEWLY_QUALIFIED_SHARE) {
            let next_intake = self
                .next_intake(ready, 150)
                .filter(|_| self.rng.chance(0.95));
            let start = match next_intake {
                Some(intake) => self.intakes[intake].date,
                None => next_monday(ready),
            };
            HirePlan {
                start,
                newly_qualified: true,
                intake: next_intake,
            }
        } else {
            let start = if self.rng.chance(0.85) {
                next_monday(ready)
            } else {
                next_weekday(ready)
            };
            let intake = self
                .next_intake(start, 100)
                .filter(|_| self.rng.chance(0.55));
            HirePlan {
                start,
                newly_qualified: false,
                intake,
            }
        }
    }

    fn hire(&mut self, post: &Post, plan: HirePlan) -> usize {
        let returner = if !plan.newly_qualified
            && plan.start >= plus(self.from, 365)
            && self.rng.chance(RETURNER_SHARE)
        {
            self.find_returner(plan.start)
        } else {
            None
        };
        let (person, origin) = match returner {
            Some(person) => (person, leaving::returner_origin(&mut self.rng)),
            None if plan.newly_qualified => (
                self.new_person(plan.start, Entry::NewlyQualified),
                Some(StartOrigin::NewlyQualified),
            ),
            None => {
                let least = career::least_experience(post.role);
                let person = self.new_person(plan.start, Entry::Experienced { least });
                (person, self.experienced_origin(person, plan.start))
            }
        };
        let contract = self.rng.weighted(&[
            (Contract::Permanent, 92.0),
            (Contract::FixedTerm, 6.0),
            (Contract::Secondment, 2.0),
        ]);
        let fte = self.person_fte(post);
        let team = if self.rng.chance(0.02) {
            None
        } else {
            Some(post.team)
        };
        let role = if plan.newly_qualified {
            Role::Asye
        } else {
            post.role
        };
        let academy = plan.intake.is_some();
        let job = self.start_job(JobStart {
            person,
            start: plan.start,
            role,
            team,
            contract,
            fte,
            academy,
            origin,
        });
        if let Some(intake) = plan.intake {
            self.join_academy(job, intake, plan.newly_qualified);
        }
        if plan.newly_qualified && self.rng.chance(0.35) {
            self.placement_before_hire(job, post.team);
        }
        job
    }

    /// The FTE a person works in a post: the post's, or part-time by choice.
    fn person_fte(&mut self, post: &Post) -> f64 {
        if post.fte < 1.0 {
            post.fte
        } else if self.rng.chance(0.12) {
            *self.rng.pick(&[0.5, 0.6, 0.8, 0.8, 0.81, 0.9])
        } else {
            1.0
        }
    }

    /// An earlier leaver who comes back, if one fits: gone at least four months, not
    /// back before, not near retirement.
    fn find_returner(&mut self, start: Date) -> Option<usize> {
        for _ in 0..8 {
            if self.leavers.is_empty() {
                return None;
            }
            let (left, person) = *self.rng.pick(&self.leavers);
            let candidate = &self.people[person];
            if candidate.returned
                || left >= plus(start, -120)
                || years_between(candidate.born, start) > 61.0
            {
                continue;
            }
            self.people[person].returned = true;
            return Some(person);
        }
        None
    }

    /// Starts an employment: when it will end and why, its ASYE, and its assignments.
    pub(crate) fn start_job(&mut self, job: JobStart) -> usize {
        let born = self.people[job.person].born;
        // For those already in post when the history starts, the clock starts then.
        let clock = job.start.max(self.from);
        let tenure = years_between(job.start, clock);
        let stay = career::years_until_leaving(
            &mut self.rng,
            tenure,
            years_between(born, clock),
            job.academy,
        );
        let mut end = plus(clock, (stay * 365.25) as i64);
        let mut reason = None;
        if job.contract == Contract::FixedTerm {
            let term_end = plus(job.start, self.rng.between(180, 730));
            if term_end < end && term_end >= clock {
                end = term_end;
                reason = Some(LeavingReason::Other);
            }
        }
        let asye = (job.role == Role::Asye).then(|| self.asye_plan(job.start));
        if let Some(plan) = asye
            && plan.outcome == AsyeOutcome::Fail
            && plan.completes <= end
        {
            end = plus(plan.completes, self.rng.between(0, 25));
            reason = Some(self.rng.weighted(&[
                (LeavingReason::Dismissed, 50.0),
                (LeavingReason::Resignation, 30.0),
                (LeavingReason::Other, 20.0),
            ]));
        }
        end = self.leaving_day(job.start, end);
        if let Some(plan) = asye
            && plan.outcome == AsyeOutcome::Fail
            && reason.is_some()
        {
            end = end.max(plan.completes);
        }
        let reason =
            reason.unwrap_or_else(|| leaving::reason(&mut self.rng, years_between(born, end)));
        let destination = leaving::destination(&mut self.rng, reason);
        let asye_done = asye
            .filter(|plan| plan.outcome != AsyeOutcome::Fail)
            .map(|plan| plan.completes);
        let teams = TeamsToMoveTo {
            children: &self.frontline,
            adults: &self.adult_teams,
        };
        let segments = career::career(
            &mut self.rng,
            &CareerPlan {
                start: job.start,
                end,
                until: self.until,
                changes_from: self.from,
                team: job.team,
                role: job.role,
                contract: job.contract,
                fte: job.fte,
                asye_done,
            },
            &teams,
        );
        let may_return = !matches!(
            reason,
            LeavingReason::Retired | LeavingReason::Deceased | LeavingReason::Dismissed
        );
        if end < self.until && may_return {
            self.leavers.push((end, job.person));
        }
        self.jobs.push(Job {
            person: job.person,
            start: job.start,
            end,
            origin: job.origin,
            reason,
            destination,
            segments,
            agency: false,
            asye,
            away: Vec::new(),
        });
        self.jobs.len() - 1
    }

    /// People leave on a Friday, or at the end of a month.
    pub(crate) fn leaving_day(&mut self, start: Date, planned: Date) -> Date {
        let day = if self.rng.chance(0.45) {
            month_end(planned)
        } else {
            back_to_friday(planned)
        };
        day.max(start)
    }

    /// Agency workers covering a post from `from` to `last`, one after another; whether
    /// anyone covered it before the last day of history.
    pub(crate) fn cover_with_agency(
        &mut self,
        team: usize,
        role: Role,
        from: Date,
        last: Date,
    ) -> bool {
        let mut day = next_weekday(from);
        let mut covered = false;
        while day <= last && day <= self.until {
            let planned = plus(day, 30 + self.rng.exponential(230.0) as i64);
            let end = if planned >= last {
                last
            } else {
                self.leaving_day(day, planned).min(last)
            };
            let role = if role == Role::SocialWorker && self.rng.chance(0.2) {
                Role::SeniorSocialWorker
            } else {
                role
            };
            self.agency_stint(day, end, team, role);
            covered = true;
            let gap = if self.rng.chance(0.25) {
                self.rng.between(1, 14)
            } else {
                0
            };
            day = plus(end, 1 + gap);
        }
        covered
    }

    /// One agency worker's engagement: a person of their own, one assignment.
    pub(crate) fn agency_stint(&mut self, start: Date, end: Date, team: usize, role: Role) {
        let person = self.new_person(start, Entry::Agency);
        let fte = self.rng.weighted(&[(1.0, 90.0), (0.8, 7.0), (0.6, 3.0)]);
        let (reason, destination) = leaving::agency_leaving(&mut self.rng);
        let origin = self.rng.chance(0.6).then_some(StartOrigin::Agency);
        let segment = Segment {
            start,
            end,
            team: Some(team),
            role,
            contract: Contract::Agency,
            fte,
        };
        self.jobs.push(Job {
            person,
            start,
            end,
            origin,
            reason,
            destination,
            segments: vec![segment],
            agency: true,
            asye: None,
            away: Vec::new(),
        });
    }

    /// Agency workers brought in for extra capacity: backlogs, court work, a team
    /// under pressure.
    fn extra_agency_capacity(&mut self) {
        let window_start = plus(self.from, -365);
        let days = crate::calendar::days_between(window_start, self.until);
        let count = (self.size as f64 * EXTRA_AGENCY_PER_POST_YEAR * (days as f64 / 365.25)).round()
            as usize;
        for _ in 0..count {
            let start = next_weekday(plus(window_start, self.rng.between(0, days)));
            if start > self.until {
                continue;
            }
            let planned = plus(start, 40 + self.rng.exponential(180.0) as i64);
            let end = self.leaving_day(start, planned);
            let team = *self.rng.pick(&self.frontline);
            let role = if self.rng.chance(0.25) {
                Role::SeniorSocialWorker
            } else {
                Role::SocialWorker
            };
            self.agency_stint(start, end, team, role);
        }
    }

    /// The council's records, cut at the last day of history.
    pub(crate) fn into_workforce(self) -> (Council, Workforce) {
        let until = self.until;
        let known = |day: Date| (day <= until).then_some(day);
        let mut workforce = Workforce::new(self.council.code);
        workforce.teams = self
            .teams
            .iter()
            .enumerate()
            .map(|(index, team)| Team {
                id: team_id(index),
                name: team.name.clone(),
                service: team.service,
                locality: team.locality.clone(),
            })
            .collect();
        for (index, job) in self.jobs.iter().enumerate() {
            let id = employment_id(index);
            let worker = self.people[job.person].worker.id.clone();
            let end = known(job.end);
            let span = Span::new(job.start, end).expect("an employment ends after it starts");
            let (reason, destination) = match end {
                Some(_) => (Some(job.reason), job.destination),
                None => (None, None),
            };
            let employment =
                Employment::new(id.clone(), worker, span, job.origin, reason, destination)
                    .expect("a demo employment has a leaving reason exactly when it ends");
            workforce.employments.push(employment);
            for segment in &job.segments {
                workforce.assignments.push(Assignment {
                    employment_id: id.clone(),
                    span: Span::new(segment.start, known(segment.end))
                        .expect("an assignment ends after it starts"),
                    team_id: segment.team.map(team_id),
                    role: segment.role,
                    contract: segment.contract,
                    fte: Fte::new(segment.fte).expect("demo FTEs are in (0, 1]"),
                });
            }
        }
        workforce.workers = self
            .people
            .into_iter()
            .map(|person| person.worker)
            .collect();
        workforce.vacancies = self
            .vacancies
            .iter()
            .enumerate()
            .map(|(index, vacancy)| Vacancy {
                id: VacancyId::parse(&format!("V{:05}", index + 1))
                    .expect("demo vacancy IDs are well formed"),
                team_id: vacancy.team.map(team_id),
                role: vacancy.role,
                fte: Fte::new(vacancy.fte).expect("demo FTEs are in (0, 1]"),
                open: Span::new(vacancy.opened, vacancy.closed)
                    .expect("a vacancy closes after it opens"),
                stage: vacancy.stage,
                covered_by_agency: Some(vacancy.covered),
            })
            .collect();
        for intake in &self.intakes {
            for programme in [Programme::Full, Programme::Short] {
                workforce.cohorts.push(Cohort {
                    id: cohort_id(intake, programme),
                    name: crate::academy::cohort_name(intake, programme),
                    programme,
                    start_date: intake.date,
                });
            }
        }
        for member in &self.members {
            let worker: &WorkerId = &workforce.workers[member.person].id;
            let record = AcademyMember::new(
                cohort_id(&self.intakes[member.intake], member.programme),
                worker.clone(),
                member.joined,
                member.completed,
                member.outcome,
            )
            .expect("members complete after joining");
            workforce.academy_members.push(record);
        }
        workforce.placements = self.placements;
        workforce.recruitment_events = self.events;
        workforce.absences = self.absences;
        workforce.caseloads = self.caseloads;
        workforce.exit_interviews = self.exit_interviews;
        workforce.sort();
        (self.council, workforce)
    }
}

/// The ID of the `index`th employment.
fn employment_id(index: usize) -> EmploymentId {
    EmploymentId::parse(&format!("E{:06}", index + 1)).expect("demo employment IDs are well formed")
}

/// A cohort's ID, such as `2024-09-FULL`.
pub(crate) fn cohort_id(intake: &Intake, programme: Programme) -> CohortId {
    use chrono::Datelike;
    let kind = match programme {
        Programme::Full => "FULL",
        Programme::Short => "SHORT",
    };
    let text = format!("{}-{:02}-{kind}", intake.date.year(), intake.date.month());
    CohortId::parse(&text).expect("demo cohort IDs are well formed")
}
