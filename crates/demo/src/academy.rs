//! The social work academy: a full-programme cohort of newly qualified social workers
//! and a short cohort of experienced starters, twice a year (March and September), and
//! each newly qualified worker's Assessed and Supported Year in Employment.

use chrono::Datelike;
use pathway_domain::codes::{AsyeOutcome, Programme};
use pathway_domain::values::Date;

use crate::calendar::{days_between, first_monday, plus};
use crate::council::{AsyePlan, Intake, Membership, Story};

impl Story {
    /// Intakes from the year the academy was founded (four to eight years before the
    /// last day of history, as most councils' academies are recent) to that day.
    pub(crate) fn set_up_academy(&mut self) {
        let last_year = self.until.year();
        let founded = (last_year - self.rng.between(4, 8) as i32).max(self.from.year());
        for year in founded..=last_year {
            for month in [3, 9] {
                let date = first_monday(year, month);
                if date <= self.until {
                    self.intakes.push(Intake { date });
                }
            }
        }
    }

    /// The first intake on or after `day` and at most `within` days later.
    pub(crate) fn next_intake(&self, day: Date, within: i64) -> Option<usize> {
        self.intakes
            .iter()
            .position(|intake| intake.date >= day && days_between(day, intake.date) <= within)
    }

    /// How a newly qualified worker's ASYE will go: about a year, mostly passed, a few
    /// extended by three to six months, a few failed.
    pub(crate) fn asye_plan(&mut self, start: Date) -> AsyePlan {
        let due = plus(start, 365 + self.rng.between(0, 30));
        let outcome = self.rng.weighted(&[
            (AsyeOutcome::Pass, 92.0),
            (AsyeOutcome::Extended, 6.0),
            (AsyeOutcome::Fail, 2.0),
        ]);
        let completes = match outcome {
            AsyeOutcome::Extended => plus(due, self.rng.between(90, 180)),
            _ => due,
        };
        AsyePlan {
            due,
            completes,
            outcome,
        }
    }

    /// Makes the worker of `job` a member of the intake's full cohort (newly qualified)
    /// or short cohort (experienced), with what came of it by the last day of history.
    pub(crate) fn join_academy(&mut self, job: usize, intake: usize, newly_qualified: bool) {
        let joined = self.intakes[intake].date;
        let (person, end, asye) = (
            self.jobs[job].person,
            self.jobs[job].end,
            self.jobs[job].asye,
        );
        let known_until = end.min(self.until);
        if joined > known_until {
            return;
        }
        let (programme, completed, outcome) = match asye {
            Some(plan) if newly_qualified => {
                let (completed, outcome) = if plan.completes <= known_until {
                    (Some(plan.completes), Some(plan.outcome))
                } else if end < plan.completes && end <= self.until {
                    (None, None) // left before finishing
                } else if plan.outcome == AsyeOutcome::Extended && plan.due <= self.until {
                    (None, Some(AsyeOutcome::Extended))
                } else {
                    (None, Some(AsyeOutcome::InProgress))
                };
                (Programme::Full, completed, outcome)
            }
            _ => {
                let finish = plus(joined, self.rng.between(80, 120));
                (
                    Programme::Short,
                    (finish <= known_until).then_some(finish),
                    Some(AsyeOutcome::NotApplicable),
                )
            }
        };
        self.members.push(Membership {
            intake,
            programme,
            person,
            joined,
            completed,
            outcome,
        });
    }
}

/// A cohort's name as the academy team writes it, e.g. `September 2024 ASYE academy`.
pub(crate) fn cohort_name(intake: &Intake, programme: Programme) -> String {
    let month = if intake.date.month() == 3 {
        "March"
    } else {
        "September"
    };
    match programme {
        Programme::Full => format!("{month} {} ASYE academy", intake.date.year()),
        Programme::Short => format!("{month} {} experienced starters", intake.date.year()),
    }
}
