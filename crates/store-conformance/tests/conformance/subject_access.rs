//! What a subject access response reads beyond the records: the accounts linked to a
//! worker of one council, and the audit entries whose detail contains a worker ID
//! (taken literally, `_` and `%` included) or that their accounts made.
// [issue 11: subject access]

use pathway_app::accounts::NewUser;
use pathway_app::{AuditEntry, SaveBatch};
use pathway_domain::access::UserRole;
use pathway_domain::ids::WorkerId;
use pathway_domain::{Council, CouncilCode};
use pathway_store_conformance::{on_both_backends, open_store};

fn code(text: &str) -> CouncilCode {
    CouncilCode::parse(text).unwrap()
}

fn user(council: &str, email: &str, worker: Option<&str>) -> NewUser {
    NewUser {
        council: Some(code(council)),
        email: email.to_owned(),
        role: UserRole::Practitioner,
        worker_id: worker.map(|worker| WorkerId::parse(worker).unwrap()),
        teams: Vec::new(),
        password_hash: "argon2-hash".to_owned(),
    }
}

fn entry(council: &str, actor: &str, detail: &str) -> AuditEntry {
    AuditEntry {
        council: code(council),
        actor: actor.to_owned(),
        action: "view person".to_owned(),
        detail: detail.to_owned(),
    }
}

on_both_backends! {
    async fn a_workers_accounts_and_the_audit_entries_naming_them_are_found_within_their_council() {
        let store = open_store().await;
        store
            .save(SaveBatch {
                councils: &[Council::unnamed(code("888")), Council::unnamed(code("889"))],
                ..SaveBatch::default()
            })
            .await
            .unwrap();
        let first = store.add_user(&user("888", "one@test.example", Some("W_1"))).await.unwrap();
        let second = store.add_user(&user("888", "two@test.example", Some("W_1"))).await.unwrap();
        store.add_user(&user("888", "other@test.example", Some("W2"))).await.unwrap();
        store.add_user(&user("889", "elsewhere@test.example", Some("W_1"))).await.unwrap();

        let worker = WorkerId::parse("W_1").unwrap();
        let accounts = store.worker_accounts(code("888"), &worker).await.unwrap();
        let ids: Vec<_> = accounts.iter().map(|account| account.user.id).collect();
        assert_eq!(ids, [first.id, second.id]);
        assert_eq!(accounts[0].user.email, "one@test.example");

        store
            .record_audit(&[
                entry("888", "lead@test.example", "worker W_1"),
                entry("888", "lead@test.example", "worker WX1"),
                entry("888", "one@test.example", "worker W2"),
                entry("888", "lead@test.example", "worker W_12 (api)"),
                entry("889", "lead@test.example", "worker W_1"),
            ])
            .await
            .unwrap();
        let found = store
            .audit_mentioning(code("888"), "W_1", &["one@test.example".to_owned()])
            .await
            .unwrap();
        let details: Vec<&str> = found.iter().map(|event| event.entry.detail.as_str()).collect();
        assert_eq!(details, ["worker W_1", "worker W2", "worker W_12 (api)"]);
        assert!(found.iter().all(|event| event.entry.council == code("888")));
        let none = store.audit_mentioning(code("888"), "W%", &[]).await.unwrap();
        assert!(none.is_empty(), "% is taken literally");
    }
}
