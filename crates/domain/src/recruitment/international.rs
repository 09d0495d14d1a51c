//! International recruits: alerts before their right to work ends, their Social Work
//! England registration, the check-ins of their first year, and how long they stay
//! against other starters.
//!
//! - **Visa alerts**: a recruit still employed (an employment not ended before the
//!   day) whose right to work ends within the council's `visa_alert_days` of the day
//!   (the last day of the window included), or has already ended.
//! - **Check-ins**: monthly in the first year after arrival. The first is due a month
//!   after arrival, each next one a month after the latest held (or after arrival if
//!   none has been held since). None is due once the first anniversary of arrival has
//!   passed, nor for a recruit with no arrival date or no longer employed. Due soon
//!   and overdue as the academy's due dates count them ([`DueState`]).
//! - **Retention**: Kaplan–Meier estimates of the recruits' employments (the one
//!   running when they arrived and any later; all of them when the arrival is not
//!   recorded) against those of everyone else who started since the first of those
//!   employments, from the measures engine.

use std::collections::HashSet;

use serde::Serialize;

use super::{CheckIn, InternationalRecruit, SweStatus};
use crate::academy::asye::DueState;
use crate::ids::WorkerId;
use crate::measures::employment_survival::{KaplanMeierFigures, estimate_of};
use crate::records::Employment;
use crate::values::{Date, add_months};
use crate::workforce::Workforce;

/// Months after arrival during which check-ins are due monthly.
pub const CHECK_IN_MONTHS: u32 = 12;

/// Whether the worker has an employment not ended before `today` (running, or
/// starting later).
pub fn still_employed(workforce: &Workforce, worker: &WorkerId, today: Date) -> bool {
    workforce
        .employments
        .iter()
        .any(|e| e.worker_id() == worker && e.span().end().is_none_or(|end| end >= today))
}

/// A right to work ending soon, or ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisaAlert {
    /// The recruit.
    pub worker_id: WorkerId,
    /// The last day of their right to work.
    pub expires_on: Date,
    /// Days from the day to the expiry (negative once it has passed).
    pub days_left: i64,
}

impl VisaAlert {
    /// Whether the right to work has already ended.
    pub fn expired(&self) -> bool {
        self.days_left < 0
    }
}

/// The alert for one recruit, if their right to work ends within `alert_days` of
/// `today` or has ended; whether they are still employed is the caller's to check.
pub fn visa_alert(
    recruit: &InternationalRecruit,
    alert_days: u32,
    today: Date,
) -> Option<VisaAlert> {
    let expires_on = recruit.right_to_work_expires?;
    let days_left = (expires_on - today).num_days();
    (days_left <= i64::from(alert_days)).then(|| VisaAlert {
        worker_id: recruit.worker_id.clone(),
        expires_on,
        days_left,
    })
}

/// The alerts of the recruits still employed on `today`, soonest expiry first.
pub fn visa_alerts(
    recruits: &[InternationalRecruit],
    workforce: &Workforce,
    alert_days: u32,
    today: Date,
) -> Vec<VisaAlert> {
    let mut alerts: Vec<VisaAlert> = recruits
        .iter()
        .filter(|recruit| still_employed(workforce, &recruit.worker_id, today))
        .filter_map(|recruit| visa_alert(recruit, alert_days, today))
        .collect();
    alerts.sort_by(|a, b| (a.expires_on, &a.worker_id).cmp(&(b.expires_on, &b.worker_id)));
    alerts
}

/// How many recruits have each registration status, every status listed.
pub fn swe_status_counts(recruits: &[InternationalRecruit]) -> Vec<(SweStatus, u64)> {
    SweStatus::ALL
        .iter()
        .map(|status| {
            let count = recruits.iter().filter(|r| r.swe_status == *status).count();
            (*status, count as u64)
        })
        .collect()
}

/// The next check-in due for a recruit, if one is due in their first year.
pub fn next_check_in(
    recruit: &InternationalRecruit,
    check_ins: &[CheckIn],
    today: Date,
) -> Option<Date> {
    let arrived = recruit.arrived_on?;
    let year_ends = add_months(arrived, CHECK_IN_MONTHS);
    if today > year_ends {
        return None;
    }
    let latest = check_ins
        .iter()
        .filter(|c| c.worker_id == recruit.worker_id && c.on >= arrived)
        .map(|c| c.on)
        .max()
        .unwrap_or(arrived);
    Some(add_months(latest, 1)).filter(|due| *due <= year_ends)
}

/// A check-in due soon or overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInDue {
    /// The recruit.
    pub worker_id: WorkerId,
    /// When it is due.
    pub due_on: Date,
    /// Due soon or overdue.
    pub state: DueState,
}

/// The check-ins due soon or overdue for recruits still employed, earliest first.
pub fn check_ins_due(
    recruits: &[InternationalRecruit],
    check_ins: &[CheckIn],
    workforce: &Workforce,
    today: Date,
) -> Vec<CheckInDue> {
    let mut due: Vec<CheckInDue> = recruits
        .iter()
        .filter(|recruit| still_employed(workforce, &recruit.worker_id, today))
        .filter_map(|recruit| {
            let due_on = next_check_in(recruit, check_ins, today)?;
            let state = DueState::of(due_on, None, today);
            matches!(state, DueState::DueSoon | DueState::Overdue).then(|| CheckInDue {
                worker_id: recruit.worker_id.clone(),
                due_on,
                state,
            })
        })
        .collect();
    due.sort_by(|a, b| (a.due_on, &a.worker_id).cmp(&(b.due_on, &b.worker_id)));
    due
}

/// How long international recruits' employments last against other starters'.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetentionComparison {
    /// The first day any recruit's counted employment started: other starters are
    /// those who started on or after it.
    pub since: Option<Date>,
    /// The recruits' employments.
    pub recruits: Option<KaplanMeierFigures>,
    /// Other starters' employments.
    pub others: Option<KaplanMeierFigures>,
}

/// Whether an employment is one of a recruit's counted ones: running when they
/// arrived, or started later (every one when the arrival is unknown).
fn counts_for(recruit: &InternationalRecruit, employment: &Employment) -> bool {
    employment.worker_id() == &recruit.worker_id
        && recruit.arrived_on.is_none_or(|arrived| {
            employment.span().covers(arrived) || employment.span().start() > arrived
        })
}

/// The recruits' employments against other starters', estimated at `date`: S at 1
/// year is the 12-month retention, at 2 years the 24-month.
pub fn retention(
    workforce: &Workforce,
    recruits: &[InternationalRecruit],
    date: Date,
) -> RetentionComparison {
    let counted = |employment: &Employment| recruits.iter().any(|r| counts_for(r, employment));
    let since = workforce
        .employments
        .iter()
        .filter(|e| counted(e) && e.span().start() <= date)
        .map(|e| e.span().start())
        .min();
    let recruit_ids: HashSet<&WorkerId> = recruits.iter().map(|r| &r.worker_id).collect();
    let Some(since) = since else {
        return RetentionComparison {
            since: None,
            recruits: None,
            others: None,
        };
    };
    RetentionComparison {
        since: Some(since),
        recruits: estimate_of(workforce, date, counted),
        others: estimate_of(workforce, date, |employment| {
            !recruit_ids.contains(employment.worker_id()) && employment.span().start() >= since
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Contract, LeavingReason, Role, Service, StartOrigin};
    use crate::council::CouncilCode;
    use crate::ids::{EmploymentId, TeamId};
    use crate::records::{Assignment, Team};
    use crate::recruitment::{Settling, VisaType};
    use crate::values::{Fte, Span};

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn recruit(worker: &str, expires: Option<&str>, arrived: Option<&str>) -> InternationalRecruit {
        InternationalRecruit {
            worker_id: WorkerId::parse(worker).unwrap(),
            country: "Zimbabwe".into(),
            visa_type: VisaType::HealthAndCareWorker,
            right_to_work_expires: expires.map(date),
            swe_status: SweStatus::Registered,
            arrived_on: arrived.map(date),
            relocation_support: String::new(),
            buddy_worker_id: None,
        }
    }

    fn check_in(worker: &str, number: u32, on: &str) -> CheckIn {
        CheckIn {
            worker_id: WorkerId::parse(worker).unwrap(),
            number,
            on: date(on),
            by: "Team manager".into(),
            settling: Settling::Well,
            notes: String::new(),
        }
    }

    /// A workforce with one employment per `(worker, start, end)`.
    fn workforce(employments: &[(&str, &str, Option<&str>)]) -> Workforce {
        let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
        let team = TeamId::parse("T1").unwrap();
        workforce.teams.push(Team {
            id: team.clone(),
            name: "Assessment".into(),
            service: Service::Children,
            locality: None,
        });
        for (index, (worker, start, end)) in employments.iter().enumerate() {
            let id = EmploymentId::parse(&format!("E{index}")).unwrap();
            let span = Span::new(date(start), end.map(date)).unwrap();
            workforce.employments.push(
                Employment::new(
                    id.clone(),
                    WorkerId::parse(worker).unwrap(),
                    span,
                    Some(StartOrigin::OutsideEngland),
                    end.map(|_| LeavingReason::Resignation),
                    None,
                )
                .unwrap(),
            );
            workforce.assignments.push(Assignment {
                employment_id: id,
                span,
                team_id: Some(team.clone()),
                role: Role::SocialWorker,
                contract: Contract::Permanent,
                fte: Fte::new(1.0).unwrap(),
            });
        }
        workforce
    }

    #[test]
    fn a_visa_is_flagged_from_the_first_day_of_the_alert_window_and_once_expired() {
        let today = date("2024-10-01");
        // 90 days after 1 October 2024 is 30 December 2024.
        let on_the_boundary = recruit("W1", Some("2024-12-30"), None);
        let a_day_later = recruit("W2", Some("2024-12-31"), None);
        let expired = recruit("W3", Some("2024-09-30"), None);
        let no_expiry = recruit("W4", None, None);
        assert_eq!(
            visa_alert(&on_the_boundary, 90, today).map(|a| a.days_left),
            Some(90)
        );
        assert_eq!(visa_alert(&a_day_later, 90, today), None);
        assert!(visa_alert(&expired, 90, today).unwrap().expired());
        assert_eq!(visa_alert(&no_expiry, 90, today), None);
    }

    #[test]
    fn only_recruits_still_employed_are_alerted_soonest_first() {
        let today = date("2024-10-01");
        let workforce = workforce(&[
            ("W1", "2023-01-01", None),
            ("W2", "2023-01-01", Some("2024-09-30")),
            ("W3", "2023-01-01", Some("2024-10-01")),
        ]);
        let recruits = [
            recruit("W1", Some("2024-11-01"), None),
            recruit("W2", Some("2024-10-05"), None),
            recruit("W3", Some("2024-10-20"), None),
        ];
        let alerts = visa_alerts(&recruits, &workforce, 90, today);
        let workers: Vec<&str> = alerts.iter().map(|a| a.worker_id.as_str()).collect();
        // W2 left the day before; W3 works their last day today.
        assert_eq!(workers, ["W3", "W1"]);
    }

    #[test]
    fn check_ins_are_due_monthly_from_arrival_until_the_first_anniversary() {
        let arrived = recruit("W1", None, Some("2024-01-15"));
        assert_eq!(
            next_check_in(&arrived, &[], date("2024-01-20")),
            Some(date("2024-02-15"))
        );
        let held = [
            check_in("W1", 1, "2024-02-20"),
            check_in("W1", 2, "2024-03-18"),
        ];
        assert_eq!(
            next_check_in(&arrived, &held, date("2024-03-20")),
            Some(date("2024-04-18"))
        );
        // The twelfth is due on the anniversary; none after.
        let late = [check_in("W1", 1, "2024-12-15")];
        assert_eq!(
            next_check_in(&arrived, &late, date("2024-12-20")),
            Some(date("2025-01-15"))
        );
        let last = [check_in("W1", 1, "2025-01-10")];
        assert_eq!(next_check_in(&arrived, &last, date("2025-01-12")), None);
        assert_eq!(next_check_in(&arrived, &[], date("2025-01-16")), None);
        assert_eq!(
            next_check_in(&recruit("W2", None, None), &[], date("2024-03-01")),
            None
        );
    }

    #[test]
    fn the_due_list_has_check_ins_due_soon_or_overdue_for_recruits_still_employed() {
        let workforce = workforce(&[
            ("W1", "2024-01-15", None),
            ("W2", "2024-01-15", None),
            ("W3", "2024-01-15", Some("2024-03-01")),
        ]);
        let recruits = [
            recruit("W1", None, Some("2024-01-15")),
            recruit("W2", None, Some("2024-03-10")),
            recruit("W3", None, Some("2024-01-15")),
        ];
        let due = check_ins_due(&recruits, &[], &workforce, date("2024-03-20"));
        // W1's first was due on 15 February: overdue. W2's is due on 10 April, more
        // than 14 days away. W3 has left.
        assert_eq!(
            due,
            vec![CheckInDue {
                worker_id: WorkerId::parse("W1").unwrap(),
                due_on: date("2024-02-15"),
                state: DueState::Overdue,
            }]
        );
        let due = check_ins_due(&recruits, &[], &workforce, date("2024-03-27"));
        assert_eq!(due.len(), 2);
        assert_eq!(due[1].state, DueState::DueSoon);
    }

    #[test]
    fn registration_statuses_are_counted_with_every_status_listed() {
        let mut applied = recruit("W2", None, None);
        applied.swe_status = SweStatus::Applied;
        let counts = swe_status_counts(&[recruit("W1", None, None), applied]);
        assert_eq!(counts.len(), SweStatus::ALL.len());
        assert!(counts.contains(&(SweStatus::Registered, 1)));
        assert!(counts.contains(&(SweStatus::Applied, 1)));
        assert!(counts.contains(&(SweStatus::Refused, 0)));
    }

    #[test]
    fn recruits_retention_is_compared_with_people_who_started_since_the_first_recruit() {
        let workforce = workforce(&[
            // Recruits: one left after 6 months, one stays.
            ("R1", "2022-01-10", Some("2022-07-09")),
            ("R2", "2022-03-01", None),
            // A recruit's spell before arriving does not count.
            ("R2", "2015-01-01", Some("2016-01-01")),
            // Other starters since: both stay.
            ("W1", "2022-02-01", None),
            ("W2", "2023-02-01", None),
            // Started before the first recruit: not compared.
            ("W3", "2020-01-01", Some("2020-03-01")),
        ]);
        let recruits = [
            recruit("R1", None, Some("2022-01-05")),
            recruit("R2", None, Some("2022-02-20")),
        ];
        let result = retention(&workforce, &recruits, date("2024-09-30"));
        assert_eq!(result.since, Some(date("2022-01-10")));
        let ours = result.recruits.unwrap();
        assert_eq!((ours.n, ours.events), (2, 1));
        assert_eq!(ours.at.get("1").unwrap().s, Some(0.5));
        let others = result.others.unwrap();
        assert_eq!((others.n, others.events), (2, 0));
        assert_eq!(others.at.get("2").unwrap().s, Some(1.0));
        let none = retention(&workforce, &[], date("2024-09-30"));
        assert_eq!(none.recruits, None);
        assert_eq!(none.others, None);
    }
}
