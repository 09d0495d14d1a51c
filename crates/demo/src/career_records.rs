//! The career pathway of a demo council: self-assessments of some of the people in
//! post (a few signed off in the past, the latest signed off, awaiting sign-off or
//! a draft) and their development plans, on Pathway's default framework.
//!
//! It reads the generated workforce and draws from a stream of its own, so adding
//! it changes nothing else of the demo.

use pathway_domain::career::{
    ActionStatus, Assessment, Career, CareerChange, CareerChanges, Decision, Framework, PlanAction,
    Rating, Review, current_level,
};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::DemoOptions;
use crate::calendar::plus;
use crate::people::random_name;
use crate::random::Rng;

/// Mixed into the seed so the career pathway's stream is unlike any other.
const CAREER_STREAM: u64 = 0xCA2E_E2AA_7A11_0001;

/// The share of people in post with self-assessments.
const ASSESSED: f64 = 0.35;

/// What people write as evidence.
const EVIDENCE: &[&str] = &[
    "Discussed in supervision with two of my cases as examples.",
    "Feedback from a parent at the review meeting.",
    "Observed by my practice educator on a home visit.",
    "Court statement accepted without changes.",
    "Led the team's case discussion on neglect.",
    "Child's words recorded in the assessment and the plan.",
    "Mentored a newly qualified colleague for six months.",
    "Audit of my cases rated good.",
];

/// What development plans hold.
const ACTIONS: &[&str] = &[
    "Shadow a senior colleague in care proceedings",
    "Complete the court skills course",
    "Present a case at the practice forum",
    "Read up on trauma-informed practice and share it with the team",
    "Co-work a complex case with an advanced practitioner",
    "Take on a student as practice educator",
    "Chair a child protection core group",
];

/// The worker `pathway demo` makes the demo practitioner: the first one in post
/// whose latest assignment has a team. Left without self-assessments, so the demo
/// (and its browser test) starts their first one.
fn demo_practitioner(workforce: &Workforce) -> Option<&pathway_domain::ids::WorkerId> {
    workforce
        .employments
        .iter()
        .filter(|employment| employment.span().end().is_none())
        .find(|employment| {
            workforce
                .assignments
                .iter()
                .filter(|a| &a.employment_id == employment.id())
                .max_by_key(|a| a.span.start())
                .is_some_and(|a| a.team_id.is_some())
        })
        .map(|employment| employment.worker_id())
}

/// A demo council's career pathway records as they stand on `options.until`.
pub fn generate_career(workforce: &Workforce, options: &DemoOptions) -> Career {
    let mut rng = Rng::for_stream(
        options.seed ^ CAREER_STREAM,
        u64::from(workforce.council.number()),
    );
    let framework = Framework::pathway_default();
    let until = options.until;
    let skip = demo_practitioner(workforce).cloned();
    let reviewers: Vec<String> = (0..3)
        .map(|_| {
            let name = random_name(&mut rng)
                .to_lowercase()
                .replace([' ', '\''], ".");
            format!("{name}@demo.pathway.example")
        })
        .collect();
    let mut career = Career::default();
    let mut in_post: Vec<_> = workforce
        .employments
        .iter()
        .filter(|e| e.span().covers(until))
        .map(|e| (e.worker_id(), e.span().start()))
        .collect();
    in_post.sort();
    in_post.dedup_by_key(|(worker, _)| *worker);
    for (worker, started) in in_post {
        if Some(worker) == skip.as_ref() || !rng.chance(ASSESSED) {
            continue;
        }
        let Some(level) = current_level(&framework, workforce, worker, until) else {
            continue;
        };
        let Some(next) = framework.levels.get(level + 1) else {
            continue;
        };
        let mut number = 0;
        let mut rate = |rng: &mut Rng, level: &str, on: Date, rated_share: f64| {
            number += 1;
            let mut assessment = Assessment::start(&framework, worker.clone(), number, level, on);
            for rating in &mut assessment.ratings {
                if !rng.chance(rated_share) {
                    continue;
                }
                rating.rating = Some(rng.weighted(&[
                    (Rating::NotYet, 0.1),
                    (Rating::Developing, 0.35),
                    (Rating::Confident, 0.4),
                    (Rating::Exceeding, 0.15),
                ]));
                rating.evidence = (*rng.pick(EVIDENCE)).to_owned();
            }
            assessment
        };
        // Some had one signed off against their own level a year or two ago.
        let earlier = plus(until, -rng.between(400, 700));
        if earlier > started && rng.chance(0.4) {
            let mut past = rate(&mut rng, &framework.levels[level].id, earlier, 1.0);
            let submitted = plus(earlier, rng.between(7, 40));
            past.submitted_on = Some(submitted);
            past.review = Some(Review {
                by: rng.pick(&reviewers).clone(),
                on: plus(submitted, rng.between(3, 20)),
                decision: Decision::Agreed,
                comments: "Agreed in supervision.".into(),
            });
            career.assessments.push(past);
        }
        let on = plus(until, -rng.between(20, 200)).max(started);
        let stage = rng.weighted(&[(0, 0.4), (1, 0.3), (2, 0.3)]);
        let mut latest = rate(&mut rng, &next.id, on, if stage == 2 { 0.5 } else { 1.0 });
        if stage < 2 {
            let submitted = plus(on, rng.between(5, 15)).min(until);
            latest.submitted_on = Some(submitted);
            if stage == 0 {
                latest.review = Some(Review {
                    by: rng.pick(&reviewers).clone(),
                    on: plus(submitted, rng.between(1, 10)).min(until),
                    decision: Decision::Agreed,
                    comments: "Well evidenced; we agreed a plan for the gaps.".into(),
                });
            }
        }
        career.assessments.push(latest);
        for number in 1..=rng.between(1, 3) {
            let due = plus(on, rng.between(60, 300));
            let status = if due < until && rng.chance(0.6) {
                ActionStatus::Done
            } else {
                rng.weighted(&[
                    (ActionStatus::Planned, 0.5),
                    (ActionStatus::InProgress, 0.5),
                ])
            };
            career.actions.push(PlanAction {
                worker_id: worker.clone(),
                number: number as u32,
                description: (*rng.pick(ACTIONS)).to_owned(),
                due_on: Some(due),
                status,
                done_on: (status == ActionStatus::Done).then(|| plus(due, -rng.between(0, 30))),
            });
        }
    }
    career
}

/// The changes that write a generated career pathway.
pub fn career_changes(council: CouncilCode, career: &Career) -> CareerChanges {
    let mut changes: Vec<CareerChange> = Vec::new();
    if let Some(framework) = &career.framework {
        changes.push(CareerChange::PutFramework(framework.clone()));
    }
    changes.extend(
        career
            .assessments
            .iter()
            .cloned()
            .map(CareerChange::PutAssessment),
    );
    changes.extend(career.actions.iter().cloned().map(CareerChange::PutAction));
    CareerChanges { council, changes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_career_pathway_is_the_same_every_time_and_checks_clean() {
        let options = DemoOptions {
            years: 6,
            ..DemoOptions::default()
        };
        let (_, workforce) = crate::generate(&options).remove(0);
        let career = generate_career(&workforce, &options);
        assert_eq!(career, generate_career(&workforce, &options));
        assert!(
            career.assessments.len() >= 10,
            "{}",
            career.assessments.len()
        );
        let mut checked = Career::default();
        for change in career_changes(workforce.council, &career).changes {
            checked.check(&workforce, &change).unwrap();
            checked.apply(change);
        }
        use pathway_domain::career::AssessmentStatus::*;
        for status in [Draft, Submitted, SignedOff] {
            assert!(
                checked.assessments.iter().any(|a| a.status() == status),
                "{status:?}"
            );
        }
        let skipped = demo_practitioner(&workforce).unwrap();
        assert!(checked.assessments_of(skipped).is_empty());
    }
}
