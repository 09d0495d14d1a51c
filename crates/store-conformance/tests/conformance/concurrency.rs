//! Two handles on one database, each with its own connections, as two app servers
//! have: writes made at the same moment are all kept, and each council still sees
//! only its own records.

use pathway_app::SaveBatch;
use pathway_domain::{Council, Workforce};
use pathway_store_conformance::{TestStore, on_both_backends, open_store};

use crate::store::{code, entry, people, plan};

/// Adds `names` to `council` through `store`, with one audit entry.
async fn add_people(store: &TestStore, council: &str, prefix: &str, names: &[&str]) {
    let upload = people(council, prefix, names);
    // The plan is made from nothing stored: the upsert adds these people beside any
    // the other writer adds, as two imports of different people would.
    let plan = plan(Workforce::new(code(council)), upload);
    store
        .save(SaveBatch {
            councils: &[Council::unnamed(code(council))],
            plans: std::slice::from_ref(&plan),
            audit: &[entry(council, "import")],
            ..SaveBatch::default()
        })
        .await
        .unwrap();
}

on_both_backends! {
    async fn writes_from_two_connections_at_once_are_all_kept() {
        let first = open_store().await;
        let second = first.reopen().await;
        let mut writers = Vec::new();
        // Twenty writers at once, ten on each handle: each adds a person to its
        // handle's own council and two people to the council both write to, and
        // records an audit entry there.
        for round in 0..10 {
            for (store, own, handle) in [(first.clone(), "801", "A"), (second.clone(), "802", "B")] {
                writers.push(tokio::spawn(async move {
                    let prefix = format!("{handle}{round}");
                    add_people(&store, own, &prefix, &["Ann"]).await;
                    add_people(&store, "803", &prefix, &["Ben", "Cat"]).await;
                    store.record_audit(&[entry("803", "view")]).await.unwrap();
                }));
            }
        }
        for writer in writers {
            writer.await.unwrap();
        }
        let councils: Vec<String> = first
            .councils()
            .await
            .unwrap()
            .iter()
            .map(|council| council.code.to_string())
            .collect();
        assert_eq!(councils, ["801", "802", "803"]);
        assert_eq!(first.workforce(code("801")).await.unwrap().workers.len(), 10);
        assert_eq!(second.workforce(code("802")).await.unwrap().workers.len(), 10);
        let shared = second.workforce(code("803")).await.unwrap();
        assert_eq!(shared.workers.len(), 40);
        assert_eq!(shared.employments.len(), 40);
        assert_eq!(shared.assignments.len(), 40);
        // 20 imports and 20 views.
        assert_eq!(first.audit_trail(code("803"), 100).await.unwrap().len(), 40);
        assert!(first.integrity_problems().await.unwrap().is_empty());
    }
}

on_both_backends! {
    async fn a_council_reads_none_of_another_councils_records_through_any_handle() {
        let first = open_store().await;
        let second = first.reopen().await;
        add_people(&first, "811", "N", &["Nia", "Noor"]).await;
        add_people(&second, "812", "S", &["Sam"]).await;
        for store in [&first, &second] {
            let north = store.workforce(code("811")).await.unwrap();
            let south = store.workforce(code("812")).await.unwrap();
            assert!(north.workers.iter().all(|worker| worker.id.as_str().starts_with('N')));
            assert!(south.workers.iter().all(|worker| worker.id.as_str().starts_with('S')));
            assert_eq!((north.workers.len(), south.workers.len()), (2, 1));
            assert!(
                store
                    .audit_trail(code("812"), 10)
                    .await
                    .unwrap()
                    .iter()
                    .all(|event| event.entry.council == code("812"))
            );
            // A council nobody wrote to holds nothing, rather than someone else's.
            assert_eq!(store.workforce(code("813")).await.unwrap(), Workforce::new(code("813")));
        }
    }
}
