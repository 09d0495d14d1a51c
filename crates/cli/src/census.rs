//! `pathway census`: the council's DfE children's social work workforce census return
//! as XML, after its validation report (docs/census.md).

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::Args;
use pathway_app::{AuditEntry, Store};
use pathway_domain::CouncilCode;
use pathway_domain::census::{census_return, validate};
use pathway_reports::census::{Source, census_xml};

use crate::council_file::known_council;
use crate::{actor, parse_council};

/// Arguments of `census`.
#[derive(Debug, Args)]
pub struct CensusArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The census year: the year to 30 September of it.
    #[arg(long, value_name = "YEAR")]
    pub year: i32,
    /// The XML file to write.
    #[arg(
        short,
        long,
        value_name = "FILE.xml",
        required_unless_present = "check"
    )]
    pub output: Option<PathBuf>,
    /// Only print the validation report; write nothing.
    #[arg(long)]
    pub check: bool,
}

/// Prints the validation report, writes the return (unless `--check`) and fails when
/// any record would fail.
pub async fn run(store: &dyn Store, args: &CensusArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let workforce = store.workforce(args.council).await?;
    let census = census_return(&workforce, args.year)?;
    let problems = validate(&census);
    for problem in &problems {
        println!("{problem}");
    }
    println!(
        "{} problem{} in {} worker record{} ({} agency) for the census year to {}.",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        census.workers.len(),
        if census.workers.len() == 1 { "" } else { "s" },
        census.agency_workers(),
        census.reference_date
    );
    if let (false, Some(output)) = (args.check, &args.output) {
        let source = Source {
            council: args.council,
            serial_no: 1,
            made_at: Utc::now().naive_utc(),
        };
        std::fs::write(output, census_xml(&census, &source))
            .with_context(|| format!("cannot write {}", output.display()))?;
        // The file holds every worker's census items: personal data leaving Pathway.
        store
            .record_audit(&[AuditEntry {
                council: args.council,
                actor: actor(),
                action: "export census return".to_owned(),
                detail: format!(
                    "census year {}: {} worker records, {} problems, to {}",
                    census.year,
                    census.workers.len(),
                    problems.len(),
                    output.display()
                ),
            }])
            .await?;
        println!("Wrote the census return to {}.", output.display());
    }
    if !problems.is_empty() {
        bail!(
            "{} record{} would fail the census: correct {} and make the return again",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            if problems.len() == 1 { "it" } else { "them" }
        );
    }
    Ok(())
}
