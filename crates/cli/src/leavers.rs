//! `pathway exit-interviews export|import|analysis` and `pathway profile`: exit
//! interviews as the bulk format's `exit_interviews.csv` (written through the import,
//! all or nothing), their analysis, and the workforce profile. The command line shows
//! every number unless `--public` asks for small numbers to be suppressed.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, Subcommand};
use pathway_app::{AuditEntry, ImportError, ImportMode, ImportSource, Store, Upload};
use pathway_bulk::ReadFailure;
use pathway_domain::ids::WorkerId;
use pathway_domain::measures::census_date_on_or_before;
use pathway_domain::measures::exit_interviews::{self, check_leaver};
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::profile::{Breakdown, profile};
use pathway_domain::measures::suppression::{PublishedTable, Suppression};
use pathway_domain::values::Date;
use pathway_domain::{BulkFile, CouncilCode, Problem, Problems};

use crate::council_file::known_council;
use crate::{actor, parse_council, parse_day};

/// The `exit-interviews` subcommands.
#[derive(Debug, Subcommand)]
pub enum ExitInterviewsCommand {
    /// Write a council's exit interviews as exit_interviews.csv of the bulk format.
    /// They hold leavers' words: recorded in the audit trail.
    Export(ExportArgs),
    /// Read exit interviews (the columns of the bulk format's exit_interviews.csv)
    /// into their councils, all or nothing: every problem is listed as
    /// FILE:row:column and nothing is written. Each worker must have left.
    Import(ImportArgs),
    /// Analyse a council's exit interviews: coverage, main reasons by year, by team
    /// and by length of service, and whether leavers would return.
    Analysis(AnalysisArgs),
}

/// Arguments of `exit-interviews export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The CSV file to write.
    #[arg(short, long, value_name = "FILE.csv")]
    pub output: PathBuf,
}

/// Arguments of `exit-interviews import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV file to read.
    #[arg(value_name = "FILE.csv")]
    pub path: PathBuf,
    /// Check only: write nothing.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `exit-interviews analysis`.
#[derive(Debug, Args)]
pub struct AnalysisArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The first day (YYYY-MM-DD); five census years before --to unless given.
    #[arg(long, value_parser = parse_day)]
    pub from: Option<Date>,
    /// The last day (YYYY-MM-DD); the latest 30 September unless given.
    #[arg(long, value_parser = parse_day)]
    pub to: Option<Date>,
    /// Write the analysis as JSON (the layout of the API).
    #[arg(long)]
    pub json: bool,
    /// Suppress small numbers (1 to 4 shown as c, with secondary suppression), as for
    /// publication.
    #[arg(long)]
    pub public: bool,
}

/// Arguments of `profile`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The day (YYYY-MM-DD); the latest 30 September unless given.
    #[arg(long, value_parser = parse_day)]
    pub date: Option<Date>,
    /// Write the profile as JSON (the layout of the API).
    #[arg(long)]
    pub json: bool,
    /// Suppress small numbers (1 to 4 shown as c, with secondary suppression), as for
    /// publication.
    #[arg(long)]
    pub public: bool,
}

/// Runs an `exit-interviews` subcommand.
pub async fn run(store: &dyn Store, command: &ExitInterviewsCommand) -> anyhow::Result<()> {
    match command {
        ExitInterviewsCommand::Export(args) => export(store, args).await,
        ExitInterviewsCommand::Import(args) => import(store, args).await,
        ExitInterviewsCommand::Analysis(args) => analysis(store, args).await,
    }
}

fn suppression(public: bool) -> Suppression {
    if public {
        Suppression::default()
    } else {
        Suppression::NONE
    }
}

async fn export(store: &dyn Store, args: &ExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let workforce = store.workforce(args.council).await?;
    let count = workforce.exit_interviews.len();
    pathway_bulk::write_csv_file(&args.output, BulkFile::ExitInterviews, &[workforce])
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export exit interviews".to_owned(),
            detail: format!("{count} exit interviews to {}", args.output.display()),
        }])
        .await?;
    println!(
        "Wrote {count} exit interview{} to {}.",
        if count == 1 { "" } else { "s" },
        args.output.display()
    );
    Ok(())
}

/// `FILE:row:column: message`, naming the file as the user gave it.
fn located(path: &Path, problem: &Problem) -> String {
    let mut text = path.display().to_string();
    match problem.row {
        Some(row) => text.push_str(&format!(":{row}")),
        None => text.push_str(":stored"),
    }
    if let Some(column) = &problem.column {
        text.push_str(&format!(":{column}"));
    }
    format!("{text}: {}", problem.message)
}

fn refuse(path: &Path, problems: &Problems) -> anyhow::Result<()> {
    for problem in problems.shown() {
        eprintln!("{}", located(path, problem));
    }
    if problems.not_shown() > 0 {
        eprintln!("... and {} more problems not shown", problems.not_shown());
    }
    bail!(
        "{} problem(s) found in {}; nothing was imported",
        problems.total(),
        path.display()
    )
}

async fn import(store: &dyn Store, args: &ImportArgs) -> anyhow::Result<()> {
    let path = &args.path;
    let upload = match pathway_bulk::read_csv_file(path, BulkFile::ExitInterviews) {
        Ok(upload) => upload,
        Err(ReadFailure::Unreadable(error)) => return Err(error.into()),
        Err(ReadFailure::Invalid { problems, .. }) => return refuse(path, &problems),
    };
    for warning in &upload.warnings {
        eprintln!("warning: {warning}");
    }
    // Each interview must be a leaver's, as on the form.
    let mut problems = Problems::new();
    for (council, workforce, rows) in &upload.councils {
        let known = store.councils().await?.iter().any(|c| c.code == *council);
        if !known {
            let row = rows.get(BulkFile::ExitInterviews, 0);
            problems.push(Problem::at(
                BulkFile::ExitInterviews,
                row,
                "authority",
                format!("council {council} is not on this installation: import its data first"),
            ));
            continue;
        }
        let stored = store.workforce(*council).await?;
        for (index, interview) in workforce.exit_interviews.iter().enumerate() {
            if let Err(problem) = check_leaver(&stored, &interview.worker_id, interview.held_on) {
                let column = match problem {
                    exit_interviews::NotALeaver::BeforeStart { .. } => "held_on",
                    _ => "worker_id",
                };
                problems.push(Problem::at(
                    BulkFile::ExitInterviews,
                    rows.get(BulkFile::ExitInterviews, index),
                    column,
                    problem.to_string(),
                ));
            }
        }
    }
    if !problems.is_empty() {
        return refuse(path, &problems);
    }
    let description = path.display().to_string();
    let source = ImportSource {
        actor: &actor(),
        description: &description,
        action: "import exit interviews",
        council_names: &[],
    };
    let mode = if args.check {
        ImportMode::CheckOnly
    } else {
        ImportMode::Write
    };
    let upload = Upload {
        councils: upload.councils,
        files: vec![BulkFile::ExitInterviews],
    };
    match pathway_app::import(store, upload, mode, source).await {
        Ok(summary) => {
            for (_, tally) in &summary.files {
                println!(
                    "exit interviews: {} added, {} updated, {} unchanged",
                    tally.added, tally.updated, tally.unchanged
                );
            }
            if summary.written {
                println!("Imported {}.", path.display());
            } else {
                println!("{} is valid; nothing was written.", path.display());
            }
            Ok(())
        }
        Err(ImportError::Invalid(problems)) => refuse(path, &problems),
        Err(ImportError::Store(error)) => Err(error).context("nothing was imported"),
    }
}

fn print_table(title: &str, table: &PublishedTable) {
    println!("\n{title}");
    let totals = table.columns.len() > 1;
    let mut header: Vec<String> = vec![String::new()];
    header.extend(table.columns.iter().cloned());
    if totals {
        header.push("Total".to_owned());
    }
    let mut lines = vec![header];
    let mut line =
        |label: &str, cells: &[pathway_domain::measures::suppression::Published], total: String| {
            let mut text = vec![label.to_owned()];
            text.extend(cells.iter().map(ToString::to_string));
            if totals {
                text.push(total);
            }
            lines.push(text);
        };
    for ((label, cells), total) in table.rows.iter().zip(&table.cells).zip(&table.row_totals) {
        line(label, cells, total.to_string());
    }
    line("Total", &table.column_totals, table.total.to_string());
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|column| lines.iter().map(|l| l[column].len()).max().unwrap_or(0))
        .collect();
    for text in &lines {
        let mut out = format!("  {:width$}", text[0], width = widths[0]);
        for (cell, width) in text.iter().zip(&widths).skip(1) {
            out.push_str(&format!("  {cell:>width$}"));
        }
        println!("{out}");
    }
}

async fn analysis(store: &dyn Store, args: &AnalysisArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let today = Utc::now().date_naive();
    let default_to = census_date_on_or_before(today);
    let to = args.to.unwrap_or(default_to);
    let from = args
        .from
        .unwrap_or_else(|| exit_interviews::default_from(to));
    if from > to {
        bail!("--from must be on or before --to");
    }
    let workforce = store.workforce(args.council).await?;
    let index = CouncilIndex::new(&workforce);
    let analysis = exit_interviews::analyse(&index, from, to, suppression(args.public));
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &analysis)?;
        println!();
        return Ok(());
    }
    println!(
        "Exit interviews of council {}'s leavers from {from} to {to}{}",
        args.council,
        if analysis.suppressed {
            " (small numbers suppressed: c)"
        } else {
            ""
        }
    );
    println!(
        "Coverage: {} of {} leavers had an interview ({})",
        analysis.coverage.cells[0][0],
        analysis.coverage.total,
        analysis.coverage_rate.percent()
    );
    print_table("Leavers with and without an interview", &analysis.coverage);
    print_table("Main reason by census year", &analysis.reasons_by_year);
    print_table("Last team by main reason", &analysis.reasons_by_team);
    print_table(
        "Main reason by length of service",
        &analysis.reasons_by_service,
    );
    print_table("Would they come back?", &analysis.would_return);
    Ok(())
}

fn print_breakdown(title: &str, breakdown: &Breakdown) {
    println!("\n{title}");
    let width = breakdown
        .rows
        .iter()
        .map(|row| row.label.len())
        .max()
        .unwrap_or(0)
        .max(5);
    for row in &breakdown.rows {
        println!(
            "  {:width$}  {:>6}  {:>6}",
            row.label,
            row.count.to_string(),
            row.share.percent()
        );
    }
    println!("  {:width$}  {:>6}", "Total", breakdown.total.to_string());
}

/// Runs `profile`.
pub async fn run_profile(store: &dyn Store, args: &ProfileArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let date = args
        .date
        .unwrap_or_else(|| census_date_on_or_before(Utc::now().date_naive()));
    let workforce = store.workforce(args.council).await?;
    let recruitment = store.recruitment(args.council).await?;
    let recruits: Vec<&WorkerId> = recruitment
        .international_recruits
        .iter()
        .map(|r| &r.worker_id)
        .collect();
    let index = CouncilIndex::new(&workforce);
    let profile = profile(&index, date, &recruits, suppression(args.public));
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &profile)?;
        println!();
        return Ok(());
    }
    println!(
        "Workforce profile of council {} on {date}{}",
        args.council,
        if profile.suppressed {
            " (small numbers suppressed: c)"
        } else {
            ""
        }
    );
    println!(
        "Social workers in post (agency excluded): {}; agency workers in post, counted separately: {}",
        profile.headcount, profile.agency_headcount
    );
    print_breakdown("Gender", &profile.gender);
    print_breakdown("Age on the day", &profile.age);
    print_breakdown("Ethnic group (DfE major groups)", &profile.ethnicity);
    print_breakdown("Route into social work", &profile.route);
    print_breakdown("Recruited from overseas", &profile.overseas);
    print_breakdown("Languages other than English", &profile.other_languages);
    print_breakdown("British Sign Language", &profile.bsl);
    if !profile.languages.is_empty() {
        println!("\nEach language other than English (these overlap)");
        for language in &profile.languages {
            println!(
                "  {:20}  {:>6}",
                language.language,
                language.count.to_string()
            );
        }
    }
    Ok(())
}
