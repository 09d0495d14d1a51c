//! Absences of the council's own staff: mostly short sickness, some long-term sickness,
//! training and other leave, and maternity leave; long ones are often covered by an
//! agency worker.

use pathway_domain::codes::{AbsenceReason, Role};
use pathway_domain::records::Absence;
use pathway_domain::values::{Span, WorkingDays};

use crate::calendar::{after_working_days, next_weekday, plus, weekdays, years_between};
use crate::council::Story;

/// Mean calendar days between the start of one absence and the next: about three and a
/// half a year, which with their lengths gives the eight to ten sickness days a year
/// councils report per FTE.
const MEAN_DAYS_BETWEEN: f64 = 105.0;

impl Story {
    /// Absences for every employment of the council's own staff, from the first day of
    /// history (the records start then).
    pub(crate) fn record_absences(&mut self) {
        let staff_jobs = self.jobs.len();
        for job in 0..staff_jobs {
            if !self.jobs[job].agency {
                self.absences_of(job);
            }
        }
    }

    fn absences_of(&mut self, job: usize) {
        let (start, end, person) = (
            self.jobs[job].start,
            self.jobs[job].end,
            self.jobs[job].person,
        );
        let (born, female) = (self.people[person].born, self.people[person].female);
        let last = end.min(self.until);
        let mut day = start.max(self.from);
        let mut last_maternity = None;
        loop {
            day = next_weekday(plus(
                day,
                1 + self.rng.exponential(MEAN_DAYS_BETWEEN) as i64,
            ));
            if day > last {
                break;
            }
            let age = years_between(born, day);
            let maternity_due = female
                && (24.0..44.0).contains(&age)
                && last_maternity.is_none_or(|previous| years_between(previous, day) > 2.0)
                && self.rng.chance(0.012);
            let (reason, working_days, half_day) = if maternity_due {
                last_maternity = Some(day);
                (AbsenceReason::Maternity, self.rng.between(120, 250), false)
            } else {
                let reason = self.rng.weighted(&[
                    (AbsenceReason::Sickness, 55.0),
                    (AbsenceReason::Training, 25.0),
                    (AbsenceReason::OtherPaid, 10.0),
                    (AbsenceReason::Unpaid, 4.0),
                    (AbsenceReason::PublicDuties, 3.0),
                    (AbsenceReason::Unauthorised, 3.0),
                ]);
                let days = match reason {
                    AbsenceReason::Sickness => {
                        let draw = self.rng.unit();
                        if draw < 0.75 {
                            self.rng.between(1, 5)
                        } else if draw < 0.93 {
                            self.rng.between(6, 20)
                        } else {
                            self.rng.between(21, 120)
                        }
                    }
                    AbsenceReason::PublicDuties => self.rng.between(1, 10),
                    _ => self.rng.between(1, 3),
                };
                (reason, days, days == 1 && self.rng.chance(0.15))
            };
            let finish = after_working_days(day, working_days).min(end);
            let still_away = finish > self.until;
            let counted_to = finish.min(self.until);
            let Some(segment) = self.jobs[job]
                .segments
                .iter()
                .find(|s| s.start <= day && day <= s.end)
                .copied()
            else {
                break;
            };
            let full_days = if half_day {
                0.5
            } else {
                weekdays(day, counted_to) as f64
            };
            // Part-timers lose the days they would have worked; kept to two decimals as
            // HR systems do.
            let lost = (full_days * segment.fte * 100.0).round() / 100.0;
            let span = Span::new(day, (!still_away).then_some(finish))
                .expect("an absence ends after it starts");
            let record = Absence::new(
                self.people[person].worker.id.clone(),
                span,
                reason,
                WorkingDays::new(lost).expect("days lost are not negative"),
            )
            .expect("days lost fit within the absence");
            self.absences.push(record);
            if working_days >= 10 {
                self.jobs[job].away.push((day, finish));
            }
            let cover_chance = match reason {
                AbsenceReason::Maternity => 0.75,
                AbsenceReason::Sickness if working_days >= 20 => 0.35,
                _ => 0.0,
            };
            if cover_chance > 0.0 && self.rng.chance(cover_chance) {
                let team = match segment.team.filter(|team| self.frontline.contains(team)) {
                    Some(team) => team,
                    None => *self.rng.pick(&self.frontline),
                };
                let cover_from = plus(day, self.rng.between(3, 15));
                if cover_from < finish {
                    self.cover_with_agency(team, Role::SocialWorker, cover_from, finish);
                }
            }
            day = finish;
        }
    }
}
