//! The audit trail is a hash chain per council: each entry links to the one before, the
//! chain survives writers appending at the same moment, and an entry changed, removed or
//! added round Pathway is found at the entry where it happened.

use pathway_app::audit::{ChainBreak, GENESIS_HASH, entry_hash};
use pathway_app::{AuditEntry, SaveBatch};
use pathway_domain::Council;
use pathway_store_conformance::{TestStore, on_both_backends, open_store};

use crate::store::code;

fn entry(council: &str, detail: &str) -> AuditEntry {
    AuditEntry {
        council: code(council),
        actor: "cli:test".into(),
        action: "view".into(),
        detail: detail.into(),
    }
}

/// A store holding councils 801 and 802, with `count` entries each, written alternately.
async fn store_with_entries(count: usize) -> TestStore {
    let store = open_store().await;
    store
        .save(SaveBatch {
            councils: &[Council::unnamed(code("801")), Council::unnamed(code("802"))],
            ..SaveBatch::default()
        })
        .await
        .unwrap();
    for number in 0..count {
        store
            .record_audit(&[
                entry("801", &format!("looked at worker {number}")),
                entry("802", &format!("looked at worker {number}")),
            ])
            .await
            .unwrap();
    }
    store
}

on_both_backends! {
    async fn each_audit_entry_carries_the_hash_of_the_council_entry_before_it() {
        let store = store_with_entries(3).await;
        let chain = store.audit_chain(code("801")).await.unwrap();
        assert_eq!(chain.entries.len(), 3);
        let mut previous = GENESIS_HASH.to_owned();
        for stored in &chain.entries {
            assert_eq!(stored.previous_hash.as_deref(), Some(previous.as_str()));
            // Over exactly what is stored, the time as its text.
            let hash = entry_hash(&previous, &stored.at, &stored.entry);
            assert_eq!(stored.hash.as_deref(), Some(hash.as_str()));
            previous = hash;
        }
        let checked = chain.verify().unwrap();
        assert_eq!((checked.entries, checked.head), (3, previous));
        // The other council's chain is its own, from its own start.
        let other = store.audit_chain(code("802")).await.unwrap();
        assert_eq!(other.entries[0].previous_hash.as_deref(), Some(GENESIS_HASH));
        assert_eq!(other.verify().unwrap().entries, 3);
    }
}

on_both_backends! {
    async fn audit_entries_appended_at_once_from_two_handles_keep_one_unbroken_chain() {
        let first = store_with_entries(0).await;
        let second = first.reopen().await;
        let mut writers = Vec::new();
        for round in 0..12 {
            for store in [first.clone(), second.clone()] {
                writers.push(tokio::spawn(async move {
                    // Both councils in one append, in either order, so that writers
                    // wait on each other's chain heads.
                    let (a, b) = if round % 2 == 0 { ("801", "802") } else { ("802", "801") };
                    store
                        .record_audit(&[entry(a, &format!("round {round}")), entry(b, "too")])
                        .await
                        .unwrap();
                }));
            }
        }
        for writer in writers {
            writer.await.unwrap();
        }
        for council in ["801", "802"] {
            let checked = first.audit_chain(code(council)).await.unwrap().verify().unwrap();
            assert_eq!(checked.entries, 24, "council {council}");
        }
    }
}

on_both_backends! {
    async fn an_audit_entry_changed_round_pathway_is_named_by_verify() {
        let store = store_with_entries(4).await;
        let chain = store.audit_chain(code("801")).await.unwrap();
        let changed = chain.entries[1].id;
        store
            .execute(&format!(
                "update audit_events set detail = 'nothing to see' where id = {changed}"
            ))
            .await;
        let found = store.audit_chain(code("801")).await.unwrap().verify().unwrap_err();
        assert!(
            matches!(found, ChainBreak::Changed { id, .. } if id == changed),
            "{found}"
        );
        // The other council's chain is untouched.
        assert!(store.audit_chain(code("802")).await.unwrap().verify().is_ok());
    }
}

on_both_backends! {
    async fn an_audit_entry_removed_from_the_middle_is_named_by_verify() {
        let store = store_with_entries(4).await;
        let chain = store.audit_chain(code("801")).await.unwrap();
        let (removed, next) = (chain.entries[1].id, chain.entries[2].id);
        store
            .execute(&format!("delete from audit_events where id = {removed}"))
            .await;
        let found = store.audit_chain(code("801")).await.unwrap().verify().unwrap_err();
        assert!(
            matches!(&found, ChainBreak::Unlinked { id, before, .. }
                if *id == next && *before == format!("entry {}", chain.entries[0].id)),
            "{found}"
        );
    }
}

on_both_backends! {
    async fn the_newest_audit_entry_removed_shows_against_the_recorded_head() {
        let store = store_with_entries(3).await;
        let chain = store.audit_chain(code("801")).await.unwrap();
        let newest = chain.entries[2].id;
        store
            .execute(&format!("delete from audit_events where id = {newest}"))
            .await;
        let found = store.audit_chain(code("801")).await.unwrap().verify().unwrap_err();
        assert!(
            matches!(found, ChainBreak::Head { head_id, .. } if head_id == newest),
            "{found}"
        );
    }
}

on_both_backends! {
    async fn audit_entries_written_before_the_chain_are_chained_when_the_database_opens() {
        let store = store_with_entries(3).await;
        // As a database migrated from before the chain holds them: no hashes, no head.
        store
            .execute("update audit_events set previous_hash = null, hash = null")
            .await;
        store.execute("delete from audit_chain_heads").await;
        let reopened = store.reopen().await;
        for council in ["801", "802"] {
            let chain = reopened.audit_chain(code(council)).await.unwrap();
            assert_eq!(chain.verify().unwrap().entries, 3, "council {council}");
        }
        // And the chain goes on from there.
        reopened.record_audit(&[entry("801", "later")]).await.unwrap();
        let chain = reopened.audit_chain(code("801")).await.unwrap();
        assert_eq!(chain.verify().unwrap().entries, 4);
    }
}
