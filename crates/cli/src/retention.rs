//! `pathway retention --council C --dry-run|--apply [--date D]`: the retention
//! schedule, for a scheduled job (monthly). Lists what has expired per record class
//! (by ID only) and, with `--apply`, anonymises it all in one transaction with an
//! audit entry. `--employment-years N` changes how long the council keeps employment
//! and training records. The rules are in docs/retention.md.

use anyhow::Context;
use chrono::Utc;
use clap::{ArgGroup, Args};
use pathway_app::{Store, apply_retention, put_retention_settings, review_retention};
use pathway_domain::CouncilCode;
use pathway_domain::retention::RetentionSettings;
use pathway_domain::values::Date;

use crate::council_file::known_council;
use crate::{actor, parse_council, parse_day};

/// Arguments of `retention`.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("mode")
        .required(true)
        .args(["dry_run", "apply", "employment_years"])
))]
pub struct RetentionArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// List what has expired, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Anonymise everything that has expired, in one change with an audit entry.
    #[arg(long)]
    pub apply: bool,
    /// Keep the council's employment and training records this many whole years after
    /// the person left (6 to 25; 6 unless changed).
    #[arg(long, value_name = "YEARS")]
    pub employment_years: Option<u32>,
    /// What has expired on this day (YYYY-MM-DD) rather than today.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub date: Option<Date>,
}

/// Runs `retention`.
pub async fn run(store: &dyn Store, args: &RetentionArgs) -> anyhow::Result<()> {
    let council = args.council;
    known_council(store, council).await?;
    if let Some(years) = args.employment_years {
        let settings = RetentionSettings::new(years)?;
        put_retention_settings(store, council, settings, &actor())
            .await
            .context("changing the retention schedule")?;
        println!(
            "Council {council} now keeps employment and training records {years} years after the person left."
        );
        return Ok(());
    }
    let date = args.date.unwrap_or_else(|| Utc::now().date_naive());
    let review = if args.apply {
        apply_retention(store, council, date, &actor())
            .await
            .context("anonymising expired records")?
    } else {
        review_retention(store, council, date)
            .await
            .with_context(|| format!("reading council {council}'s records"))?
    };
    let run = &review.run;
    println!(
        "Council {council} on {date}: employment and training records are kept {} years after the person's last employment ended; unsuccessful candidates {} months.",
        review.settings.employment_years(),
        review.candidate_months
    );
    println!(
        "Employment and training records: {} leaver(s) expired with personal data still held.",
        run.workers.len()
    );
    for expired in &run.workers {
        println!(
            "  {} left {}, expired from {}",
            expired.worker_id, expired.left_on, expired.anonymise_from
        );
    }
    let students: Vec<&str> = run.students.iter().map(|id| id.as_str()).collect();
    println!(
        "Student placements of students who did not become workers: {}{}{}.",
        students.len(),
        if students.is_empty() { "" } else { ": " },
        students.join(" ")
    );
    let candidates: Vec<&str> = run.candidates.iter().map(|id| id.as_str()).collect();
    println!(
        "Unsuccessful candidates: {} candidate(s){}{}; event attendees: {}.",
        candidates.len(),
        if candidates.is_empty() { "" } else { ": " },
        candidates.join(" "),
        run.attendees
    );
    println!(
        "Records to anonymise: {} (workers {}, placements {}, exit interviews {}, academy {}, career {}, recruitment {}).",
        run.records(),
        run.workforce.workers.len(),
        run.workforce.placements.len(),
        run.workforce.exit_interviews.len(),
        run.academy.len(),
        run.career.len(),
        run.recruitment.len()
    );
    if !args.apply {
        println!("Nothing written (--dry-run).");
    } else if run.is_empty() {
        println!("Nothing to anonymise.");
    } else {
        println!("Anonymised {} record(s) in one change.", run.records());
    }
    Ok(())
}
