//! `pathway feedback export | import`: a council's feedback sessions with their
//! themes and actions as one JSON file (docs/feedback.md describes it), and
//! `pathway survey import | results`: staff survey responses from another tool's CSV
//! (docs/survey-format.md) and a year's results.
//!
//! Imports are one call of `change_feedback` or `change_survey`: all or nothing, with
//! any refusal named by its place in the file.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{
    ChangeRequest, FeedbackChangeError, Store, SurveyChangeError, change_feedback, change_survey,
    new_response_id,
};
use pathway_domain::CouncilCode;
use pathway_domain::feedback::{Feedback, FeedbackChange, FeedbackSession};
use pathway_domain::survey::SurveyChange;
use serde::{Deserialize, Serialize};

use crate::council_file::{self, known_council};
use crate::{actor, parse_council};

/// The `feedback` subcommands.
#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Write a council's feedback sessions, themes and actions to a JSON file.
    Export(FeedbackExportArgs),
    /// Read a feedback JSON file into its council, all or nothing.
    Import(FeedbackImportArgs),
}

/// Arguments of `feedback export`.
#[derive(Debug, Args)]
pub struct FeedbackExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The JSON file to write.
    #[arg(short, long, value_name = "FILE.json")]
    pub output: PathBuf,
}

/// Arguments of `feedback import`.
#[derive(Debug, Args)]
pub struct FeedbackImportArgs {
    /// The JSON file, as `pathway feedback export` writes it.
    pub file: PathBuf,
    /// Check the file as import would, without writing anything.
    #[arg(long)]
    pub check: bool,
}

/// The feedback file: the council and its sessions.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackFile {
    council: String,
    #[serde(default)]
    sessions: Vec<FeedbackSession>,
}

/// Runs a `feedback` subcommand.
pub async fn run(store: &dyn Store, command: &FeedbackCommand) -> anyhow::Result<()> {
    match command {
        FeedbackCommand::Export(args) => export(store, args).await,
        FeedbackCommand::Import(args) => import(store, &args.file, args.check).await,
    }
}

async fn export(store: &dyn Store, args: &FeedbackExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let feedback = store.feedback(args.council).await?;
    let file = FeedbackFile {
        council: args.council.to_string(),
        sessions: feedback.sessions,
    };
    council_file::write(&args.output, &file)?;
    println!(
        "Wrote {} feedback sessions of council {} to {}.",
        file.sessions.len(),
        args.council,
        args.output.display()
    );
    Ok(())
}

/// Each change of a file with its place: `sessions[0]`, `sessions[0].themes[1]`, ...
fn changes_of(file: &FeedbackFile) -> Vec<(String, FeedbackChange)> {
    let mut placed = Vec::new();
    for (index, session) in file.sessions.iter().enumerate() {
        let at = format!("sessions[{index}]");
        let whole = Feedback {
            sessions: vec![session.clone()],
        };
        for change in whole.changes() {
            let place = match &change {
                FeedbackChange::PutSession(_) => at.clone(),
                FeedbackChange::PutTheme { theme, .. } => format!(
                    "{at}.themes[{}]",
                    session
                        .themes
                        .iter()
                        .position(|t| t == theme)
                        .unwrap_or_default()
                ),
                FeedbackChange::PutAction { action, .. } => format!(
                    "{at}.actions[{}]",
                    session
                        .actions
                        .iter()
                        .position(|a| a == action)
                        .unwrap_or_default()
                ),
            };
            placed.push((place, change));
        }
    }
    placed
}

async fn import(store: &dyn Store, path: &Path, check_only: bool) -> anyhow::Result<()> {
    let shown = path.display();
    let file: FeedbackFile = council_file::read(path)?;
    let council = council_file::council_of(store, path, &file.council).await?;
    let placed = changes_of(&file);
    let mut feedback = store.feedback(council).await?;
    for (place, change) in &placed {
        if let Err(error) = feedback.check(change) {
            bail!("{shown}: {place}: {error}; nothing was imported");
        }
        feedback.apply(change.clone());
    }
    let themes: usize = file.sessions.iter().map(|s| s.themes.len()).sum();
    let actions: usize = file.sessions.iter().map(|s| s.actions.len()).sum();
    let counts = format!(
        "{} sessions, {themes} themes, {actions} actions",
        file.sessions.len()
    );
    if check_only {
        println!("{shown} is valid for council {council} ({counts}); nothing was written.");
        return Ok(());
    }
    let description = format!("feedback from {shown}: {counts}");
    let (places, changes): (Vec<String>, Vec<FeedbackChange>) = placed.into_iter().unzip();
    match change_feedback(
        store,
        council,
        ChangeRequest {
            actor: &actor(),
            action: "import",
            description: &description,
        },
        changes,
    )
    .await
    {
        Ok(_) => {
            println!("Imported {shown} into council {council}: {counts}.");
            Ok(())
        }
        Err(FeedbackChangeError::Refused(number, error)) => {
            let place = &places[number.saturating_sub(1)];
            bail!("{shown}: {place}: {error}; nothing was imported")
        }
        Err(FeedbackChangeError::Store(error)) => {
            Err(error).context(format!("{shown}: nothing was imported"))
        }
    }
}

// ---------------------------------------------------------------- the staff survey

/// The `survey` subcommands.
#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Add a CSV file of responses from another survey tool to a year's survey, all
    /// or nothing. A year with no survey gets one, closed, covering the whole year.
    Import(SurveyImportArgs),
    /// Show a year's results: each standard's score and band for the whole council
    /// and each group large enough to show, and year on year.
    Results(SurveyResultsArgs),
}

/// Arguments of `survey import`.
#[derive(Debug, Args)]
pub struct SurveyImportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The survey's year.
    #[arg(long)]
    pub year: u16,
    /// The CSV file of responses (docs/survey-format.md).
    pub file: PathBuf,
    /// Check the file as import would, without writing anything.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `survey results`.
#[derive(Debug, Args)]
pub struct SurveyResultsArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The survey's year.
    #[arg(long)]
    pub year: u16,
    /// Print the results JSON (as the API's /survey/{year}/results) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `survey` subcommand.
pub async fn run_survey(store: &dyn Store, command: &SurveyCommand) -> anyhow::Result<()> {
    match command {
        SurveyCommand::Import(args) => survey_import(store, args).await,
        SurveyCommand::Results(args) => survey_results(store, args).await,
    }
}

async fn survey_import(store: &dyn Store, args: &SurveyImportArgs) -> anyhow::Result<()> {
    let shown = args.file.display().to_string();
    known_council(store, args.council).await?;
    if !(2000..=2100).contains(&args.year) {
        bail!("the year must be from 2000 to 2100, not {}", args.year);
    }
    let records = store.survey(args.council).await?;
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let teams: Vec<_> = store
        .workforce(args.council)
        .await?
        .teams
        .into_iter()
        .map(|team| team.id)
        .collect();
    let responses = match pathway_bulk::survey::read_responses(
        &shown,
        &bytes,
        args.year,
        &teams,
        new_response_id,
    ) {
        Ok(responses) => responses,
        Err(problems) => {
            for problem in problems.iter().take(1000) {
                eprintln!("{problem}");
            }
            if problems.len() > 1000 {
                eprintln!("... and {} more problems not shown", problems.len() - 1000);
            }
            bail!(
                "{shown}: {} problem(s); nothing was imported",
                problems.len()
            );
        }
    };
    let count = responses.len();
    if args.check {
        println!(
            "{shown} holds {count} valid responses for the {} survey of council {}; nothing was written.",
            args.year, args.council
        );
        return Ok(());
    }
    let description = format!(
        "staff survey {}: {count} responses imported from {shown}",
        args.year
    );
    match change_survey(
        store,
        args.council,
        ChangeRequest {
            actor: &actor(),
            action: "import",
            description: &description,
        },
        records
            .survey(args.year)
            .is_none()
            .then(|| {
                SurveyChange::PutSurvey(pathway_web::survey_results::held_elsewhere(args.year))
            })
            .into_iter()
            .chain(responses.into_iter().map(SurveyChange::AddResponse))
            .collect(),
    )
    .await
    {
        Ok(_) => {
            println!(
                "Imported {count} responses into the {} survey of council {}.",
                args.year, args.council
            );
            Ok(())
        }
        Err(SurveyChangeError::Store(error)) => {
            Err(error).context(format!("{shown}: nothing was imported"))
        }
        Err(other) => bail!("{shown}: {other}; nothing was imported"),
    }
}

async fn survey_results(store: &dyn Store, args: &SurveyResultsArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let records = store.survey(args.council).await?;
    if records.survey(args.year).is_none() {
        bail!("council {} has no {} survey", args.council, args.year);
    }
    let teams = store.workforce(args.council).await?.teams;
    let body = pathway_web::survey_results::results_body(
        &args.council.to_string(),
        &records,
        args.year,
        &teams,
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&body)?);
        return Ok(());
    }
    println!(
        "Staff survey {} of council {} ({}; groups shown from {} respondents)",
        body.year,
        body.council,
        if body.open { "open" } else { "closed" },
        body.minimum_group
    );
    let print_group = |group: &pathway_web::survey_results::GroupBody, indent: &str| {
        if !group.shown {
            println!(
                "{indent}{}: too small to show ({})",
                group.name,
                pathway_web::survey_results::TOO_SMALL
            );
            return;
        }
        println!(
            "{indent}{}: {} responded",
            group.name,
            group.respondents.unwrap_or_default()
        );
        for score in &group.scores {
            match (score.rounded, &score.band) {
                (Some(rounded), Some(band)) => {
                    println!("{indent}  {:<45} {rounded:>3}  {band}", score.name);
                }
                _ => println!("{indent}  {:<45}   -  no answers", score.name),
            }
        }
    };
    print_group(&body.whole_council, "");
    for breakdown in &body.breakdowns {
        println!("By {}:", breakdown.by.replace('_', " "));
        for group in &breakdown.groups {
            print_group(group, "  ");
        }
    }
    println!("Year on year ({} against {}):", body.year, body.year - 1);
    for row in &body.year_on_year {
        let text = |score: Option<f64>| score.map_or_else(|| "-".to_owned(), |s| format!("{s:.1}"));
        println!(
            "  {:<45} {:>5} -> {:>5}  {}",
            row.name,
            text(row.last_year),
            text(row.this_year),
            row.change
                .map_or_else(|| "not available".to_owned(), |c| format!("{c:+}"))
        );
    }
    Ok(())
}

/// Writes a demo council's feedback sessions and staff survey, each through its one
/// write path with its audit entry.
pub(crate) async fn demo(
    store: &dyn Store,
    council: CouncilCode,
    options: &pathway_demo::DemoOptions,
) -> anyhow::Result<()> {
    let feedback = pathway_demo::generate_feedback(council, options);
    let changes = pathway_demo::feedback_changes(council, &feedback).changes;
    change_feedback(
        store,
        council,
        ChangeRequest {
            actor: &actor(),
            action: "demo",
            description: "demo feedback sessions",
        },
        changes,
    )
    .await?;
    let workforce = store.workforce(council).await?;
    let survey = pathway_demo::generate_survey(&workforce, options);
    // A second demo run over the same database keeps the responses it already wrote.
    let stored = store.survey(council).await?;
    let changes: Vec<SurveyChange> = pathway_demo::survey_changes(council, &survey)
        .changes
        .into_iter()
        .filter(|change| match change {
            SurveyChange::AddResponse(response) => {
                !stored.responses.iter().any(|r| r.id == response.id)
            }
            _ => true,
        })
        .collect();
    change_survey(
        store,
        council,
        ChangeRequest {
            actor: &actor(),
            action: "demo",
            description: "demo staff survey",
        },
        changes,
    )
    .await?;
    Ok(())
}
