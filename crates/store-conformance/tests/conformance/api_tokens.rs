//! API tokens: only a hash is kept, and a token works until it is revoked.

use pathway_app::accounts::{NewUser, create_token, token_hash};
use pathway_domain::access::UserRole;

use chrono::Utc;
use pathway_app::accounts::{User, UserId};
use pathway_store_conformance::{TestStore, on_both_backends, open_store};

async fn store_with_admin() -> (TestStore, User) {
    let store = open_store().await;
    let user = store
        .add_user(&NewUser {
            council: None,
            email: "admin@test.example".to_owned(),
            role: UserRole::Admin,
            worker_id: None,
            teams: Vec::new(),
            password_hash: "x".to_owned(),
        })
        .await
        .unwrap();
    (store, user)
}

on_both_backends! {
    async fn only_the_hash_of_a_token_is_stored() {
        let (store, user) = store_with_admin().await;
        let (token, raw) = create_token(&*store, &user, "reporting", Utc::now())
            .await
            .unwrap();
        let rows = store
            .text_column("select name || ' ' || token_hash from api_tokens")
            .await;
        assert_eq!(rows, vec![format!("reporting {}", token_hash(&raw))]);
        assert_eq!(token.token_hash, token_hash(&raw));
        assert!(!rows[0].contains(&raw));
    }
}

on_both_backends! {
    async fn a_token_finds_its_user_until_revoked_and_notes_its_use() {
        let (store, user) = store_with_admin().await;
        let now = Utc::now();
        let (token, raw) = create_token(&*store, &user, "t", now).await.unwrap();
        assert_eq!(token.last_used_at, None);
        let found = store
            .user_for_api_token(&token_hash(&raw), now)
            .await
            .unwrap();
        assert_eq!(found.as_ref().map(|user| user.id), Some(user.id));
        assert!(
            store.api_tokens(user.id).await.unwrap()[0]
                .last_used_at
                .is_some()
        );
        assert!(
            store
                .user_for_api_token(&token_hash("nonsense"), now)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            !store
                .revoke_api_token(UserId(user.id.0 + 1), token.id, now)
                .await
                .unwrap()
        );
        assert!(
            store
                .revoke_api_token(user.id, token.id, now)
                .await
                .unwrap()
        );
        assert!(
            !store
                .revoke_api_token(user.id, token.id, now)
                .await
                .unwrap()
        );
        assert!(
            store
                .user_for_api_token(&token_hash(&raw), now)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store.api_tokens(user.id).await.unwrap()[0]
                .revoked_at
                .is_some()
        );
    }
}
