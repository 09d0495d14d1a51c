//! `pathway academy export | import | calendar`: a council's academy (programmes,
//! sessions, registers, the checklist, ASYE records) as one JSON file, laid out in
//! docs/academy-format.md, and a cohort's or member's calendar as an `.ics` file.
//!
//! An import is one call of `change_academy`, so it is all or nothing, and it is
//! checked first change by change so that a refusal names the array and the place
//! in the file that caused it.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{AcademyChangeError, AcademyRequest, AuditEntry, Store};
use pathway_domain::CouncilCode;
use pathway_domain::academy::{
    Academy, AcademyChange, AcademyError, AcademySettings, AsyeRecord, Attendance, CalendarScope,
    ChecklistItem, ChecklistTick, LogEntry, ProgrammeDay, Review, Session, SessionKind,
};
use pathway_domain::codes::Programme;
use pathway_domain::ids::{CohortId, WorkerId};
use serde::{Deserialize, Serialize};

use crate::council_file::{self, known_council};
use crate::{actor, parse_council};

/// The `academy` subcommands.
#[derive(Debug, Subcommand)]
pub enum AcademyCommand {
    /// Write a council's whole academy (programmes, checklist, settings, sessions,
    /// registers, checklist ticks, ASYE records, reviews and logs) to a JSON file.
    Export(AcademyExportArgs),
    /// Read an academy JSON file into its council, all or nothing. Cohorts and their
    /// members must already be there (import the bulk format first).
    Import(AcademyImportArgs),
    /// Write a cohort's calendar, or one member's, as an iCalendar (.ics) file.
    Calendar(AcademyCalendarArgs),
}

/// Arguments of `academy export`.
#[derive(Debug, Args)]
pub struct AcademyExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The JSON file to write.
    #[arg(short, long, value_name = "FILE.json")]
    pub output: PathBuf,
}

/// Arguments of `academy import`.
#[derive(Debug, Args)]
pub struct AcademyImportArgs {
    /// The JSON file, as `pathway academy export` writes it.
    pub file: PathBuf,
    /// Check the file as import would, without writing anything.
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `academy calendar`.
#[derive(Debug, Args)]
pub struct AcademyCalendarArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The cohort.
    #[arg(long, value_name = "COHORT_ID")]
    pub cohort: String,
    /// Only this member's calendar: their sessions and ASYE due dates.
    #[arg(long, value_name = "WORKER_ID")]
    pub worker: Option<String>,
    /// The .ics file to write.
    #[arg(short, long, value_name = "FILE.ics")]
    pub output: PathBuf,
}

/// The academy file: the council and every array of its [`Academy`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcademyFile {
    council: String,
    #[serde(default)]
    settings: Option<AcademySettings>,
    #[serde(default)]
    programme_days: Vec<ProgrammeDay>,
    #[serde(default)]
    sessions: Vec<Session>,
    #[serde(default)]
    attendance: Vec<Attendance>,
    #[serde(default)]
    checklist_items: Vec<ChecklistItem>,
    #[serde(default)]
    ticks: Vec<ChecklistTick>,
    #[serde(default)]
    asye_records: Vec<AsyeRecord>,
    #[serde(default)]
    reviews: Vec<Review>,
    #[serde(default)]
    log: Vec<LogEntry>,
}

/// Runs an `academy` subcommand.
pub async fn run(store: &dyn Store, command: &AcademyCommand) -> anyhow::Result<()> {
    match command {
        AcademyCommand::Export(args) => export(store, args).await,
        AcademyCommand::Import(args) => import(store, &args.file, args.check).await,
        AcademyCommand::Calendar(args) => calendar(store, args).await,
    }
}

/// The academy in a stable order, so that the same academy always gives the same
/// file.
fn file_of(council: CouncilCode, academy: Academy) -> AcademyFile {
    let Academy {
        settings,
        mut programme_days,
        mut sessions,
        mut attendance,
        mut checklist_items,
        mut ticks,
        mut asye_records,
        mut reviews,
        mut log,
    } = academy;
    programme_days
        .sort_by(|a, b| (a.programme.as_str(), a.number).cmp(&(b.programme.as_str(), b.number)));
    sessions.sort_by(|a, b| (&a.cohort_id, a.number).cmp(&(&b.cohort_id, b.number)));
    attendance.sort_by(|a, b| {
        (&a.cohort_id, a.session, &a.worker_id).cmp(&(&b.cohort_id, b.session, &b.worker_id))
    });
    checklist_items.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
    ticks.sort_by(|a, b| {
        (&a.cohort_id, &a.worker_id, &a.item_id).cmp(&(&b.cohort_id, &b.worker_id, &b.item_id))
    });
    asye_records.sort_by(|a, b| (&a.cohort_id, &a.worker_id).cmp(&(&b.cohort_id, &b.worker_id)));
    reviews.sort_by(|a, b| {
        (&a.cohort_id, &a.worker_id, a.kind.months()).cmp(&(
            &b.cohort_id,
            &b.worker_id,
            b.kind.months(),
        ))
    });
    log.sort_by(|a, b| {
        (&a.cohort_id, &a.worker_id, a.number).cmp(&(&b.cohort_id, &b.worker_id, b.number))
    });
    AcademyFile {
        council: council.to_string(),
        settings: Some(settings),
        programme_days,
        sessions,
        attendance,
        checklist_items,
        ticks,
        asye_records,
        reviews,
        log,
    }
}

async fn export(store: &dyn Store, args: &AcademyExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let academy = store.academy(args.council).await?;
    let file = file_of(args.council, academy);
    council_file::write(&args.output, &file)?;
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export".to_owned(),
            detail: format!(
                "academy to {}: {} sessions, {} register marks, {} ASYE records",
                args.output.display(),
                file.sessions.len(),
                file.attendance.len(),
                file.asye_records.len()
            ),
        }])
        .await?;
    println!(
        "Exported council {}'s academy to {}: {} sessions, {} register marks, {} ASYE records, {} reviews, {} log entries.",
        args.council,
        args.output.display(),
        file.sessions.len(),
        file.attendance.len(),
        file.asye_records.len(),
        file.reviews.len(),
        file.log.len()
    );
    Ok(())
}

/// Where in the file a change came from: an array and the index of its element, or
/// the settings.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// The days of one programme, `programme_days` elements of that programme.
    Programme(Programme),
    /// The whole checklist.
    Checklist,
    /// The settings.
    Settings,
    /// One element of an array.
    Element(&'static str, usize),
}

/// The changes a file makes, in the order they can be checked, each with its place.
fn changes_of(file: &AcademyFile) -> Vec<(Place, AcademyChange)> {
    let mut changes = Vec::new();
    for programme in Programme::ALL {
        let days: Vec<ProgrammeDay> = file
            .programme_days
            .iter()
            .filter(|day| day.programme == *programme)
            .cloned()
            .collect();
        if !days.is_empty() {
            changes.push((
                Place::Programme(*programme),
                AcademyChange::ReplaceProgramme {
                    programme: *programme,
                    days,
                },
            ));
        }
    }
    if !file.checklist_items.is_empty() {
        changes.push((
            Place::Checklist,
            AcademyChange::ReplaceChecklist(file.checklist_items.clone()),
        ));
    }
    if let Some(settings) = file.settings {
        changes.push((Place::Settings, AcademyChange::PutSettings(settings)));
    }
    // Catch-ups after the sessions they make up for.
    let mut sessions: Vec<(usize, &Session)> = file.sessions.iter().enumerate().collect();
    sessions.sort_by_key(|(_, session)| session.kind == SessionKind::CatchUp);
    for (index, session) in sessions {
        changes.push((
            Place::Element("sessions", index),
            AcademyChange::PutSession(session.clone()),
        ));
    }
    let each = |changes: &mut Vec<_>, name, made: Vec<AcademyChange>| {
        changes.extend(
            made.into_iter()
                .enumerate()
                .map(|(index, change)| (Place::Element(name, index), change)),
        );
    };
    each(
        &mut changes,
        "attendance",
        file.attendance
            .iter()
            .cloned()
            .map(AcademyChange::PutAttendance)
            .collect(),
    );
    each(
        &mut changes,
        "ticks",
        file.ticks
            .iter()
            .cloned()
            .map(AcademyChange::PutTick)
            .collect(),
    );
    each(
        &mut changes,
        "asye_records",
        file.asye_records
            .iter()
            .cloned()
            .map(AcademyChange::PutAsyeRecord)
            .collect(),
    );
    each(
        &mut changes,
        "reviews",
        file.reviews
            .iter()
            .cloned()
            .map(AcademyChange::PutReview)
            .collect(),
    );
    each(
        &mut changes,
        "log",
        file.log
            .iter()
            .cloned()
            .map(AcademyChange::PutLogEntry)
            .collect(),
    );
    changes
}

/// Where a refused change came from, as `array[index]`: for a programme or the
/// checklist, the element the refusal names when it names one.
fn describe(place: Place, error: &AcademyError, file: &AcademyFile) -> String {
    match place {
        Place::Programme(programme) => {
            let days = || {
                file.programme_days
                    .iter()
                    .enumerate()
                    .filter(move |(_, day)| day.programme == programme)
            };
            let day = match error {
                AcademyError::Day(number, _) => days().find(|(_, day)| day.number == *number),
                // The second of the two days with the number.
                AcademyError::DuplicateDay(number) => {
                    days().filter(|(_, day)| day.number == *number).nth(1)
                }
                _ => None,
            };
            match day {
                Some((index, _)) => format!("programme_days[{index}]"),
                None => format!("programme_days (the {} programme)", programme.as_str()),
            }
        }
        Place::Checklist => {
            let item = match error {
                AcademyError::EmptyLabel(id) => {
                    file.checklist_items.iter().position(|item| &item.id == id)
                }
                AcademyError::DuplicateItem(id) => file
                    .checklist_items
                    .iter()
                    .enumerate()
                    .filter(|(_, item)| &item.id == id)
                    .nth(1)
                    .map(|(index, _)| index),
                _ => None,
            };
            match item {
                Some(index) => format!("checklist_items[{index}]"),
                None => "checklist_items".to_owned(),
            }
        }
        Place::Settings => "settings".to_owned(),
        Place::Element(name, index) => format!("{name}[{index}]"),
    }
}

async fn import(store: &dyn Store, path: &Path, check_only: bool) -> anyhow::Result<()> {
    let shown = path.display();
    let file: AcademyFile = council_file::read(path)?;
    let council = council_file::council_of(store, path, &file.council).await?;
    let placed = changes_of(&file);

    // Check every change in order, as change_academy will, to name the place of the
    // first refusal.
    let workforce = store.workforce(council).await?;
    let mut academy = store.academy(council).await?;
    for (place, change) in &placed {
        if let Err(error) = academy.check(&workforce, change) {
            bail!(
                "{shown}: {}: {error}; nothing was imported",
                describe(*place, &error, &file)
            );
        }
        academy.apply(change.clone());
    }
    let counts = format!(
        "{} programme days, {} checklist items, {} sessions, {} register marks, {} ticks, {} ASYE records, {} reviews, {} log entries",
        file.programme_days.len(),
        file.checklist_items.len(),
        file.sessions.len(),
        file.attendance.len(),
        file.ticks.len(),
        file.asye_records.len(),
        file.reviews.len(),
        file.log.len()
    );
    if check_only {
        println!("{shown} is valid for council {council} ({counts}); nothing was written.");
        return Ok(());
    }
    let description = format!("academy from {shown}: {counts}");
    let request = AcademyRequest {
        actor: &actor(),
        action: "import",
        description: &description,
        today: chrono::Local::now().date_naive(),
    };
    let (places, changes): (Vec<Place>, Vec<AcademyChange>) = placed.into_iter().unzip();
    match pathway_app::change_academy(store, council, request, None, changes).await {
        Ok(_) => {
            println!("Imported {shown} into council {council}: {counts}.");
            Ok(())
        }
        Err(AcademyChangeError::Refused(number, error)) => {
            let place = places[number.saturating_sub(1)];
            bail!(
                "{shown}: {}: {error}; nothing was imported",
                describe(place, &error, &file)
            )
        }
        Err(AcademyChangeError::Invalid(problems)) => {
            crate::print_problems(&problems);
            bail!("{shown}: completing members broke the council's records; nothing was imported")
        }
        Err(AcademyChangeError::Store(error)) => {
            Err(error).context(format!("{shown}: nothing was imported"))
        }
    }
}

async fn calendar(store: &dyn Store, args: &AcademyCalendarArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let cohort_id =
        CohortId::parse(&args.cohort).map_err(|error| anyhow::anyhow!("--cohort: {error}"))?;
    let worker_id = args
        .worker
        .as_deref()
        .map(WorkerId::parse)
        .transpose()
        .map_err(|error| anyhow::anyhow!("--worker: {error}"))?;
    let workforce = store.workforce(args.council).await?;
    let academy = store.academy(args.council).await?;
    if !workforce.cohorts.iter().any(|c| c.id == cohort_id) {
        bail!("council {} has no cohort {cohort_id}", args.council);
    }
    let scope = CalendarScope {
        cohort_id: cohort_id.clone(),
        worker_id: worker_id.clone(),
    };
    let Some(calendar) = pathway_web::calendar::scope_calendar(&workforce, &academy, &scope) else {
        bail!(
            "worker {} is not a member of cohort {cohort_id}",
            worker_id.map(|w| w.to_string()).unwrap_or_default()
        );
    };
    std::fs::write(&args.output, calendar.to_ics(chrono::Utc::now()))
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    if let Some(worker) = &worker_id {
        // A member's calendar holds their ASYE dates: a view of their record.
        store
            .record_audit(&[AuditEntry {
                council: args.council,
                actor: actor(),
                action: "view academy calendar".to_owned(),
                detail: format!(
                    "worker {worker} in cohort {cohort_id}, to {}",
                    args.output.display()
                ),
            }])
            .await?;
    }
    println!(
        "Wrote {} events of {} to {}.",
        calendar.events.len(),
        calendar.name,
        args.output.display()
    );
    Ok(())
}
