//! Crash safety: the real server killed with SIGKILL in the middle of a web import
//! (on SQLite and on PostgreSQL) and in the middle of concurrent writes (SQLite), then
//! started again on the same database.
//! The database passes SQLite's integrity and foreign key checks, every write the
//! server acknowledged before the kill is there, and the half-done import left
//! nothing. A backup taken while the writes go on holds every write acknowledged
//! before it began and restores cleanly.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::backup::sql_number;
use crate::support::serve::{Server, api_token, hidden_value, http, sign_in, try_exchange};
use crate::support::{Scratch, pathway_ok_on, shared};

/// A council with a workforce lead, whose email and password are returned.
fn council_with_lead(database: &str, code: &str) -> (String, String) {
    let email = format!("lead@{code}.crash.example");
    let said = pathway_ok_on(
        database,
        &[
            "councils",
            "add",
            "--code",
            code,
            "--name",
            &format!("Crash Test Council {code}"),
            "--region",
            "north_west",
            "--lead",
            &email,
        ],
    );
    let password = said
        .lines()
        .find_map(|line| line.strip_prefix("One-time password: "))
        .expect("the lead's password is shown")
        .trim()
        .to_owned();
    (email, password)
}

/// The number of rows of every table, but who is signed in and failed sign-ins.
fn row_counts(database: &Path) -> BTreeMap<String, i64> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let names: Vec<String> = runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(database)
            .read_only(true);
        let mut connection = sqlx::ConnectOptions::connect(&options).await.unwrap();
        sqlx::query_scalar(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' \
             and name not in ('sessions', 'failed_sign_ins', 'api_tokens')",
        )
        .fetch_all(&mut connection)
        .await
        .unwrap()
    });
    names
        .into_iter()
        .map(|name| {
            let count = sql_number(database, &format!("select count(*) from \"{name}\""));
            (name, count)
        })
        .collect()
}

/// SQLite's integrity and foreign key checks, as Pathway opens the database after a
/// crash (recovering its write-ahead log).
fn integrity_problems(database: &Path) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = pathway_store_sqlite::SqliteStore::open(database.to_str().unwrap())
            .await
            .expect("the database opens after the crash");
        let problems = store.integrity_problems().await.unwrap();
        store.close().await;
        problems
    })
}

/// Generated bulk data for council 888 (`../shared/bench/gen_workforce.py`).
fn generated(scratch: &Scratch, name: &str, workers: u32, seed: u32) -> PathBuf {
    let folder = scratch.path(name);
    let output = Command::new("python3")
        .arg(shared().join("bench/gen_workforce.py"))
        .args(["--out", folder.to_str().unwrap()])
        .args(["--authorities", "1", "--seed", &seed.to_string()])
        .args(["--workers-per-authority", &workers.to_string()])
        .output()
        .expect("python3 runs ../shared/bench/gen_workforce.py");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    folder
}

/// A zip of every file of a folder, as a council would upload it.
fn zipped(folder: &Path) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&std::fs::read(&path).unwrap()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |metadata| metadata.len())
}

/// The database a server was killed on, looked at from outside.
enum Killed {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Killed {
    fn location(&self) -> String {
        match self {
            Killed::Sqlite(path) => path.to_str().unwrap().to_owned(),
            Killed::Postgres(url) => url.clone(),
        }
    }

    fn row_counts(&self) -> BTreeMap<String, i64> {
        match self {
            Killed::Sqlite(path) => row_counts(path),
            Killed::Postgres(url) => postgres_row_counts(url),
        }
    }

    fn integrity_problems(&self) -> Vec<String> {
        match self {
            Killed::Sqlite(path) => integrity_problems(path),
            Killed::Postgres(url) => {
                let runtime = tokio::runtime::Runtime::new().unwrap();
                runtime.block_on(async {
                    let store = pathway_store_postgres::PostgresStore::open(url)
                        .await
                        .unwrap();
                    let problems = store.integrity_problems().await.unwrap();
                    store.close().await;
                    problems
                })
            }
        }
    }
}

/// Every table's rows in a PostgreSQL database, but sessions and failed sign-ins.
fn postgres_row_counts(url: &str) -> BTreeMap<String, i64> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(url)
            .await
            .unwrap();
        let names: Vec<String> = sqlx::query_scalar(
            "select relname::text from pg_class where relnamespace = 'public'::regnamespace \
             and relkind = 'r' and relname not in ('sessions', 'failed_sign_ins', 'api_tokens')",
        )
        .fetch_all(&mut connection)
        .await
        .unwrap();
        let mut counts = BTreeMap::new();
        for name in names {
            let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "select count(*) from \"{name}\""
            )))
            .fetch_one(&mut connection)
            .await
            .unwrap();
            counts.insert(name, count);
        }
        counts
    })
}

/// Whether a transaction other than this one's has written and is writing the
/// upload's caseloads or absences: the import, half done.
fn postgres_import_writing(url: &str) -> bool {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(url)
            .await
            .unwrap();
        let writing: i64 = sqlx::query_scalar(
            "select count(*) from pg_stat_activity where datname = current_database() \
             and pid <> pg_backend_pid() and backend_xid is not null \
             and (query ilike '%caseloads%' or query ilike '%absences%')",
        )
        .fetch_one(&mut connection)
        .await
        .unwrap();
        writing > 0
    })
}

/// Kills the server while it imports a large upload through the web, then checks
/// that the database is sound, holds nothing of the import, and serves again.
fn kill_in_the_middle_of_a_web_import(scratch: &Scratch, killed: &Killed) {
    let database = killed.location();
    let (email, password) = council_with_lead(&database, "888");
    let big = generated(scratch, "big", 1000, 2);
    // The council already holds its workers and employments, which the killed import
    // must leave as they are; the upload adds ten years of monthly caseloads and
    // absences to them.
    let first = scratch.path("first");
    std::fs::create_dir(&first).unwrap();
    for entry in std::fs::read_dir(&big).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "caseloads.csv" && name != "absences.csv" {
            std::fs::copy(&path, first.join(name)).unwrap();
        }
    }
    pathway_ok_on(&database, &["import", first.to_str().unwrap()]);
    let upload = zipped(&big);

    let server = Server::start(&database);
    let session = sign_in(server.port, &email, &password);
    let form = http(server.port, "GET", "/import", &session, None);
    let boundary = "pathway-crash-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.zip\"\r\n\
         Content-Type: application/zip\r\n\r\n",
        hidden_value(&form.body, "csrf_token")
    )
    .into_bytes();
    body.extend_from_slice(&upload);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let checked = try_exchange(
        server.port,
        "POST",
        "/import",
        &[("Cookie", session.join("; "))],
        Some((&format!("multipart/form-data; boundary={boundary}"), &body)),
    )
    .expect("the upload is checked");
    assert_eq!(checked.status, 200);
    let upload_id = hidden_value(&checked.body, "upload");
    let confirm = format!(
        "upload={upload_id}&csrf_token={}",
        hidden_value(&checked.body, "csrf_token")
    );

    let before = killed.row_counts();
    let wal = PathBuf::from(format!("{database}-wal"));
    let wal_before = file_size(&wal);
    let answered = Arc::new(AtomicBool::new(false));
    let importing = {
        let (port, session, answered) = (server.port, session.clone(), answered.clone());
        std::thread::spawn(move || {
            let answer = try_exchange(
                port,
                "POST",
                "/import/confirm",
                &[("Cookie", session.join("; "))],
                Some(("application/x-www-form-urlencoded", confirm.as_bytes())),
            );
            answered.store(answer.is_some(), Ordering::SeqCst);
        })
    };
    // Wait until the import's transaction is writing. SQLite: its pages spill into the
    // write-ahead log once they outgrow the page cache, which the import's rows fill
    // many times over before they commit. PostgreSQL: its transaction has written and
    // is inserting the caseloads or absences.
    let writing = || match killed {
        Killed::Sqlite(_) => file_size(&wal) >= wal_before + 1024 * 1024,
        Killed::Postgres(url) => postgres_import_writing(url),
    };
    while !writing() {
        assert!(
            !importing.is_finished(),
            "the import finished before it was seen writing: the kill must land while it \
             writes"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let at_kill = file_size(&wal);
    server.kill();
    importing.join().unwrap();
    if let Killed::Sqlite(_) = killed {
        eprintln!("killed mid-import: write-ahead log {wal_before} -> {at_kill} bytes");
    }
    assert!(
        !answered.load(Ordering::SeqCst),
        "the import was never acknowledged"
    );

    assert_eq!(killed.integrity_problems(), Vec::<String>::new());
    assert_eq!(killed.row_counts(), before, "nothing of the import is left");
    // The server starts again on the database, and the import can be done again.
    drop(Server::start(&database));
    pathway_ok_on(&database, &["import", big.to_str().unwrap()]);
    assert!(killed.row_counts()["caseloads"] > before["caseloads"]);
}

#[test]
fn a_server_killed_in_the_middle_of_a_web_import_restarts_with_nothing_of_it() {
    let scratch = Scratch::new();
    kill_in_the_middle_of_a_web_import(&scratch, &Killed::Sqlite(scratch.database()));
}

#[test]
fn a_server_on_postgresql_killed_in_the_middle_of_a_web_import_leaves_nothing_of_it() {
    let scratch = Scratch::new();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(pathway_store_conformance::fresh_postgres_database());
    drop(runtime);
    kill_in_the_middle_of_a_web_import(&scratch, &Killed::Postgres(database));
}

/// One candidate a writer added, by family name, once the server acknowledged it.
type Acknowledged = Arc<Mutex<Vec<String>>>;

/// Adds candidates through the JSON API until the server stops answering; records
/// each one the server acknowledged (201 Created).
fn writer(port: u16, token: String, number: usize, acknowledged: Acknowledged) {
    for sequence in 0.. {
        let family_name = format!("Writer{number}-{sequence}");
        let body = format!(
            r#"{{"given_name":"Crash","family_name":"{family_name}","source":"advert","applied_on":"2024-09-01"}}"#
        );
        let Some(answer) = try_exchange(
            port,
            "POST",
            "/api/v1/recruitment/candidates",
            &[("Authorization", format!("Bearer {token}"))],
            Some(("application/json", body.as_bytes())),
        ) else {
            return;
        };
        assert!(
            answer.status == 201 || answer.status >= 500,
            "a candidate is added or the server failed: {} {}",
            answer.status,
            answer.body
        );
        if answer.status == 201 {
            acknowledged.lock().unwrap().push(family_name);
        }
    }
}

fn wait_for(acknowledged: &Acknowledged, count: usize) {
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < count {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the writers are stuck"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn candidates(database: &Path) -> Vec<String> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(database)
            .read_only(true);
        let mut connection = sqlx::ConnectOptions::connect(&options).await.unwrap();
        sqlx::query_scalar("select family_name from candidates where given_name = 'Crash'")
            .fetch_all(&mut connection)
            .await
            .unwrap()
    })
}

#[test]
fn a_server_killed_during_concurrent_writes_keeps_every_acknowledged_write() {
    let scratch = Scratch::new();
    let database = scratch.database();
    let councils = ["888", "840", "895", "201"];
    let leads: Vec<(String, String)> = councils
        .iter()
        .map(|code| council_with_lead(database.to_str().unwrap(), code))
        .collect();
    let server = Server::start(database.to_str().unwrap());
    let tokens: Vec<String> = leads
        .iter()
        .map(|(email, password)| {
            api_token(
                server.port,
                &sign_in(server.port, email, password),
                "crash test",
            )
        })
        .collect();

    // One writer per council: each adds its council's candidates one after another,
    // while the four write to the database at once.
    let acknowledged: Acknowledged = Arc::default();
    let writers: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(number, token)| {
            let (port, token, acknowledged) = (server.port, token.clone(), acknowledged.clone());
            std::thread::spawn(move || writer(port, token, number, acknowledged))
        })
        .collect();

    // A backup taken while they write holds every write acknowledged before it began.
    wait_for(&acknowledged, 40);
    let before_backup = acknowledged.lock().unwrap().clone();
    let backup = scratch.path("backup.db");
    pathway_ok_on(
        database.to_str().unwrap(),
        &["backup", backup.to_str().unwrap()],
    );
    let during_backup = acknowledged.lock().unwrap().len();
    let in_backup = candidates(&backup);
    for name in &before_backup {
        assert!(
            in_backup.contains(name),
            "{name} is missing from the backup: {} there, {} in the database",
            in_backup.len(),
            candidates(&database).len()
        );
    }
    let restored = scratch.path("restored.db");
    pathway_ok_on(
        restored.to_str().unwrap(),
        &["restore", backup.to_str().unwrap()],
    );
    assert_eq!(integrity_problems(&restored), Vec::<String>::new());
    assert_eq!(candidates(&restored).len(), in_backup.len());

    wait_for(&acknowledged, during_backup + 40);
    server.kill();
    for writer in writers {
        writer.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    eprintln!(
        "killed after {} acknowledged writes ({} before the backup)",
        acknowledged.len(),
        before_backup.len()
    );

    assert_eq!(integrity_problems(&database), Vec::<String>::new());
    let stored = candidates(&database);
    for name in &acknowledged {
        assert!(stored.contains(name), "acknowledged write {name} was lost");
    }
    // The server starts again on the database and answers with every one of them.
    let again = Server::start(database.to_str().unwrap());
    let mut listed = String::new();
    for token in &tokens {
        let answer = try_exchange(
            again.port,
            "GET",
            "/api/v1/recruitment/candidates",
            &[("Authorization", format!("Bearer {token}"))],
            None,
        )
        .expect("the restarted server answers");
        assert_eq!(answer.status, 200);
        listed.push_str(&answer.body);
    }
    for name in &acknowledged {
        assert!(listed.contains(name.as_str()), "{name} is not listed");
    }
}
