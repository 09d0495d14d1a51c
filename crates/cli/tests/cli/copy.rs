//! Moving an installation: `pathway copy` takes everything from a SQLite file into an
//! empty PostgreSQL database, and the copy answers exactly as the original.

use crate::support::{Scratch, folder_contents, pathway_ok_on, pathway_on};
use pathway_store_conformance::fresh_postgres_database;

/// Every export Pathway has of one council's records, by name.
pub(crate) fn every_export(
    database: &str,
    council: &str,
    folder: &std::path::Path,
) -> Vec<(String, Vec<u8>)> {
    std::fs::create_dir_all(folder).unwrap();
    let mut files = Vec::new();
    for (area, file) in [
        ("academy", "academy.json"),
        ("career", "career.json"),
        ("training", "training.json"),
        ("recruitment", "recruitment.json"),
        ("feedback", "feedback.json"),
        ("caseloads", "caseloads.csv"),
    ] {
        let path = folder.join(format!("{council}-{file}"));
        pathway_ok_on(
            database,
            &[
                area,
                "export",
                "--council",
                council,
                "-o",
                path.to_str().unwrap(),
            ],
        );
        files.push((
            format!("{area} of {council}"),
            std::fs::read(&path).unwrap(),
        ));
    }
    let bulk = folder.join(format!("{council}-bulk"));
    pathway_ok_on(
        database,
        &["export", bulk.to_str().unwrap(), "--council", council],
    );
    files.extend(folder_contents(&bulk));
    let measures = [
        "measures",
        "--json",
        "--date",
        "2024-09-30",
        "--council",
        council,
    ];
    files.push((
        "measures".to_owned(),
        pathway_ok_on(database, &measures).into_bytes(),
    ));
    files
}

#[test]
fn the_same_demo_on_sqlite_and_on_postgresql_exports_identically() {
    let scratch = Scratch::new();
    let sqlite = scratch.database().to_str().unwrap().to_owned();
    let postgres = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(fresh_postgres_database());
    let demo = [
        "demo",
        "--councils",
        "1",
        "--seed",
        "11",
        "--until",
        "2024-09-30",
    ];
    pathway_ok_on(&sqlite, &demo);
    pathway_ok_on(&postgres, &demo);
    let from_sqlite = every_export(&sqlite, "990", &scratch.path("sqlite"));
    let from_postgres = every_export(&postgres, "990", &scratch.path("postgres"));
    for ((name, sqlite_bytes), (other, postgres_bytes)) in from_sqlite.iter().zip(&from_postgres) {
        assert_eq!(name, other);
        assert!(sqlite_bytes.len() > 2, "{name} holds records");
        assert!(
            sqlite_bytes == postgres_bytes,
            "{name} differs between SQLite and PostgreSQL"
        );
    }
    assert_eq!(from_sqlite.len(), from_postgres.len());
}

#[test]
fn a_sqlite_installation_copied_to_postgresql_exports_and_measures_identically() {
    let scratch = Scratch::new();
    let sqlite = scratch.database().to_str().unwrap().to_owned();
    pathway_ok_on(
        &sqlite,
        &[
            "demo",
            "--councils",
            "2",
            "--seed",
            "7",
            "--until",
            "2024-09-30",
        ],
    );
    let postgres = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(fresh_postgres_database());

    let copied = pathway_ok_on(&sqlite, &["copy", "--from", &sqlite, "--to", &postgres]);
    assert!(copied.starts_with("Copied "), "{copied}");

    // The audit trail comes across with its times, before either side adds to it.
    for council in ["990", "989"] {
        let args = ["audit", "--council", council, "--limit", "1000"];
        assert_eq!(
            pathway_ok_on(&postgres, &args),
            pathway_ok_on(&sqlite, &args)
        );
    }
    // The hashes come across: the copy's chains verify, to the same newest hashes.
    let verified = pathway_ok_on(&postgres, &["audit", "verify"]);
    assert!(verified.contains("audit trail intact"), "{verified}");
    assert_eq!(verified, pathway_ok_on(&sqlite, &["audit", "verify"]));
    let measures = ["measures", "--json", "--date", "2024-09-30"];
    assert_eq!(
        pathway_ok_on(&postgres, &measures),
        pathway_ok_on(&sqlite, &measures)
    );
    let councils = pathway_ok_on(&sqlite, &["councils"]);
    assert_eq!(pathway_ok_on(&postgres, &["councils"]), councils);

    let from_sqlite = scratch.path("from-sqlite");
    let from_postgres = scratch.path("from-postgres");
    pathway_ok_on(&sqlite, &["export", from_sqlite.to_str().unwrap()]);
    pathway_ok_on(&postgres, &["export", from_postgres.to_str().unwrap()]);
    let exported = folder_contents(&from_sqlite);
    assert!(
        exported.len() >= 10,
        "every file of the bulk format is exported"
    );
    assert_eq!(folder_contents(&from_postgres), exported);

    // Users come across: the copied installation still has the demo's accounts, so a
    // second user with the same email is refused there too.
    let again = pathway_on(
        &postgres,
        &[
            "user",
            "add",
            "--council",
            "990",
            "--role",
            "viewer",
            "--email",
            "lead@demo.pathway.example",
        ],
    );
    assert!(!again.status.success(), "the copied users are there");

    // A second copy into the same database is refused and changes nothing.
    let refused = pathway_on(&sqlite, &["copy", "--from", &sqlite, "--to", &postgres]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("not empty"), "{message}");
    assert_eq!(pathway_ok_on(&postgres, &["councils"]), councils);
}
