//! A shared installation: two `pathway serve` processes on one PostgreSQL database, as
//! behind a load balancer. Starting together they migrate the database once; a session
//! started on one server is valid on the other; both answer the health check.

use pathway_store_conformance::fresh_postgres_database;

use crate::support::pathway_ok_on;
use crate::support::serve::{Server, http, sign_in};

fn migrations_applied(database: &str) -> Vec<i64> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = pathway_store_postgres::PostgresStore::open(database)
            .await
            .unwrap();
        let applied = store.applied_migrations().await.unwrap();
        store.close().await;
        applied
    })
}

fn migration_files() -> Vec<i64> {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../store-postgres/migrations");
    let mut versions: Vec<i64> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.split('_').next().unwrap().parse().unwrap()
        })
        .collect();
    versions.sort_unstable();
    versions
}

#[test]
fn two_servers_on_one_postgresql_migrate_once_and_share_sessions() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(fresh_postgres_database());
    drop(runtime);

    // Both servers start at the same moment on an empty database.
    let mut first = Server::spawn(&database, &[], None);
    let mut second = Server::spawn(&database, &[], None);
    first.wait_until_healthy();
    second.wait_until_healthy();
    assert_eq!(migrations_applied(&database), migration_files());

    pathway_ok_on(
        &database,
        &[
            "demo",
            "--councils",
            "1",
            "--seed",
            "3",
            "--until",
            "2024-09-30",
        ],
    );
    // Sign in on the first server, as the demo council's workforce lead (`pathway demo`
    // adds its users).
    let session = sign_in(
        first.port,
        "lead@demo.pathway.example",
        "pathway-demo-password",
    );

    // The second server knows the session: the dashboard, not the sign-in page.
    let dashboard = http(second.port, "GET", "/", &session, None);
    assert_eq!(dashboard.status, 200);
    assert!(
        dashboard.body.contains("Sign out"),
        "signed in on the second server"
    );
    // Without the cookie, the second server sends the visitor to sign in.
    assert_eq!(http(second.port, "GET", "/", &[], None).status, 303);
}
