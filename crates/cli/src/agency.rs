//! `pathway agency export`: a council's agency engagements running in a quarter, with
//! the DfE rules each breaks and their sign-offs, as the CSV file documented in
//! docs/agency-export.md (the same file as the web page's download).

use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand};
use pathway_app::{AuditEntry, Store};
use pathway_domain::CouncilCode;
use pathway_domain::recruitment::agency::{Quarter, quarter_rows};

use crate::council_file::known_council;
use crate::{actor, parse_council};

/// The `agency` subcommands.
#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// Write the quarterly agency data: every engagement running in the quarter, with
    /// its days in the quarter, breaches and sign-off, as CSV.
    Export(AgencyExportArgs),
}

/// Arguments of `agency export`.
#[derive(Debug, Args)]
pub struct AgencyExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The quarter: the year, Q and 1 to 4, such as 2024Q3 (July to September 2024).
    #[arg(long, value_parser = parse_quarter)]
    pub quarter: Quarter,
    /// The CSV file to write.
    #[arg(short, long, value_name = "FILE.csv")]
    pub output: PathBuf,
}

fn parse_quarter(text: &str) -> Result<Quarter, String> {
    Quarter::parse(text).map_err(|error| error.to_string())
}

/// Runs an `agency` subcommand.
pub async fn run(store: &dyn Store, command: &AgencyCommand) -> anyhow::Result<()> {
    match command {
        AgencyCommand::Export(args) => export(store, args).await,
    }
}

async fn export(store: &dyn Store, args: &AgencyExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let recruitment = store.recruitment(args.council).await?;
    let rows = quarter_rows(
        &recruitment.engagements,
        args.council,
        &recruitment.settings,
        args.quarter,
    );
    let bytes = pathway_bulk::agency::quarter_csv(&rows).context("cannot write the CSV")?;
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export agency quarter".to_owned(),
            detail: format!(
                "{}: {} engagements, to {}",
                args.quarter,
                rows.len(),
                args.output.display()
            ),
        }])
        .await?;
    println!(
        "Wrote {} engagement{} running in {} to {}.",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        args.quarter,
        args.output.display()
    );
    Ok(())
}
