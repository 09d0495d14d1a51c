//! The retention schedule as the database keeps it: the council's period, and one
//! run anonymising a leaver's records in one change with its audit entry.

use pathway_app::{SaveBatch, apply_retention, put_retention_settings};
use pathway_domain::codes::{ExitReason, LeavingReason};
use pathway_domain::ids::{EmploymentId, WorkerId};
use pathway_domain::import::{Changes, ImportPlan, Tally};
use pathway_domain::records::{Employment, ExitInterview, Worker};
use pathway_domain::retention::RetentionSettings;
use pathway_domain::values::{Date, Span, parse_date};
use pathway_domain::{Council, CouncilCode, Workforce};
use pathway_store_conformance::{on_both_backends, open_store};

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

/// Council 990 with W1, who left on 31 March 2018 and said why at their exit interview.
fn council() -> Workforce {
    let mut workforce = Workforce::new(CouncilCode::parse("990").unwrap());
    workforce.workers.push(Worker {
        id: WorkerId::parse("W1").unwrap(),
        given_name: "Ada".into(),
        family_name: "Lovelace".into(),
        swe_number: None,
        gender: None,
        date_of_birth: Some(date("1978-06-15")),
        ethnicity: None,
        qualified_on: None,
        qualification_institution: None,
        qualification_level: None,
        route: None,
        bsl: None,
        languages: vec![],
    });
    workforce.employments.push(
        Employment::new(
            EmploymentId::parse("E1").unwrap(),
            WorkerId::parse("W1").unwrap(),
            Span::new(date("2010-04-01"), Some(date("2018-03-31"))).unwrap(),
            None,
            Some(LeavingReason::Resignation),
            None,
        )
        .unwrap(),
    );
    workforce.exit_interviews.push(ExitInterview {
        worker_id: WorkerId::parse("W1").unwrap(),
        held_on: date("2018-03-20"),
        primary_reason: ExitReason::Caseload,
        would_return: None,
        comments: Some("Too many cases".into()),
    });
    workforce
}

on_both_backends! {
    async fn the_retention_period_is_kept_per_council_and_a_run_anonymises_in_one_change() {
        let store = open_store().await;
        let code = CouncilCode::parse("990").unwrap();
        let other = CouncilCode::parse("991").unwrap();
        let workforce = council();
        let plan = ImportPlan {
            changes: Changes::everything(&workforce),
            workforce,
            tallies: [Tally::default(); 12],
        };
        let councils = [
            Council { code, name: "Council 990".into() },
            Council { code: other, name: "Council 991".into() },
        ];
        store
            .save(SaveBatch {
                councils: &councils,
                plans: &[plan],
                ..SaveBatch::default()
            })
            .await
            .unwrap();

        assert_eq!(store.retention_settings(code).await.unwrap(), RetentionSettings::default());
        let long = RetentionSettings::new(25).unwrap();
        put_retention_settings(&*store, code, long, "cli:test").await.unwrap();
        assert_eq!(store.retention_settings(code).await.unwrap(), long);
        assert_eq!(store.retention_settings(other).await.unwrap(), RetentionSettings::default());

        // Kept 25 years: nothing has expired in 2030.
        let review = apply_retention(&*store, code, date("2030-01-01"), "cli:test")
            .await
            .unwrap();
        assert!(review.run.is_empty());

        let six = RetentionSettings::default();
        put_retention_settings(&*store, code, six, "cli:test").await.unwrap();
        let revision = store.council_revision(code).await.unwrap();
        let review = apply_retention(&*store, code, date("2030-01-01"), "cli:test")
            .await
            .unwrap();
        assert_eq!(review.run.workers.len(), 1);
        assert!(store.council_revision(code).await.unwrap() > revision);
        let after = store.workforce(code).await.unwrap();
        assert_eq!(after.workers[0].given_name, "Anonymised");
        assert_ne!(after.workers[0].date_of_birth, Some(date("1978-06-15")));
        assert_eq!(after.exit_interviews[0].comments, None);
        assert_eq!(after.exit_interviews[0].primary_reason, ExitReason::Caseload);
        let trail = store.audit_trail(code, 5).await.unwrap();
        assert!(trail.iter().any(|event| event.entry.action == "retention"
            && event.entry.detail.contains("1 leaver(s) kept 6 years [W1]")));

        let again = apply_retention(&*store, code, date("2030-01-01"), "cli:test")
            .await
            .unwrap();
        assert!(again.run.is_empty());
    }
}
