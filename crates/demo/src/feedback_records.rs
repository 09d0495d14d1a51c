//! A demo council's feedback sessions: a "coffee and cake" session every three months
//! for two years before the last day, each with a few themes staff raised and the
//! actions agreed, most of the older ones done ("you said, we did") and some recent
//! ones still open or overdue.

use chrono::{Days, Months};
use pathway_domain::CouncilCode;
use pathway_domain::feedback::{
    Action, ActionStatus, Feedback, FeedbackChanges, FeedbackSession, SessionDetails, Theme,
};
use pathway_domain::survey::EmployerStandard;

use crate::DemoOptions;
use crate::random::Rng;

/// The feedback sessions' own random stream, so that adding them changes nothing else.
const FEEDBACK_STREAM: u64 = 0xFEED_BAC6_C0FF_EE00;

/// A theme staff raise, with what is done about it.
struct ThemeIdea {
    text: &'static str,
    standard: Option<EmployerStandard>,
    action: &'static str,
    owner: &'static str,
    did: &'static str,
}

const IDEAS: &[ThemeIdea] = &[
    ThemeIdea {
        text: "Duty weeks leave no time to write up visits",
        standard: Some(EmployerStandard::SafeWorkloads),
        action: "Protect the Friday after a duty week for recording",
        owner: "Head of service",
        did: "The Friday after duty is now kept free of new allocations in every assessment team.",
    },
    ThemeIdea {
        text: "Supervision is often cancelled at short notice",
        standard: Some(EmployerStandard::Supervision),
        action: "Book supervision six months ahead and report cancellations monthly",
        owner: "Principal social worker",
        did: "Supervision dates are booked to March and cancellations are reviewed at the managers' meeting.",
    },
    ThemeIdea {
        text: "Newly qualified workers want more time with experienced colleagues",
        standard: Some(EmployerStandard::ProfessionalDevelopment),
        action: "Start a buddy scheme pairing ASYE workers with senior practitioners",
        owner: "Academy team",
        did: "Every ASYE worker now has a named buddy from another team.",
    },
    ThemeIdea {
        text: "Pool cars are hard to book for home visits",
        standard: None,
        action: "Add pool cars at the two busiest offices",
        owner: "Business support manager",
        did: "Two more pool cars were leased for the north and central offices.",
    },
    ThemeIdea {
        text: "Staff do not know the practice model well enough to use it in reports",
        standard: Some(EmployerStandard::ClearFramework),
        action: "Run short practice model workshops in each team meeting",
        owner: "Principal social worker",
        did: "Workshops were held in every team and the report templates now follow the model.",
    },
    ThemeIdea {
        text: "Workers feel unsupported after difficult visits",
        standard: Some(EmployerStandard::Wellbeing),
        action: "Offer reflective group sessions with the clinical psychologist",
        owner: "Workforce development team",
        did: "Monthly reflective groups started, open to every social worker.",
    },
    ThemeIdea {
        text: "Hard to keep Social Work England CPD records up to date",
        standard: Some(EmployerStandard::ProfessionalRegistration),
        action: "Set aside an hour a month for recording CPD",
        owner: "Workforce development team",
        did: "A monthly CPD hour is in every team's calendar and managers check it in supervision.",
    },
    ThemeIdea {
        text: "Handovers between the front door and long-term teams are slow",
        standard: Some(EmployerStandard::Partnerships),
        action: "Agree a transfer protocol with a joint meeting within five days",
        owner: "Service manager, safeguarding",
        did: "The transfer protocol was agreed and joint transfer meetings happen within five days.",
    },
    ThemeIdea {
        text: "Vacancies in the disabled children's team put pressure on everyone",
        standard: Some(EmployerStandard::WorkforcePlanning),
        action: "Recruit to the team's vacancies as a priority campaign",
        owner: "Recruitment team",
        did: "A targeted campaign filled three of the four vacancies.",
    },
    ThemeIdea {
        text: "Laptops are slow and the case system logs people out",
        standard: None,
        action: "Replace the oldest laptops and raise the time-out with IT",
        owner: "IT business partner",
        did: "Laptops older than four years were replaced and the time-out is now two hours.",
    },
];

const PLACES: &[&str] = &[
    "Town hall, committee room 2",
    "North area office",
    "Central library meeting room",
    "Online",
    "South area office",
];

const RUN_BY: &[&str] = &[
    "Principal social worker",
    "Director of children's services",
    "Head of service",
];

/// The council's sessions, the same for a seed and last day.
pub fn generate_feedback(council: CouncilCode, options: &DemoOptions) -> Feedback {
    let mut rng = Rng::for_stream(options.seed ^ FEEDBACK_STREAM, u64::from(council.number()));
    let until = options.until;
    let mut sessions = Vec::new();
    // Eight sessions, three months apart, the last a fortnight before the last day.
    for index in 0..8u32 {
        let months_back = 3 * (7 - index);
        let held_on = until
            .checked_sub_days(Days::new(14))
            .and_then(|date| date.checked_sub_months(Months::new(months_back)))
            .unwrap_or(until);
        let id = index + 1;
        let quarter = (held_on.format("%m").to_string().parse::<u32>().unwrap_or(1) - 1) / 3 + 1;
        let details = SessionDetails {
            id,
            held_on,
            title: format!(
                "Coffee and cake, {} quarter {quarter}",
                held_on.format("%Y")
            ),
            place: (*rng.pick(PLACES)).to_owned(),
            attendees: u32::try_from(rng.between(8, 35)).unwrap_or(10),
            run_by: (*rng.pick(RUN_BY)).to_owned(),
        };
        let mut themes = Vec::new();
        let mut actions = Vec::new();
        let count = rng.between(2, 3) as usize;
        let first = rng.below(IDEAS.len());
        for offset in 0..count {
            let idea = &IDEAS[(first + offset * 3) % IDEAS.len()];
            let number = u32::try_from(offset + 1).unwrap_or(1);
            themes.push(Theme {
                number,
                text: idea.text.to_owned(),
                standard: idea.standard,
            });
            // Older sessions' actions are mostly done; the newest mostly not.
            let age_days = (until - held_on).num_days();
            let due_on = held_on.checked_add_days(Days::new(rng.between(45, 120) as u64));
            let done = age_days > 150 && rng.chance(0.85) || age_days > 60 && rng.chance(0.3);
            let status = if done {
                ActionStatus::Done
            } else if rng.chance(0.5) {
                ActionStatus::InProgress
            } else {
                ActionStatus::Open
            };
            let done_on = done
                .then(|| {
                    held_on
                        .checked_add_days(Days::new(rng.between(20, age_days.min(140)) as u64))
                        .map(|date| date.min(until))
                })
                .flatten();
            actions.push(Action {
                number,
                theme: number,
                description: idea.action.to_owned(),
                owner: idea.owner.to_owned(),
                status: if done_on.is_some() || !done {
                    status
                } else {
                    ActionStatus::InProgress
                },
                due_on,
                done_on,
                what_we_did: done_on.map(|_| idea.did.to_owned()),
            });
        }
        sessions.push(FeedbackSession {
            details,
            themes,
            actions,
        });
    }
    Feedback { sessions }
}

/// The changes that write the sessions.
pub fn feedback_changes(council: CouncilCode, feedback: &Feedback) -> FeedbackChanges {
    FeedbackChanges {
        council,
        changes: feedback.changes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_sessions_pass_the_checks_and_include_done_and_open_actions() {
        let options = DemoOptions::default();
        let council = CouncilCode::parse("990").unwrap();
        let feedback = generate_feedback(council, &options);
        let mut checked = Feedback::default();
        for change in feedback.changes() {
            checked.check(&change).unwrap();
            checked.apply(change);
        }
        let actions: Vec<&Action> = feedback.sessions.iter().flat_map(|s| &s.actions).collect();
        assert!(actions.iter().any(|a| a.status == ActionStatus::Done));
        assert!(actions.iter().any(|a| a.status != ActionStatus::Done));
        assert_eq!(feedback, generate_feedback(council, &options));
    }
}
