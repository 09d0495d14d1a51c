//! `pathway career export | import`: a council's career pathway (its framework, every
//! self-assessment with its ratings and review, and development plans) as one JSON
//! file, laid out in docs/career-format.md.
//!
//! An import is one call of `change_career`, so it is all or nothing, and it is
//! checked first change by change so that a refusal names the array and the place
//! in the file that caused it. Records the same as those stored are left alone, so
//! importing a file twice changes nothing.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{AuditEntry, CareerChangeError, CareerRequest, Store};
use pathway_domain::CouncilCode;
use pathway_domain::career::{Assessment, CareerChange, Framework, PlanAction};
use serde::{Deserialize, Serialize};

use crate::council_file::{self, known_council};
use crate::{actor, parse_council};

/// The `career` subcommands.
#[derive(Debug, Subcommand)]
pub enum CareerCommand {
    /// Write a council's career pathway (framework, self-assessments, development
    /// plans) to a JSON file.
    Export(CareerExportArgs),
    /// Read a career pathway JSON file into its council, all or nothing. Its workers
    /// must already be there (import the bulk format first).
    Import(CareerImportArgs),
}

/// Arguments of `career export`.
#[derive(Debug, Args)]
pub struct CareerExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The JSON file to write.
    #[arg(short, long, value_name = "FILE.json")]
    pub output: PathBuf,
}

/// Arguments of `career import`.
#[derive(Debug, Args)]
pub struct CareerImportArgs {
    /// The JSON file, as `pathway career export` writes it.
    pub file: PathBuf,
    /// Check the file as import would, without writing anything.
    #[arg(long)]
    pub check: bool,
}

/// The career file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CareerFile {
    council: String,
    /// The council's own framework; absent for Pathway's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    framework: Option<Framework>,
    #[serde(default)]
    assessments: Vec<Assessment>,
    #[serde(default)]
    plans: Vec<PlanAction>,
}

impl CareerFile {
    fn counts(&self) -> String {
        format!(
            "{}, {} self-assessments, {} plan actions",
            if self.framework.is_some() {
                "the council's framework"
            } else {
                "the default framework"
            },
            self.assessments.len(),
            self.plans.len()
        )
    }
}

/// Runs a `career` subcommand.
pub async fn run(store: &dyn Store, command: &CareerCommand) -> anyhow::Result<()> {
    match command {
        CareerCommand::Export(args) => export(store, args).await,
        CareerCommand::Import(args) => import(store, &args.file, args.check).await,
    }
}

async fn export(store: &dyn Store, args: &CareerExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let career = store.career(args.council).await?;
    let mut assessments = career.assessments;
    assessments.sort_by(|a, b| (&a.worker_id, a.number).cmp(&(&b.worker_id, b.number)));
    let mut plans = career.actions;
    plans.sort_by(|a, b| (&a.worker_id, a.number).cmp(&(&b.worker_id, b.number)));
    let file = CareerFile {
        council: args.council.to_string(),
        framework: career.framework,
        assessments,
        plans,
    };
    council_file::write(&args.output, &file)?;
    let counts = file.counts();
    // The file holds people's self-assessments: a view of their records.
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export".to_owned(),
            detail: format!("career pathway to {}: {counts}", args.output.display()),
        }])
        .await?;
    println!(
        "Exported council {}'s career pathway to {}: {counts}.",
        args.council,
        args.output.display()
    );
    Ok(())
}

/// Where in the file a change came from.
#[derive(Debug, Clone, Copy)]
struct Place {
    array: &'static str,
    index: Option<usize>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(index) => write!(f, "{}[{index}]", self.array),
            None => f.write_str(self.array),
        }
    }
}

async fn import(store: &dyn Store, path: &Path, check_only: bool) -> anyhow::Result<()> {
    let shown = path.display();
    let file: CareerFile = council_file::read(path)?;
    let council = council_file::council_of(store, path, &file.council).await?;
    let workforce = store.workforce(council).await?;
    let mut career = store.career(council).await?;

    // The changes in order (the framework before the assessments made against it),
    // leaving out records the same as those stored, each checked as change_career
    // will check it, to name the place of the first refusal.
    let framework = file.framework.iter().map(|framework| {
        let place = Place {
            array: "framework",
            index: None,
        };
        (place, CareerChange::PutFramework(framework.clone()))
    });
    let assessments = file
        .assessments
        .iter()
        .enumerate()
        .map(|(index, assessment)| {
            let place = Place {
                array: "assessments",
                index: Some(index),
            };
            (place, CareerChange::PutAssessment(assessment.clone()))
        });
    let plans = file.plans.iter().enumerate().map(|(index, action)| {
        let place = Place {
            array: "plans",
            index: Some(index),
        };
        (place, CareerChange::PutAction(action.clone()))
    });
    let placed: Vec<(Place, CareerChange)> = framework
        .chain(assessments)
        .chain(plans)
        .filter(|(_, change)| !career.holds(change))
        .collect();
    for (place, change) in &placed {
        if let Err(error) = career.check(&workforce, change) {
            bail!("{shown}: {place}: {error}; nothing was imported");
        }
        career.apply(change.clone());
    }
    let counts = file.counts();
    if check_only {
        println!(
            "{shown} is valid for council {council} ({counts}; {} to write); nothing was written.",
            placed.len()
        );
        return Ok(());
    }
    let description = format!("career pathway from {shown}: {counts}");
    let request = CareerRequest {
        actor: &actor(),
        description: &description,
    };
    let written = placed.len();
    let (places, changes): (Vec<Place>, Vec<CareerChange>) = placed.into_iter().unzip();
    match pathway_app::change_career(store, council, request, changes).await {
        Ok(_) => {
            println!("Imported {shown} into council {council}: {counts}; {written} written.");
            Ok(())
        }
        Err(CareerChangeError::Refused(number, error)) => {
            let place = places[number.saturating_sub(1)];
            bail!("{shown}: {place}: {error}; nothing was imported")
        }
        Err(CareerChangeError::Store(error)) => {
            Err(error).context(format!("{shown}: nothing was imported"))
        }
    }
}
