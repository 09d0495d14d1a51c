//! The store keeps what it is given, council by council, all or nothing.

use pathway_app::{AuditEntry, SaveBatch};
use pathway_domain::codes::{Contract, Role, Service};
use pathway_domain::ids::{EmploymentId, TeamId, WorkerId};
use pathway_domain::import::{self, ImportPlan};
use pathway_domain::records::{Assignment, Employment, Team, Worker};
use pathway_domain::values::{Fte, Span, parse_date};
use pathway_domain::workforce::SourceRows;
use pathway_domain::{BulkFile, Council, CouncilCode, Workforce};
use pathway_store_conformance::{TestStore, on_both_backends, open_store};

pub(crate) fn code(text: &str) -> CouncilCode {
    CouncilCode::parse(text).unwrap()
}

pub(crate) fn workforce(council: &str, worker_names: &[&str]) -> Workforce {
    people(council, "", worker_names)
}

/// A council's workforce whose workers' and employments' ids start with `prefix`, so
/// that two writers can add different people to the same council.
pub(crate) fn people(council: &str, prefix: &str, worker_names: &[&str]) -> Workforce {
    let mut workforce = Workforce::new(code(council));
    workforce.teams.push(Team {
        id: TeamId::parse("T1").unwrap(),
        name: "Front door".into(),
        service: Service::Children,
        locality: None,
    });
    for (index, name) in worker_names.iter().enumerate() {
        let worker_id = WorkerId::parse(&format!("{prefix}W{index}")).unwrap();
        workforce.workers.push(Worker {
            id: worker_id.clone(),
            given_name: (*name).into(),
            family_name: "Smith".into(),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: Some(index % 2 == 0),
            languages: vec!["english".into(), "welsh".into()],
        });
        let employment_id = EmploymentId::parse(&format!("{prefix}E{index}")).unwrap();
        let span = Span::new(parse_date("2020-01-06").unwrap(), None).unwrap();
        workforce.employments.push(
            Employment::new(employment_id.clone(), worker_id, span, None, None, None).unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id,
            span,
            team_id: Some(TeamId::parse("T1").unwrap()),
            role: Role::SocialWorker,
            contract: Contract::Permanent,
            fte: Fte::new(0.81).unwrap(),
        });
    }
    workforce
}

pub(crate) fn plan(stored: Workforce, upload: Workforce) -> ImportPlan {
    let mut rows = SourceRows::default();
    for file in BulkFile::ALL {
        for index in 0..upload.count(file) {
            rows.push(file, Some(index as u32 + 2));
        }
    }
    import::plan(stored, upload, &rows).unwrap()
}

async fn open() -> TestStore {
    open_store().await
}

pub(crate) fn entry(council: &str, action: &str) -> AuditEntry {
    AuditEntry {
        council: code(council),
        actor: "cli:test".into(),
        action: action.into(),
        detail: "details".into(),
    }
}

on_both_backends! {
    async fn a_saved_workforce_reads_back_equal_and_other_councils_see_none_of_it() {
        let store = open().await;
        let lancashire = plan(
            Workforce::new(code("888")),
            workforce("888", &["Amy", "Zoë"]),
        );
        let durham = plan(Workforce::new(code("840")), workforce("840", &["Bob"]));
        let councils = [
            Council::unnamed(code("888")),
            Council {
                code: code("840"),
                name: "Durham County Council".into(),
            },
        ];
        store
            .save(SaveBatch {
                councils: &councils,
                plans: &[lancashire.clone(), durham],
                academy: &[],
                recruitment: &[],
                audit: &[entry("888", "import")],
                ..SaveBatch::default()
            })
            .await
            .unwrap();

        assert_eq!(
            store.workforce(code("888")).await.unwrap(),
            lancashire.workforce
        );
        assert_eq!(store.workforce(code("840")).await.unwrap().workers.len(), 1);
        assert!(store.workforce(code("895")).await.unwrap().is_empty());
        let names: Vec<String> = store
            .councils()
            .await
            .unwrap()
            .into_iter()
            .map(|council| council.name)
            .collect();
        assert_eq!(names, ["Durham County Council", "Council 888"]);
        assert!(store.integrity_problems().await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn a_second_save_updates_changed_records_in_place() {
        let store = open().await;
        let first = plan(
            Workforce::new(code("888")),
            workforce("888", &["Amy", "Zoë"]),
        );
        store
            .save(SaveBatch {
                councils: &[Council::unnamed(code("888"))],
                plans: &[first],
                academy: &[],
                recruitment: &[],
                audit: &[],
                ..SaveBatch::default()
            })
            .await
            .unwrap();

        let stored = store.workforce(code("888")).await.unwrap();
        let second = plan(stored, workforce("888", &["Amy", "Zoe", "Kwame"]));
        assert_eq!(
            second.tallies[BulkFile::Workers.index()],
            import::Tally {
                added: 1,
                updated: 1,
                unchanged: 1
            }
        );
        store
            .save(SaveBatch {
                councils: &[],
                plans: std::slice::from_ref(&second),
                academy: &[],
                recruitment: &[],
                audit: &[],
                ..SaveBatch::default()
            })
            .await
            .unwrap();

        let reread = store.workforce(code("888")).await.unwrap();
        assert_eq!(reread, second.workforce);
        assert_eq!(reread.workers[1].given_name, "Zoe");
    }
}

on_both_backends! {
    async fn a_batch_that_fails_part_way_writes_nothing() {
        let store = open().await;
        let good = plan(Workforce::new(code("888")), workforce("888", &["Amy"]));
        // A plan for a council that the batch does not add breaks a foreign key, so the
        // database refuses it after the first plan was written: the first must vanish too.
        let orphan = plan(Workforce::new(code("840")), workforce("840", &["Bob"]));
        let result = store
            .save(SaveBatch {
                councils: &[Council::unnamed(code("888"))],
                plans: &[good, orphan],
                academy: &[],
                recruitment: &[],
                audit: &[],
                ..SaveBatch::default()
            })
            .await;
        assert!(result.is_err());
        assert!(store.councils().await.unwrap().is_empty());
        assert!(store.workforce(code("888")).await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn the_audit_trail_lists_a_councils_entries_newest_first() {
        let store = open().await;
        let councils = [Council::unnamed(code("888")), Council::unnamed(code("840"))];
        store
            .save(SaveBatch {
                councils: &councils,
                plans: &[],
                academy: &[],
                recruitment: &[],
                audit: &[entry("888", "import")],
                ..SaveBatch::default()
            })
            .await
            .unwrap();
        store
            .record_audit(&[entry("888", "export"), entry("840", "export")])
            .await
            .unwrap();

        let trail = store.audit_trail(code("888"), 10).await.unwrap();
        let actions: Vec<&str> = trail
            .iter()
            .map(|event| event.entry.action.as_str())
            .collect();
        assert_eq!(actions, ["export", "import"]);
        assert_eq!(store.audit_trail(code("840"), 10).await.unwrap().len(), 1);
    }
}

on_both_backends! {
    async fn opening_an_existing_database_keeps_its_records() {
        let store = open_store().await;
        let first = plan(Workforce::new(code("888")), workforce("888", &["Amy"]));
        store
            .save(SaveBatch {
                councils: &[Council::unnamed(code("888"))],
                plans: std::slice::from_ref(&first),
                academy: &[],
                recruitment: &[],
                audit: &[],
                ..SaveBatch::default()
            })
            .await
            .unwrap();
        store.close().await;

        let reopened = store.reopen().await;
        assert_eq!(
            reopened.workforce(code("888")).await.unwrap(),
            first.workforce
        );
    }
}

on_both_backends! {
    async fn each_change_moves_on_the_changed_councils_revision_and_no_other() {
        let store = open().await;
        assert_eq!(store.council_revision(code("888")).await.unwrap(), 0);
        let first = plan(Workforce::new(code("888")), workforce("888", &["Amy"]));
        store
            .save(SaveBatch {
                councils: &[Council::unnamed(code("888")), Council::unnamed(code("840"))],
                plans: &[first],
                audit: &[entry("888", "import")],
                ..SaveBatch::default()
            })
            .await
            .unwrap();
        let after_first = store.council_revision(code("888")).await.unwrap();
        assert!(after_first > 0);
        let durham = store.council_revision(code("840")).await.unwrap();

        // A change written by a second handle (another server) is seen by the first.
        let other_server = store.reopen().await;
        let stored = other_server.workforce(code("888")).await.unwrap();
        let second = plan(stored, workforce("888", &["Amy", "Kwame"]));
        other_server
            .save(SaveBatch {
                plans: &[second],
                audit: &[entry("888", "import")],
                ..SaveBatch::default()
            })
            .await
            .unwrap();
        assert_eq!(
            store.council_revision(code("888")).await.unwrap(),
            after_first + 1
        );
        assert_eq!(store.council_revision(code("840")).await.unwrap(), durham);

        // A failed save changes no revision.
        let broken = plan(
            Workforce::new(code("895")),
            workforce("895", &["Nobody"]),
        );
        assert!(
            store
                .save(SaveBatch {
                    plans: &[broken],
                    audit: &[entry("895", "import")],
                    ..SaveBatch::default()
                })
                .await
                .is_err()
        );
        assert_eq!(
            store.council_revision(code("888")).await.unwrap(),
            after_first + 1
        );
        assert_eq!(store.council_revision(code("895")).await.unwrap(), 0);
    }
}

on_both_backends! {
    async fn a_kept_measures_document_reads_back_and_is_replaced_by_the_next() {
        let store = open().await;
        assert_eq!(store.kept_measures("date=2024-09-30").await.unwrap(), None);
        let first = pathway_app::KeptMeasures {
            revisions: "888:1".into(),
            document: "{\"format\": \"pathway-measures\"}\n".into(),
        };
        store.keep_measures("date=2024-09-30", &first).await.unwrap();
        assert_eq!(
            store.kept_measures("date=2024-09-30").await.unwrap(),
            Some(first)
        );
        let second = pathway_app::KeptMeasures {
            revisions: "888:2".into(),
            document: "{}\n".into(),
        };
        store.keep_measures("date=2024-09-30", &second).await.unwrap();
        assert_eq!(
            store.kept_measures("date=2024-09-30").await.unwrap(),
            Some(second)
        );
        assert_eq!(store.kept_measures("date=2023-09-30").await.unwrap(), None);

        let plan = plan(Workforce::new(code("888")), workforce("888", &["Amy"]));
        store
            .save(SaveBatch {
                councils: &[Council::unnamed(code("888")), Council::unnamed(code("840"))],
                plans: &[plan],
                audit: &[entry("888", "import")],
                ..SaveBatch::default()
            })
            .await
            .unwrap();
        let revisions = store.council_revisions().await.unwrap();
        assert_eq!(
            revisions,
            [
                (code("840"), store.council_revision(code("840")).await.unwrap()),
                (code("888"), store.council_revision(code("888")).await.unwrap()),
            ]
        );
    }
}
