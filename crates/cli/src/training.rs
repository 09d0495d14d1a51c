//! `pathway training export | import | reminders`: a council's courses, dates,
//! attendance, completions and recorded skills as one JSON file, laid out in
//! docs/training-format.md, and the mandatory training reminder list for councils'
//! own email scripts.
//!
//! An import is one call of `change_training`, so it is all or nothing, and it is
//! checked first change by change so that a refusal names the array and the element
//! of the file that caused it.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{AuditEntry, Store, TrainingChangeError, TrainingRequest};
use pathway_domain::CouncilCode;
use pathway_domain::ids::WorkerId;
use pathway_domain::training::mandatory::reminders_csv;
use pathway_domain::training::{
    Booking, Completion, Course, CourseDate, Skill, Training, TrainingChange, TrainingError,
    TrainingSettings, reminders,
};
use pathway_domain::values::{Date, parse_date};
use serde::{Deserialize, Serialize};

use crate::council_file::{self, known_council};
use crate::{actor, parse_council};

/// The `training` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// Write a council's courses, course dates, attendance, completions and recorded
    /// skills to a JSON file.
    Export(TrainingExportArgs),
    /// Read a training JSON file into its council, all or nothing. Its workers must
    /// already be there (import the bulk format first).
    Import(TrainingImportArgs),
    /// List who is due soon or expired on mandatory training, by team.
    Reminders(TrainingRemindersArgs),
}

/// Arguments of `training export`.
#[derive(Debug, Args)]
pub struct TrainingExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The JSON file to write.
    #[arg(short, long, value_name = "FILE.json")]
    pub output: PathBuf,
}

/// Arguments of `training import`.
#[derive(Debug, Args)]
pub struct TrainingImportArgs {
    /// The JSON file, as `pathway training export` writes it.
    pub file: PathBuf,
    /// Check the file as import would, without writing anything.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `training reminders`.
#[derive(Debug, Args)]
pub struct TrainingRemindersArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The day to look from (YYYY-MM-DD); today if not given.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub date: Option<Date>,
    /// Days before expiry that count as due soon; the council's setting (60 unless
    /// changed) if not given.
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    /// Write CSV (with a header) instead of a table.
    #[arg(long)]
    pub csv: bool,
}

fn parse_day(text: &str) -> Result<Date, String> {
    parse_date(text).map_err(|error| error.to_string())
}

/// The training file: the council and every array of its [`Training`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrainingFile {
    council: String,
    #[serde(default)]
    settings: Option<TrainingSettings>,
    #[serde(default)]
    courses: Vec<Course>,
    #[serde(default)]
    dates: Vec<CourseDate>,
    #[serde(default)]
    bookings: Vec<Booking>,
    #[serde(default)]
    completions: Vec<Completion>,
    #[serde(default)]
    skills: Vec<Skill>,
}

/// Runs a `training` subcommand.
pub async fn run(store: &dyn Store, command: &TrainingCommand) -> anyhow::Result<()> {
    match command {
        TrainingCommand::Export(args) => export(store, args).await,
        TrainingCommand::Import(args) => import(store, &args.file, args.check).await,
        TrainingCommand::Reminders(args) => remind(store, args).await,
    }
}

/// The training in a stable order, so the same records always give the same file.
fn file_of(council: CouncilCode, training: Training) -> TrainingFile {
    let Training {
        settings,
        mut courses,
        mut dates,
        mut bookings,
        mut completions,
        mut skills,
    } = training;
    courses.sort_by(|a, b| a.id.cmp(&b.id));
    dates.sort_by(|a, b| (&a.course_id, a.number).cmp(&(&b.course_id, b.number)));
    bookings.sort_by(|a, b| {
        (&a.course_id, a.number, &a.worker_id).cmp(&(&b.course_id, b.number, &b.worker_id))
    });
    completions.sort_by(|a, b| {
        (&a.course_id, &a.worker_id, a.completed_on).cmp(&(
            &b.course_id,
            &b.worker_id,
            b.completed_on,
        ))
    });
    skills.sort_by(|a, b| (&a.worker_id, a.number).cmp(&(&b.worker_id, b.number)));
    TrainingFile {
        council: council.to_string(),
        settings: Some(settings),
        courses,
        dates,
        bookings,
        completions,
        skills,
    }
}

async fn export(store: &dyn Store, args: &TrainingExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let training = store.training(args.council).await?;
    let file = file_of(args.council, training);
    council_file::write(&args.output, &file)?;
    let counts = format!(
        "{} courses, {} dates, {} bookings, {} completions, {} skills",
        file.courses.len(),
        file.dates.len(),
        file.bookings.len(),
        file.completions.len(),
        file.skills.len()
    );
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export".to_owned(),
            detail: format!("training to {}: {counts}", args.output.display()),
        }])
        .await?;
    println!(
        "Exported council {}'s training to {}: {counts}.",
        args.council,
        args.output.display()
    );
    Ok(())
}

/// The changes a file makes, in an order that checks (courses before their dates,
/// dates before bookings), each with the array and index it came from. Skills are one
/// change per worker, placed at the worker's first skill.
fn changes_of(file: &TrainingFile) -> Vec<(String, TrainingChange)> {
    let mut changes = Vec::new();
    if let Some(settings) = file.settings {
        changes.push(("settings".to_owned(), TrainingChange::PutSettings(settings)));
    }
    let mut each = |name: &str, made: Vec<TrainingChange>| {
        for (index, change) in made.into_iter().enumerate() {
            changes.push((format!("{name}[{index}]"), change));
        }
    };
    each(
        "courses",
        file.courses
            .iter()
            .cloned()
            .map(TrainingChange::PutCourse)
            .collect(),
    );
    each(
        "dates",
        file.dates
            .iter()
            .cloned()
            .map(TrainingChange::PutDate)
            .collect(),
    );
    each(
        "bookings",
        file.bookings
            .iter()
            .cloned()
            .map(TrainingChange::PutBooking)
            .collect(),
    );
    each(
        "completions",
        file.completions
            .iter()
            .cloned()
            .map(TrainingChange::PutCompletion)
            .collect(),
    );
    let mut seen: Vec<&WorkerId> = Vec::new();
    for (index, skill) in file.skills.iter().enumerate() {
        if seen.contains(&&skill.worker_id) {
            continue;
        }
        seen.push(&skill.worker_id);
        changes.push((
            format!("skills[{index}]"),
            TrainingChange::ReplaceSkills {
                worker_id: skill.worker_id.clone(),
                skills: file
                    .skills
                    .iter()
                    .filter(|s| s.worker_id == skill.worker_id)
                    .cloned()
                    .collect(),
            },
        ));
    }
    changes
}

/// The place of a refusal: a skill's own index when the refusal names its number.
fn describe(
    place: &str,
    error: &TrainingError,
    change: &TrainingChange,
    file: &TrainingFile,
) -> String {
    if let TrainingChange::ReplaceSkills { worker_id, .. } = change {
        let number = match error {
            TrainingError::SkillOfAnother(n)
            | TrainingError::OnWorkerRecord(n)
            | TrainingError::SkillName(n)
            | TrainingError::DuplicateSkill(n) => Some(*n),
            _ => None,
        };
        if let Some(index) = number.and_then(|n| {
            file.skills
                .iter()
                .enumerate()
                .filter(|(_, s)| &s.worker_id == worker_id && s.number == n)
                .map(|(index, _)| index)
                .next_back()
        }) {
            return format!("skills[{index}]");
        }
    }
    place.to_owned()
}

async fn import(store: &dyn Store, path: &Path, check_only: bool) -> anyhow::Result<()> {
    let shown = path.display();
    let file: TrainingFile = council_file::read(path)?;
    let council = council_file::council_of(store, path, &file.council).await?;
    let placed = changes_of(&file);

    // Check every change in order, as change_training will, to name the place of the
    // first refusal.
    let workforce = store.workforce(council).await?;
    let mut training = store.training(council).await?;
    for (place, change) in &placed {
        if let Err(error) = training.check(&workforce, change) {
            bail!(
                "{shown}: {}: {error}; nothing was imported",
                describe(place, &error, change, &file)
            );
        }
        training.apply(change.clone());
    }
    let counts = format!(
        "{} courses, {} dates, {} bookings, {} completions, {} skills",
        file.courses.len(),
        file.dates.len(),
        file.bookings.len(),
        file.completions.len(),
        file.skills.len()
    );
    if check_only {
        println!("{shown} is valid for council {council} ({counts}); nothing was written.");
        return Ok(());
    }
    let description = format!("training from {shown}: {counts}");
    let request = TrainingRequest {
        actor: &actor(),
        action: "import",
        description: &description,
    };
    let (places, changes): (Vec<String>, Vec<TrainingChange>) = placed.into_iter().unzip();
    match pathway_app::change_training(store, council, request, None, changes.clone()).await {
        Ok(_) => {
            println!("Imported {shown} into council {council}: {counts}.");
            Ok(())
        }
        Err(TrainingChangeError::Refused(number, error)) => {
            let index = number.saturating_sub(1);
            bail!(
                "{shown}: {}: {error}; nothing was imported",
                describe(&places[index], &error, &changes[index], &file)
            )
        }
        Err(TrainingChangeError::Invalid(problems)) => {
            crate::print_problems(&problems);
            bail!("{shown}: the change broke the council's records; nothing was imported")
        }
        Err(TrainingChangeError::Store(error)) => {
            Err(error).context(format!("{shown}: nothing was imported"))
        }
    }
}

async fn remind(store: &dyn Store, args: &TrainingRemindersArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let workforce = store.workforce(args.council).await?;
    let training = store.training(args.council).await?;
    let date = args
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let within = args.within.unwrap_or(training.settings.reminder_days);
    let rows = reminders(&workforce, &training, date, within);
    // The list names people: recorded as a view of their records.
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "view training reminders".to_owned(),
            detail: format!("{} reminders at {date} within {within} days", rows.len()),
        }])
        .await?;
    if args.csv {
        print!("{}", reminders_csv(&rows, &workforce, &training));
        return Ok(());
    }
    if rows.is_empty() {
        println!("Nobody is due soon or expired on {date} (within {within} days).");
        return Ok(());
    }
    println!(
        "{:<10} {:<10} {:<28} {:<12} {:<10} {:<10}",
        "team", "worker", "name", "course", "status", "expires"
    );
    for row in &rows {
        println!(
            "{:<10} {:<10} {:<28} {:<12} {:<10} {:<10}",
            row.team_id.as_ref().map_or("-", |t| t.as_str()),
            row.worker_id.as_str(),
            row.name,
            row.course_id.as_str(),
            row.status.as_str(),
            row.status
                .expires_on()
                .map(|d| d.to_string())
                .unwrap_or_default()
        );
    }
    println!("{} reminders on {date} (within {within} days).", rows.len());
    Ok(())
}
