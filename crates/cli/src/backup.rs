//! `pathway backup` and `pathway restore`: the whole installation in one file.
//!
//! A backup is always a SQLite database file with Pathway's schema, whether the
//! installation runs on SQLite or on PostgreSQL, so one format serves both and a backup
//! taken from one can be restored into the other. It holds every council, record, user,
//! API token (as hashes, with their revocations) and the audit trail; it leaves out who
//! is signed in now and recent failed sign-ins, so a restored installation starts with
//! nobody signed in.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use pathway_app::StoreError;
use pathway_app::audit::AuditEntry;
use pathway_app::transfer::TransferError;
use pathway_store_postgres::PostgresStore;
use pathway_store_sqlite::SqliteStore;
use pathway_store_sqlite::backup::{BackupContents, read_backup, seal_backup, write_backup};

use crate::database::{Database, is_postgres};

/// Arguments of `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (a SQLite database file).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub overwrite: bool,
}

/// Arguments of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore, written by `pathway backup`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace everything the database holds with the backup. Without it, restore
    /// only goes into a database holding no councils and no users.
    #[arg(long)]
    pub replace: bool,
}

/// `pathway backup FILE`: a consistent snapshot of the installation, taken while
/// servers keep running, written beside FILE, checked, then moved into place, so a
/// failed backup never leaves a half-written FILE nor harms an earlier one.
pub async fn backup(database: &str, args: &BackupArgs) -> anyhow::Result<()> {
    let file = &args.file;
    if file.exists() && !args.overwrite {
        bail!(
            "{} already exists: choose a new file name, or add --overwrite to replace it",
            file.display()
        );
    }
    if !is_postgres(database) {
        let source = Path::new(database.trim_start_matches("sqlite://"));
        if !source.exists() {
            bail!("{database}: no such SQLite database");
        }
        if file.exists() && std::fs::canonicalize(file)? == std::fs::canonicalize(source)? {
            bail!(
                "{} is the database itself: back it up into another file",
                file.display()
            );
        }
    }
    let partial = partial_path(file);
    remove_if_there(&partial)?;
    let written = write(database, &partial).await;
    let contents = match written {
        Ok(contents) => contents,
        Err(error) => {
            let _ = remove_if_there(&partial);
            return Err(error);
        }
    };
    keep_private(&partial)?;
    std::fs::rename(&partial, file)
        .with_context(|| format!("cannot move the backup into place at {}", file.display()))?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);

    let opened = Database::open(database).await?;
    let recorded = audit_every_council(
        &opened,
        "backup",
        format!("backed up the whole installation to {}", file.display()),
    )
    .await;
    opened.close().await;
    recorded?;

    println!(
        "Backed up {} to {} ({}): SQLite's integrity check passed.",
        describe(&contents),
        file.display(),
        megabytes(size)
    );
    println!("The file holds personal data: keep it as safe as the database itself.");
    Ok(())
}

async fn write(database: &str, partial: &Path) -> anyhow::Result<BackupContents> {
    if is_postgres(database) {
        let source = PostgresStore::open(database).await?;
        let tables = source.tables().await;
        source.close().await;
        write_backup(partial, &tables?).await?;
    } else {
        let source = SqliteStore::open(database).await?;
        let written = source.back_up_into(partial).await;
        source.close().await;
        written?;
    }
    Ok(seal_backup(partial).await?)
}

/// `pathway restore FILE`: checks the backup, then puts its installation into the
/// database in one transaction: all of it or, on any failure, nothing.
pub async fn restore(database: &str, args: &RestoreArgs) -> anyhow::Result<()> {
    let file = &args.file;
    if !file.exists() {
        bail!("{}: no such file", file.display());
    }
    let scratch = tempfile::tempdir().context("cannot make a temporary folder")?;
    let (tables, contents) = read_backup(file, scratch.path()).await?;
    drop(scratch);

    let opened = Database::open(database).await?;
    let store = opened.store();
    let before = store.councils().await?;
    let loaded = match &opened {
        Database::Sqlite(target) => target.load_tables(&tables, args.replace).await,
        Database::Postgres(target) if args.replace => target.replace_tables(&tables).await,
        Database::Postgres(target) => target.load_tables(&tables).await.map(|()| 0),
    };
    let deleted = match loaded {
        Ok(deleted) => deleted,
        Err(TransferError::TargetNotEmpty(held)) => {
            opened.close().await;
            bail!(
                "the database {database} is not empty: it holds {held}. Restoring replaces \
                 everything in it (records, users, audit trail) with the backup's; to do so, \
                 run again with --replace. Nothing was changed."
            );
        }
        Err(error) => {
            opened.close().await;
            return Err(anyhow::Error::new(error).context("nothing was restored"));
        }
    };
    let recorded = audit_every_council(
        &opened,
        "restore",
        format!("restored the whole installation from {}", file.display()),
    )
    .await;
    opened.close().await;
    recorded?;

    println!("Restored {} from {}.", describe(&contents), file.display());
    if args.replace {
        let codes: Vec<String> = before.iter().map(|c| c.code.to_string()).collect();
        println!(
            "Replaced what the database held: {} council(s){}, {deleted} rows in all.",
            before.len(),
            if codes.is_empty() {
                String::new()
            } else {
                format!(" ({})", codes.join(", "))
            }
        );
    }
    println!(
        "Nobody is signed in: everyone signs in again. Running servers show the restored records from their next request."
    );
    Ok(())
}

/// Records what was done to the whole installation in every council's audit trail.
async fn audit_every_council(
    opened: &Database,
    action: &str,
    detail: String,
) -> Result<(), StoreError> {
    let store = opened.store();
    let entries: Vec<AuditEntry> = store
        .councils()
        .await?
        .into_iter()
        .map(|council| AuditEntry {
            council: council.code,
            actor: crate::actor(),
            action: action.to_owned(),
            detail: detail.clone(),
        })
        .collect();
    store.record_audit(&entries).await
}

fn describe(contents: &BackupContents) -> String {
    format!(
        "{} council(s), {} user(s), {} rows of {} tables",
        contents.councils, contents.users, contents.rows, contents.tables
    )
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// Where the backup is written before it is checked: beside FILE, so the final move
/// is a rename within one file system.
fn partial_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".to_owned());
    file.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

fn remove_if_there(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error).with_context(|| format!("cannot remove {}", path.display())),
    }
}

/// A backup holds personal data: only its owner may read it.
fn keep_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict who may read {}", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
