//! `pathway caseloads export | import | alerts`: a council's caseload counts as the
//! bulk format's `caseloads.csv`, read back all or nothing, and the alert list at a
//! date.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::caseloads::RECORD_ACTION;
use pathway_app::{
    AuditEntry, ImportError, ImportMode, ImportSource, Store, Upload, caseload_records,
};
use pathway_bulk::ReadFailure;
use pathway_domain::caseload::{AlertReason, caseloads_at};
use pathway_domain::values::Date;
use pathway_domain::{BulkFile, CouncilCode, Problem, Workforce};
use serde::Serialize;

use crate::council_file::known_council;
use crate::{actor, parse_council, parse_day, print_summary};

/// The `caseloads` subcommands.
#[derive(Debug, Subcommand)]
pub enum CaseloadsCommand {
    /// Write a council's caseload counts as the bulk format's caseloads.csv.
    Export(CaseloadsExportArgs),
    /// Read caseload counts from a CSV file with the columns of the bulk format's
    /// caseloads.csv (authority, worker_id, as_of, cases). All or nothing: any wrong
    /// row is named as FILE:row:column and nothing is written.
    Import(CaseloadsImportArgs),
    /// List the workers above their threshold or rising fast at a date.
    Alerts(CaseloadsAlertsArgs),
}

/// Arguments of `caseloads export`.
#[derive(Debug, Args)]
pub struct CaseloadsExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The CSV file to write.
    #[arg(short, long, value_name = "FILE.csv")]
    pub output: PathBuf,
}

/// Arguments of `caseloads import`.
#[derive(Debug, Args)]
pub struct CaseloadsImportArgs {
    /// The CSV file to read.
    #[arg(value_name = "FILE.csv")]
    pub path: PathBuf,
    /// Check the file exactly as import would, writing nothing.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `caseloads alerts`.
#[derive(Debug, Args)]
pub struct CaseloadsAlertsArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The date, YYYY-MM-DD; today unless given.
    #[arg(long, value_parser = parse_day)]
    pub date: Option<Date>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `caseloads` subcommand.
pub async fn run(store: &dyn Store, command: &CaseloadsCommand) -> anyhow::Result<()> {
    match command {
        CaseloadsCommand::Export(args) => export(store, args).await,
        CaseloadsCommand::Import(args) => import(store, args).await,
        CaseloadsCommand::Alerts(args) => alerts(store, args).await,
    }
}

async fn export(store: &dyn Store, args: &CaseloadsExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let stored = store.workforce(args.council).await?;
    let mut counts = Workforce::new(args.council);
    counts.caseloads = stored.caseloads;
    pathway_bulk::write_csv_file(&args.output, BulkFile::Caseloads, &[counts.clone()])
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export caseloads".to_owned(),
            detail: format!(
                "{} counts, to {}",
                counts.caseloads.len(),
                args.output.display()
            ),
        }])
        .await?;
    println!(
        "Wrote {} caseload count{} to {}.",
        counts.caseloads.len(),
        if counts.caseloads.len() == 1 { "" } else { "s" },
        args.output.display()
    );
    Ok(())
}

/// A problem as `FILE:row:column: message`, naming the file given rather than the
/// bulk format's `caseloads.csv`.
fn located(path: &Path, problem: &Problem) -> String {
    let row = problem
        .row
        .map_or_else(|| "stored".to_owned(), |row| row.to_string());
    match &problem.column {
        Some(column) => format!("{}:{row}:{column}: {}", path.display(), problem.message),
        None => format!("{}:{row}: {}", path.display(), problem.message),
    }
}

fn print_problems(path: &Path, problems: &pathway_domain::Problems) {
    for problem in problems.shown() {
        eprintln!("{}", located(path, problem));
    }
    if problems.not_shown() > 0 {
        eprintln!("... and {} more problems not shown", problems.not_shown());
    }
}

async fn import(store: &dyn Store, args: &CaseloadsImportArgs) -> anyhow::Result<()> {
    let path = &args.path;
    let read = match pathway_bulk::read_csv_file(path, BulkFile::Caseloads) {
        Ok(read) => read,
        Err(ReadFailure::Unreadable(error)) => return Err(error.into()),
        Err(ReadFailure::Invalid { problems, warnings }) => {
            for warning in &warnings {
                eprintln!("warning: {warning}");
            }
            print_problems(path, &problems);
            bail!(
                "{} problem(s) found in {}; nothing was imported",
                problems.total(),
                path.display()
            );
        }
    };
    for warning in &read.warnings {
        eprintln!("warning: {warning}");
    }
    for (council, ..) in &read.councils {
        known_council(store, *council).await?;
    }
    let upload = Upload {
        councils: read.councils,
        files: vec![BulkFile::Caseloads],
    };
    let description = path.display().to_string();
    let actor = actor();
    let source = ImportSource {
        actor: &actor,
        description: &description,
        action: RECORD_ACTION,
        council_names: &[],
    };
    let mode = if args.check {
        ImportMode::CheckOnly
    } else {
        ImportMode::Write
    };
    match pathway_app::import(store, upload, mode, source).await {
        Ok(summary) => {
            print_summary(&summary);
            if args.check {
                println!("{} is good: nothing was written.", path.display());
            }
            Ok(())
        }
        Err(ImportError::Invalid(problems)) => {
            print_problems(path, &problems);
            bail!(
                "{} problem(s) found in {}; nothing was imported",
                problems.total(),
                path.display()
            );
        }
        Err(ImportError::Store(error)) => Err(error.into()),
    }
}

/// One alert as `--json` prints it.
#[derive(Debug, Serialize)]
struct AlertLine {
    worker_id: String,
    name: String,
    team_id: Option<String>,
    role: String,
    cases: Option<u32>,
    as_of: Option<Date>,
    threshold: u32,
    reasons: Vec<AlertReason>,
    why: Vec<String>,
}

async fn alerts(store: &dyn Store, args: &CaseloadsAlertsArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let date = args.date.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let records = caseload_records(store, args.council).await?;
    let view = caseloads_at(
        &records.workforce,
        &records.settings,
        records.asye_limit,
        date,
    );
    let name = |id: &pathway_domain::ids::WorkerId| {
        records
            .workforce
            .workers
            .iter()
            .find(|w| &w.id == id)
            .map_or_else(String::new, |w| {
                format!("{} {}", w.given_name, w.family_name)
            })
    };
    let lines: Vec<AlertLine> = view
        .alerts
        .iter()
        .map(|alert| AlertLine {
            worker_id: alert.worker.worker_id.to_string(),
            name: name(alert.worker.worker_id),
            team_id: alert.worker.team_id.map(ToString::to_string),
            role: alert.worker.role.as_str().to_owned(),
            cases: alert.worker.cases(),
            as_of: alert.worker.count.map(|(on, _)| on),
            threshold: alert.worker.threshold,
            why: alert.reasons.iter().map(AlertReason::sentence).collect(),
            reasons: alert.reasons.clone(),
        })
        .collect();
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "view caseloads".to_owned(),
            detail: format!("alerts on {date} (command line)"),
        }])
        .await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "council": args.council.to_string(),
                "date": date,
                "alerts": lines,
            }))?
        );
        return Ok(());
    }
    if lines.is_empty() {
        println!("No worker is on the alert list on {date}.");
        return Ok(());
    }
    println!("{} worker(s) on the alert list on {date}:", lines.len());
    for line in &lines {
        println!(
            "{:<10} {:<28} {:<10} {:<22} {:>5} cases  threshold {:>3}  {}",
            line.worker_id,
            line.name,
            line.team_id.as_deref().unwrap_or("-"),
            line.role,
            line.cases.unwrap_or(0),
            line.threshold,
            line.why.join("; ")
        );
    }
    Ok(())
}
