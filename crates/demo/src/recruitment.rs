//! Recruitment: vacancies and where they have got to, university student placements
//! (some of whom the council hires), and recruitment events.

use chrono::Datelike;
use pathway_domain::codes::{PlacementNumber, PlacementOutcome, Role, VacancyStage};
use pathway_domain::ids::{EventId, PlacementId};
use pathway_domain::records::{Placement, RecruitmentEvent};
use pathway_domain::values::{Date, Span};

use crate::calendar::{days_between, first_monday, next_weekday, plus, years_between};
use crate::council::{Post, Story, VacancyPlan, team_id};
use crate::names::{EVENT_VENUES, home_town};
use crate::people::random_name;

impl Story {
    /// Records a vacancy that opened on `opened` and is filled on `filled_on`: closed if
    /// that is by the last day of history, otherwise still open at a stage that fits how
    /// far off filling it is.
    pub(crate) fn record_vacancy(
        &mut self,
        post: &Post,
        opened: Date,
        filled_on: Date,
        covered: bool,
        waiting_for_cohort: bool,
    ) {
        let (closed, stage) = if filled_on <= self.until {
            (Some(filled_on), VacancyStage::Filled)
        } else {
            let left = days_between(self.until, filled_on);
            let stage = if waiting_for_cohort && left <= 150 {
                self.rng.weighted(&[
                    (VacancyStage::PreEmploymentChecks, 70.0),
                    (VacancyStage::Offer, 30.0),
                ])
            } else if left > 240 {
                self.rng.weighted(&[
                    (VacancyStage::NotRecruiting, 35.0),
                    (VacancyStage::Advertised, 65.0),
                ])
            } else if left > 100 {
                self.rng.weighted(&[
                    (VacancyStage::Advertised, 55.0),
                    (VacancyStage::Shortlisting, 30.0),
                    (VacancyStage::Interview, 15.0),
                ])
            } else if left > 40 {
                self.rng.weighted(&[
                    (VacancyStage::Shortlisting, 25.0),
                    (VacancyStage::Interview, 45.0),
                    (VacancyStage::Offer, 30.0),
                ])
            } else {
                self.rng.weighted(&[
                    (VacancyStage::Offer, 35.0),
                    (VacancyStage::PreEmploymentChecks, 65.0),
                ])
            };
            (None, stage)
        };
        let team = (!self.rng.chance(0.02)).then_some(post.team);
        self.vacancies.push(VacancyPlan {
            team,
            role: post.role,
            fte: post.fte,
            opened,
            closed,
            stage,
            covered,
        });
    }

    /// Posts advertised then withdrawn (a restructure, a budget cut), and a couple of
    /// posts frozen and not being recruited to on the last day of history.
    pub(crate) fn withdrawn_and_frozen_posts(&mut self) {
        let days = days_between(self.from, self.until);
        let withdrawn = (self.size as f64 * 0.012 * days as f64 / 365.25).round() as usize;
        for _ in 0..withdrawn {
            let opened = plus(self.from, self.rng.between(0, days));
            let closed = plus(opened, self.rng.between(30, 240));
            if closed > self.until {
                continue;
            }
            let team = *self.rng.pick(&self.frontline);
            let role = if self.rng.chance(0.7) {
                Role::SocialWorker
            } else {
                Role::SeniorSocialWorker
            };
            let covered = self.rng.chance(0.2) && {
                let from = plus(opened, self.rng.between(5, 30));
                self.cover_with_agency(team, role, from, plus(closed, -1))
            };
            self.vacancies.push(VacancyPlan {
                team: Some(team),
                role,
                fte: 1.0,
                opened,
                closed: Some(closed),
                stage: VacancyStage::Withdrawn,
                covered,
            });
        }
        for _ in 0..self.rng.between(0, 2) {
            let opened = plus(self.until, -self.rng.between(30, 400));
            let team = *self.rng.pick(&self.frontline);
            self.vacancies.push(VacancyPlan {
                team: Some(team),
                role: Role::SocialWorker,
                fte: *self.rng.pick(&[1.0, 0.8, 0.6]),
                opened,
                closed: None,
                stage: VacancyStage::NotRecruiting,
                covered: false,
            });
        }
    }

    /// The final placement of a newly qualified worker who was a student here and
    /// accepted the job offered at the end of it.
    pub(crate) fn placement_before_hire(&mut self, job: usize, team: usize) {
        let (person, start) = (self.jobs[job].person, self.jobs[job].start);
        let worker = &self.people[person].worker;
        let Some(university) = worker.qualification_institution.clone() else {
            return;
        };
        if !UNIVERSITY_ROUTES.contains(&worker.route) {
            return;
        }
        let student_name = format!("{} {}", worker.given_name, worker.family_name);
        let hired_worker_id = Some(worker.id.clone());
        let ended = next_weekday(plus(start, -self.rng.between(60, 200)));
        let started = next_weekday(plus(ended, -self.rng.between(95, 150)));
        let id = self.placement_id();
        self.placements.push(Placement {
            id,
            student_name,
            university,
            number: PlacementNumber::Final,
            team_id: Some(team_id(team)),
            span: Span::new(started, Some(ended)).expect("a placement ends after it starts"),
            outcome: Some(PlacementOutcome::Accepted),
            hired_worker_id,
        });
    }

    fn placement_id(&self) -> PlacementId {
        PlacementId::parse(&format!("PL{:04}", self.placements.len() + 1))
            .expect("demo placement IDs are well formed")
    }

    /// Students on first placements in the autumn and final placements from January,
    /// each academic year, and what came of the final ones.
    pub(crate) fn record_student_placements(&mut self) {
        let per_year = (self.size / 30).max(3) as i64;
        for year in self.from.year()..=self.until.year() {
            for number in [PlacementNumber::First, PlacementNumber::Final] {
                let count = per_year + self.rng.between(-2, 2);
                for _ in 0..count {
                    let (season, length) = match number {
                        PlacementNumber::First => {
                            (first_monday(year, 10), self.rng.between(70, 100))
                        }
                        PlacementNumber::Final => {
                            (first_monday(year, 1), self.rng.between(100, 150))
                        }
                    };
                    let started = next_weekday(plus(season, self.rng.between(0, 21)));
                    if started < self.from || started > self.until {
                        continue;
                    }
                    let ended = plus(started, length);
                    let finished = ended <= self.until;
                    let outcome = match number {
                        _ if !finished => None,
                        PlacementNumber::First => {
                            self.rng.chance(0.3).then_some(PlacementOutcome::NotOffered)
                        }
                        PlacementNumber::Final => {
                            let recent = years_between(ended, self.until) < 0.75;
                            Some(self.rng.weighted(&[
                                (PlacementOutcome::NotOffered, 50.0),
                                (PlacementOutcome::Offered, if recent { 12.0 } else { 4.0 }),
                                (PlacementOutcome::Declined, 25.0),
                                (PlacementOutcome::Accepted, if recent { 15.0 } else { 0.0 }),
                            ]))
                        }
                    };
                    let university = if self.rng.chance(0.8) {
                        *self.rng.pick(&self.local_universities)
                    } else {
                        *self.rng.pick(&crate::names::UNIVERSITIES)
                    };
                    let student_name = random_name(&mut self.rng);
                    let team = *self.rng.pick(&self.frontline);
                    let id = self.placement_id();
                    self.placements.push(Placement {
                        id,
                        student_name,
                        university: university.to_owned(),
                        number,
                        team_id: Some(team_id(team)),
                        span: Span::new(started, finished.then_some(ended))
                            .expect("a placement ends after it starts"),
                        outcome,
                        hired_worker_id: None,
                    });
                }
            }
        }
    }

    /// Recruitment events, four to eight a year, a third of them out of hours, each
    /// with its funnel: attendees, then fewer applications, offers and hires.
    pub(crate) fn record_recruitment_events(&mut self) {
        let town = home_town(&self.council).to_owned();
        let mut events: Vec<(Date, bool)> = Vec::new();
        for year in self.from.year()..=self.until.year() {
            for _ in 0..self.rng.between(4, 8) {
                let day = plus(first_monday(year, 1), self.rng.between(0, 360));
                if day < self.from || day > self.until {
                    continue;
                }
                let out_of_hours = self.rng.chance(0.35);
                // Out-of-hours events are on Saturdays or weekday evenings; the rest on
                // weekdays.
                let day = if out_of_hours && self.rng.chance(0.5) {
                    let to_saturday = (5 + 7 - i64::from(day.weekday().num_days_from_monday())) % 7;
                    plus(day, to_saturday)
                } else {
                    next_weekday(day)
                };
                if day <= self.until && !events.contains(&(day, out_of_hours)) {
                    events.push((day, out_of_hours));
                }
            }
        }
        events.sort();
        for (number, (held_on, out_of_hours)) in events.into_iter().enumerate() {
            let venue = self.rng.pick(&EVENT_VENUES).replace("{}", &town);
            let attendees = self.rng.between(6, 90) as u32;
            let recent = days_between(held_on, self.until) < 60;
            let figures_kept = !self.rng.chance(0.08);
            let applications = figures_kept.then(|| scale(&mut self.rng, attendees, 0.15, 0.6));
            let offers = applications
                .filter(|_| !recent || self.rng.chance(0.5))
                .map(|n| scale(&mut self.rng, n, 0.2, 0.6));
            let hires = offers
                .filter(|_| !recent)
                .map(|n| scale(&mut self.rng, n, 0.5, 1.0));
            self.events.push(RecruitmentEvent {
                id: EventId::parse(&format!("RE{:03}", number + 1))
                    .expect("demo event IDs are well formed"),
                held_on,
                location: venue,
                out_of_hours: Some(out_of_hours),
                attendees: Some(attendees),
                applications,
                offers,
                hires,
            });
        }
    }
}

/// Routes whose students come on placement from a university.
const UNIVERSITY_ROUTES: [Option<pathway_domain::codes::Route>; 3] = [
    Some(pathway_domain::codes::Route::University),
    Some(pathway_domain::codes::Route::Apprenticeship),
    Some(pathway_domain::codes::Route::StepUp),
];

/// A share of `count` between `low` and `high`, never more than `count`.
fn scale(rng: &mut crate::random::Rng, count: u32, low: f64, high: f64) -> u32 {
    ((f64::from(count) * rng.uniform(low, high)).round() as u32).min(count)
}
