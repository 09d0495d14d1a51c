//! `pathway recruitment anonymise --council C [--dry-run]`: removes the personal data
//! of unsuccessful candidates kept for the retention period, and of their attendee
//! records, exactly as the page "Anonymise unsuccessful candidates" does; for a
//! scheduled job. The rules are in docs/recruitment.md.

use anyhow::Context;
use chrono::Utc;
use clap::Args;
use pathway_app::{RecruitmentRequest, Store, change_recruitment};
use pathway_domain::CouncilCode;
use pathway_domain::recruitment::candidates::anonymisation;
use pathway_domain::values::Date;

use crate::council_file::known_council;
use crate::{actor, parse_council, parse_day};

/// Arguments of `recruitment anonymise`.
#[derive(Debug, Args)]
pub struct AnonymiseArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// Say how many candidates and attendees are due, writing nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Anonymise what is due on this day (YYYY-MM-DD) rather than today.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub date: Option<Date>,
}

/// Anonymises what is due in one change (one transaction, one audit entry), or with
/// `--dry-run` only says how much is.
pub async fn run(store: &dyn Store, args: &AnonymiseArgs) -> anyhow::Result<()> {
    let council = args.council;
    known_council(store, council).await?;
    let today = args.date.unwrap_or_else(|| Utc::now().date_naive());
    let workforce = store
        .workforce(council)
        .await
        .with_context(|| format!("reading council {council}'s records"))?;
    let recruitment = store
        .recruitment(council)
        .await
        .with_context(|| format!("reading council {council}'s recruitment"))?;
    let months = recruitment.settings.anonymise_after_months;
    let due = anonymisation(&recruitment, &workforce.recruitment_events, today);
    let candidates = due.candidates.len();
    let attendees = due.attendees;
    println!(
        "Council {council}: {candidates} candidate(s) and {attendees} event attendee(s) kept {months} month(s) after their application or event are due for anonymising on {today}."
    );
    if args.dry_run {
        println!("Nothing written (--dry-run).");
        return Ok(());
    }
    if due.is_empty() {
        return Ok(());
    }
    let actor = actor();
    let description = format!(
        "anonymised {candidates} candidates and {attendees} attendees after {months} months"
    );
    change_recruitment(
        store,
        council,
        RecruitmentRequest {
            actor: &actor,
            action: "recruitment",
            description: &description,
        },
        None,
        due.changes,
    )
    .await
    .context("anonymising")?;
    println!("Anonymised {candidates} candidate(s) and {attendees} attendee(s).");
    Ok(())
}
