//! `pathway report details`: the committee report's own words for a council and
//! reference date, printed or set as JSON (the layout of the API's
//! `/api/v1/reports/committee/details`), and `pathway report committee`: the report
//! itself as HTML, PDF, DOCX or XLSX.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{
    CommitteeEditor, CommitteeSaveError, DetailsSource, Store, committee_details_for,
    save_committee_details,
};
use pathway_domain::CouncilCode;
use pathway_domain::values::Date;
use pathway_web::committee_details::CommitteeDetailsBody;

use crate::council_file::{self, known_council};
use crate::{actor, parse_council, parse_day};

/// The `report` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Print the committee report's own words (meeting, recommendations, background,
    /// implications) for a reference date as JSON, or set them from a JSON file.
    Details(DetailsArgs),
}

/// Arguments of `report details`.
#[derive(Debug, Args)]
pub struct DetailsArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The report's reference date, YYYY-MM-DD (usually a 30 September).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub date: Date,
    /// Set the words from this JSON file (as printed without --set), all or nothing.
    #[arg(long, value_name = "FILE.json")]
    pub set: Option<PathBuf>,
}

/// Runs a `report` subcommand.
pub async fn run(store: &dyn Store, command: &ReportCommand) -> anyhow::Result<()> {
    match command {
        ReportCommand::Details(args) => details(store, args).await,
    }
}

async fn details(store: &dyn Store, args: &DetailsArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let Some(path) = &args.set else {
        let (details, source) = committee_details_for(store, args.council, args.date).await?;
        match source {
            DetailsSource::Saved => {}
            DetailsSource::Earlier(earlier) => eprintln!(
                "Nothing is saved for {}: these are the words of the report of {earlier}.",
                args.date
            ),
            DetailsSource::StartingPoint => {
                eprintln!("Nothing is saved yet: these are Pathway's starting words.");
            }
        }
        let body = CommitteeDetailsBody::from(details);
        println!("{}", serde_json::to_string_pretty(&body)?);
        return Ok(());
    };
    let shown = path.display();
    let body: CommitteeDetailsBody = council_file::read(path)?;
    let actor = actor();
    match save_committee_details(
        store,
        CommitteeEditor::CommandLine(&actor),
        args.council,
        args.date,
        body.into(),
        chrono::Utc::now(),
    )
    .await
    {
        Ok(_) => {
            println!(
                "Saved the committee report's words for council {} at {}.",
                args.council, args.date
            );
            Ok(())
        }
        Err(CommitteeSaveError::Invalid(problems)) => {
            for problem in &problems {
                eprintln!("{shown}: {problem}");
            }
            bail!("{shown}: {} problem(s); nothing was saved", problems.len())
        }
        Err(error) => Err(error).with_context(|| format!("{shown}: nothing was saved")),
    }
}
