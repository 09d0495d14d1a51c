//! `pathway report details`: the committee report's own words for a council and
//! reference date, printed or set as JSON (the layout of the API's
//! `/api/v1/reports/committee/details`), and `pathway report committee`: the report
//! itself as HTML, PDF, DOCX or XLSX.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{
    AuditEntry, CommitteeEditor, CommitteeSaveError, DetailsSource, Store, committee_details_for,
    save_committee_details,
};
use pathway_domain::CouncilCode;
use pathway_domain::values::Date;
use pathway_reports::ReportFormat;
use pathway_reports::committee::{self, CommitteeInputs};
use pathway_reports::model::Audience;
use pathway_web::committee_details::CommitteeDetailsBody;

use crate::council_file::{self, known_council};
use crate::{actor, parse_council, parse_day};

/// The `report` subcommands.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Write the committee report pack for a council and reference date: HTML, PDF,
    /// DOCX or XLSX. Internal (every number) unless --public; the words are those
    /// saved for the date, else the last report's before it, else Pathway's starting
    /// words.
    Committee(CommitteeArgs),
    /// Print the committee report's own words (meeting, recommendations, background,
    /// implications) for a reference date as JSON, or set them from a JSON file.
    Details(DetailsArgs),
}

/// Arguments of `report committee`.
#[derive(Debug, Args)]
pub struct CommitteeArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The reference date, YYYY-MM-DD (usually a 30 September).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub date: Date,
    /// The file's format: html, pdf, docx or xlsx.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: ReportFormat,
    /// The public report: counts from 1 to 4, and figures that would give them away,
    /// shown as c.
    #[arg(long)]
    pub public: bool,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn parse_format(text: &str) -> Result<ReportFormat, String> {
    ReportFormat::parse(text).map_err(|error| error.to_string())
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
        ReportCommand::Committee(args) => committee(store, args).await,
        ReportCommand::Details(args) => details(store, args).await,
    }
}

async fn committee(store: &dyn Store, args: &CommitteeArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let council = store
        .councils()
        .await?
        .into_iter()
        .find(|known| known.code == args.council)
        .context("the council disappeared")?;
    let workforce = store.workforce(args.council).await?;
    let academy = store.academy(args.council).await?;
    let (details, source) = committee_details_for(store, args.council, args.date).await?;
    let audience = if args.public {
        Audience::Public
    } else {
        Audience::Internal
    };
    let report = committee::build(&CommitteeInputs {
        council: &council,
        workforce: &workforce,
        academy: &academy,
        details: &details,
        date: args.date,
        audience,
    });
    let bytes = args
        .format
        .render(&report)
        .with_context(|| format!("cannot make the {} report", args.format.label()))?;
    std::fs::write(&args.output, &bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    // The internal report shows small numbers: who made one is recorded, as a
    // download from the page is.
    if audience == Audience::Internal {
        store
            .record_audit(&[AuditEntry {
                council: args.council,
                actor: actor(),
                action: pathway_app::committee::VIEW_ACTION.to_owned(),
                detail: format!(
                    "internal committee report of {}: written as {}",
                    args.date,
                    args.format.label()
                ),
            }])
            .await?;
    }
    let words = match source {
        DetailsSource::Saved => "its saved words".to_owned(),
        DetailsSource::Earlier(earlier) => format!("the words of the report of {earlier}"),
        DetailsSource::StartingPoint => "Pathway's starting words".to_owned(),
    };
    println!(
        "Wrote the {} committee report of council {} at {} ({}, {} sections, with {words}) to {}.",
        if args.public { "public" } else { "internal" },
        args.council,
        args.date,
        args.format.label(),
        report.sections.len(),
        args.output.display()
    );
    Ok(())
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
