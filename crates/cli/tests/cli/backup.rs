//! `pathway backup` and `pathway restore`: a backup restored into another database
//! (SQLite or PostgreSQL) exports exactly as the original; restore refuses what is not
//! a Pathway backup, a newer schema, and a database with records unless told to
//! replace them; backup never overwrites a file unless told to.

use std::path::Path;

use pathway_store_conformance::fresh_postgres_database;

use crate::copy::every_export;
use crate::support::{Scratch, pathway_ok_on, pathway_on};

/// Runs SQL statements on a SQLite file, as another tool would.
pub(crate) fn sql(file: &Path, statements: &[&str]) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(file)
            .create_if_missing(true);
        let mut connection = sqlx::ConnectOptions::connect(&options).await.unwrap();
        for statement in statements {
            sqlx::Executor::execute(&mut connection, sqlx::AssertSqlSafe(*statement))
                .await
                .unwrap_or_else(|error| panic!("{statement}: {error}"));
        }
    });
}

/// One number a query of a SQLite file answers.
pub(crate) fn sql_number(file: &Path, query: &str) -> i64 {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(file)
            .read_only(true);
        let mut connection = sqlx::ConnectOptions::connect(&options).await.unwrap();
        sqlx::query_scalar(sqlx::AssertSqlSafe(query))
            .fetch_one(&mut connection)
            .await
            .unwrap_or_else(|error| panic!("{query}: {error}"))
    })
}

const DEMO: [&str; 7] = [
    "demo",
    "--councils",
    "2",
    "--seed",
    "7",
    "--until",
    "2024-09-30",
];

const ONE_COUNCIL: [&str; 7] = [
    "demo",
    "--councils",
    "1",
    "--seed",
    "7",
    "--until",
    "2024-09-30",
];

/// Everything the installation exports: each council's every export, the whole bulk
/// export, the measures of all councils and the list of councils.
fn everything(database: &str, folder: &Path) -> Vec<(String, Vec<u8>)> {
    let councils = pathway_ok_on(database, &["councils"]);
    let mut files = Vec::new();
    for council in ["990", "991"]
        .into_iter()
        .filter(|code| councils.contains(&format!("{code} ")))
    {
        files.extend(every_export(database, council, &folder.join(council)));
    }
    let all = folder.join("all");
    pathway_ok_on(database, &["export", all.to_str().unwrap()]);
    files.extend(crate::support::folder_contents(&all));
    for command in [
        &["measures", "--json", "--date", "2024-09-30"][..],
        &["councils"][..],
    ] {
        files.push((
            command.join(" "),
            pathway_ok_on(database, command).into_bytes(),
        ));
    }
    files
}

/// The whole bulk export and the list of councils: enough to see an installation
/// replaced whole, where every export is compared by the round-trip tests.
fn bulk_and_councils(database: &str, folder: &Path) -> Vec<(String, Vec<u8>)> {
    pathway_ok_on(database, &["export", folder.to_str().unwrap()]);
    let mut files = crate::support::folder_contents(folder);
    files.push((
        "councils".to_owned(),
        pathway_ok_on(database, &["councils"]).into_bytes(),
    ));
    files
}

fn assert_same(original: &[(String, Vec<u8>)], restored: &[(String, Vec<u8>)]) {
    assert_eq!(original.len(), restored.len());
    assert!(original.len() > 10, "every export is compared");
    for ((name, before), (other, after)) in original.iter().zip(restored) {
        assert_eq!(name, other);
        assert!(before.len() > 2, "{name} holds records");
        assert!(before == after, "{name} differs after backup and restore");
    }
}

/// The audit trail of a council as `pathway audit` lists it.
fn audit(database: &str, council: &str) -> Vec<String> {
    pathway_ok_on(
        database,
        &["audit", "--council", council, "--limit", "100000"],
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

#[test]
fn a_backup_restored_into_a_new_database_exports_exactly_as_the_original() {
    let scratch = Scratch::new();
    let original = scratch.database();
    let database = original.to_str().unwrap();
    pathway_ok_on(database, &DEMO);
    // Someone is signed in and someone mistyped a password: neither is backed up.
    sql(
        &original,
        &[
            "insert into sessions (token_hash, user_id, csrf_token, expires_at) \
             select 'hash-of-a-live-session', id, 'csrf', '2999-01-01T00:00:00Z' \
             from users limit 1",
            "insert into failed_sign_ins (email, at) values ('x@example.org', '2024-01-01')",
        ],
    );
    let exports = everything(database, &scratch.path("before"));
    let trail = audit(database, "990");

    let file = scratch.path("pathway-backup.db");
    let said = pathway_ok_on(database, &["backup", file.to_str().unwrap()]);
    assert!(said.contains("integrity check passed"), "{said}");
    assert!(said.contains("2 council(s)"), "{said}");
    assert_eq!(sql_number(&file, "select count(*) from sessions"), 0);
    assert_eq!(sql_number(&file, "select count(*) from failed_sign_ins"), 0);
    assert_eq!(
        sql_number(&file, "select count(*) from users"),
        sql_number(&original, "select count(*) from users")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only its owner may read a backup");
    }

    let restored = scratch.path("restored.db");
    let restored = restored.to_str().unwrap();
    let said = pathway_ok_on(restored, &["restore", file.to_str().unwrap()]);
    assert!(said.contains("Restored 2 council(s)"), "{said}");
    assert!(said.contains("everyone signs in again"), "{said}");

    // The audit trail came across whole; the restore is its newest entry.
    let restored_trail = audit(restored, "990");
    assert!(restored_trail.iter().any(|line| line.contains("restore")));
    for line in &trail {
        assert!(restored_trail.contains(line), "audit entry lost: {line}");
    }
    assert_same(&exports, &everything(restored, &scratch.path("after")));
    assert_eq!(
        sql_number(
            Path::new(restored),
            "select count(*) from sessions where token_hash = 'hash-of-a-live-session'"
        ),
        0
    );
}

#[test]
fn backup_does_not_overwrite_a_file_unless_asked() {
    let scratch = Scratch::new();
    let database = scratch.database();
    let database = database.to_str().unwrap();
    pathway_ok_on(database, &ONE_COUNCIL);
    let file = scratch.path("backup.db");
    std::fs::write(&file, "last week's backup").unwrap();

    let refused = pathway_on(database, &["backup", file.to_str().unwrap()]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("already exists") && said.contains("--overwrite"),
        "{said}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"last week's backup");

    let itself = pathway_on(database, &["backup", database, "--overwrite"]);
    assert!(!itself.status.success());
    assert!(String::from_utf8_lossy(&itself.stderr).contains("is the database itself"));

    pathway_ok_on(database, &["backup", file.to_str().unwrap(), "--overwrite"]);
    assert_eq!(sql_number(&file, "select count(*) from councils"), 1);
    // Nothing is left beside it.
    let names: Vec<String> = std::fs::read_dir(scratch.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn restore_refuses_what_is_not_a_pathway_backup_and_changes_nothing() {
    let scratch = Scratch::new();
    let database = scratch.database();
    let database = database.to_str().unwrap();
    let text = scratch.path("notes.txt");
    std::fs::write(&text, "not a database").unwrap();
    let other = scratch.path("other.db");
    sql(&other, &["create table shopping (item text)"]);

    for (file, reason) in [
        (&text, "not a SQLite database file"),
        (&other, "it has no _sqlx_migrations table"),
    ] {
        let refused = pathway_on(database, &["restore", file.to_str().unwrap()]);
        assert!(!refused.status.success());
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(
            said.contains("is not a Pathway backup") && said.contains(reason),
            "{said}"
        );
    }
    let missing = pathway_on(database, &["restore", "no-such-backup.db"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no such file"));
}

#[test]
fn restore_refuses_a_backup_from_a_newer_pathway() {
    let scratch = Scratch::new();
    let database = scratch.database();
    let database = database.to_str().unwrap();
    pathway_ok_on(database, &ONE_COUNCIL);
    let file = scratch.path("backup.db");
    pathway_ok_on(database, &["backup", file.to_str().unwrap()]);
    sql(
        &file,
        &[
            "insert into _sqlx_migrations (version, description, success, checksum, \
           execution_time) values (9999, 'from the future', 1, x'00', 0)",
        ],
    );
    let target = scratch.path("target.db");
    let refused = pathway_on(
        target.to_str().unwrap(),
        &["restore", file.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("newer version of Pathway") && said.contains("9999"),
        "{said}"
    );
}

#[test]
fn restore_over_a_database_with_records_needs_replace_then_replaces_everything() {
    let scratch = Scratch::new();
    let original = scratch.database();
    let original = original.to_str().unwrap();
    pathway_ok_on(original, &ONE_COUNCIL);
    let file = scratch.path("backup.db");
    pathway_ok_on(original, &["backup", file.to_str().unwrap()]);
    let exports = bulk_and_councils(original, &scratch.path("before"));

    // Another installation, with its own council and a signed-in user.
    let target_file = scratch.path("target.db");
    let target = target_file.to_str().unwrap();
    pathway_ok_on(
        target,
        &[
            "demo",
            "--councils",
            "1",
            "--seed",
            "3",
            "--until",
            "2023-03-31",
        ],
    );
    sql(
        &target_file,
        &[
            "insert into sessions (token_hash, user_id, csrf_token, expires_at) \
           select 'live', id, 'csrf', '2999-01-01T00:00:00Z' from users limit 1",
        ],
    );
    let councils_before = pathway_ok_on(target, &["councils"]);

    let refused = pathway_on(target, &["restore", file.to_str().unwrap()]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("is not empty") && said.contains("--replace"),
        "{said}"
    );
    assert!(said.contains("Nothing was changed"), "{said}");
    assert_eq!(pathway_ok_on(target, &["councils"]), councils_before);

    let revision = "select revision from council_revisions where council = '990'";
    let replaced_revision = sql_number(&target_file, revision);
    let backup_revision = sql_number(&file, revision);

    let said = pathway_ok_on(target, &["restore", file.to_str().unwrap(), "--replace"]);
    // A server still running keeps nothing it read before: the council's revision
    // moved past both the one replaced and the backup's.
    assert!(
        sql_number(&target_file, revision) > replaced_revision.max(backup_revision),
        "the council's revision moves on"
    );
    assert!(
        said.contains("Replaced what the database held: 1 council(s)"),
        "{said}"
    );
    assert_eq!(sql_number(&target_file, "select count(*) from sessions"), 0);
    assert_same(&exports, &bulk_and_councils(target, &scratch.path("after")));
}

#[test]
fn backups_move_an_installation_between_sqlite_and_postgresql_exporting_identically() {
    let scratch = Scratch::new();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let postgres = runtime.block_on(fresh_postgres_database());
    let into_postgres = runtime.block_on(fresh_postgres_database());
    drop(runtime);

    // PostgreSQL → backup → a new SQLite file.
    pathway_ok_on(&postgres, &ONE_COUNCIL);
    let exports = everything(&postgres, &scratch.path("postgres"));
    let from_postgres = scratch.path("from-postgres.db");
    pathway_ok_on(&postgres, &["backup", from_postgres.to_str().unwrap()]);
    let sqlite = scratch.path("restored.db");
    let sqlite = sqlite.to_str().unwrap();
    pathway_ok_on(sqlite, &["restore", from_postgres.to_str().unwrap()]);
    assert_same(&exports, &everything(sqlite, &scratch.path("sqlite")));

    // SQLite → backup → a new PostgreSQL database.
    let from_sqlite = scratch.path("from-sqlite.db");
    pathway_ok_on(sqlite, &["backup", from_sqlite.to_str().unwrap()]);
    pathway_ok_on(&into_postgres, &["restore", from_sqlite.to_str().unwrap()]);
    assert_same(&exports, &everything(&into_postgres, &scratch.path("back")));

    // Over a PostgreSQL database with records: only with --replace, then entirely.
    let refused = pathway_on(&postgres, &["restore", from_sqlite.to_str().unwrap()]);
    assert!(!refused.status.success());
    let said = pathway_ok_on(
        &postgres,
        &["restore", from_sqlite.to_str().unwrap(), "--replace"],
    );
    assert!(
        said.contains("Replaced what the database held: 1 council(s)"),
        "{said}"
    );
    assert_same(&exports, &everything(&postgres, &scratch.path("replaced")));
    // New records still get new ids after the restore.
    pathway_ok_on(
        &postgres,
        &[
            "user",
            "add",
            "--council",
            "990",
            "--role",
            "viewer",
            "--email",
            "after-restore@example.org",
        ],
    );
}
