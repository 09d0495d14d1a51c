//! `pathway recruitment export | import`: a council's recruitment records beyond the
//! bulk format (settings, posts, vacancies' posts and stage histories, candidates and
//! their stage histories, events' details and attendees, universities, placements'
//! practice educators, international recruits and check-ins, agency engagements) as
//! one JSON file, laid out in docs/recruitment-format.md. (`pathway recruitment
//! anonymise` is in anonymise.rs.)
//!
//! An import is one call of `change_recruitment`, so it is all or nothing, and it is
//! checked first change by change so that a refusal names the array and the place in
//! the file that caused it.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use pathway_app::{AuditEntry, RecruitmentChangeError, RecruitmentRequest, Store};
use pathway_domain::CouncilCode;
use pathway_domain::recruitment::{
    AgencyEngagement, Candidate, CandidateStageChange, CheckIn, EventAttendee, EventDetails,
    InternationalRecruit, PlacementDetails, Post, Recruitment, RecruitmentChange,
    RecruitmentSettings, StageChange, University, VacancyPost,
};
use serde::{Deserialize, Serialize};

use crate::council_file::{self, known_council};
use crate::{actor, parse_council};

/// The `recruitment` subcommands.
#[derive(Debug, Subcommand)]
pub enum RecruitmentCommand {
    /// Write a council's recruitment records (settings, posts, stage histories,
    /// candidates, events' details and attendees, universities, placements' practice
    /// educators, international recruits and check-ins, agency engagements) to a JSON
    /// file.
    Export(RecruitmentExportArgs),
    /// Read a recruitment JSON file into its council, all or nothing. Its vacancies,
    /// events, placements, teams and workers must already be there (import the bulk
    /// format first).
    Import(RecruitmentImportArgs),
    /// Remove the personal data of unsuccessful candidates (and their event attendee
    /// records) kept longer than the retention period, as the candidates' page does.
    Anonymise(crate::anonymise::AnonymiseArgs),
}

/// Arguments of `recruitment export`.
#[derive(Debug, Args)]
pub struct RecruitmentExportArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The JSON file to write.
    #[arg(short, long, value_name = "FILE.json")]
    pub output: PathBuf,
}

/// Arguments of `recruitment import`.
#[derive(Debug, Args)]
pub struct RecruitmentImportArgs {
    /// The JSON file, as `pathway recruitment export` writes it.
    pub file: PathBuf,
    /// Check the file as import would, without writing anything.
    #[arg(long)]
    pub check: bool,
}

/// The recruitment file: the council and every part of its [`Recruitment`].
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecruitmentFile {
    council: String,
    #[serde(default)]
    settings: Option<RecruitmentSettings>,
    #[serde(default)]
    posts: Vec<Post>,
    #[serde(default)]
    vacancy_posts: Vec<VacancyPost>,
    #[serde(default)]
    stage_changes: Vec<StageChange>,
    #[serde(default)]
    candidates: Vec<Candidate>,
    #[serde(default)]
    candidate_stage_changes: Vec<CandidateStageChange>,
    #[serde(default)]
    event_details: Vec<EventDetails>,
    #[serde(default)]
    attendees: Vec<EventAttendee>,
    #[serde(default)]
    universities: Vec<University>,
    #[serde(default)]
    placement_details: Vec<PlacementDetails>,
    #[serde(default)]
    international_recruits: Vec<InternationalRecruit>,
    #[serde(default)]
    check_ins: Vec<CheckIn>,
    #[serde(default)]
    engagements: Vec<AgencyEngagement>,
}

impl RecruitmentFile {
    /// How many records of each kind, for messages and the audit trail.
    fn counts(&self) -> String {
        format!(
            "{} posts, {} vacancy links, {} vacancy stage changes, {} candidates, {} candidate stage changes, {} event details, {} attendees, {} universities, {} placement details, {} international recruits, {} check-ins, {} agency engagements",
            self.posts.len(),
            self.vacancy_posts.len(),
            self.stage_changes.len(),
            self.candidates.len(),
            self.candidate_stage_changes.len(),
            self.event_details.len(),
            self.attendees.len(),
            self.universities.len(),
            self.placement_details.len(),
            self.international_recruits.len(),
            self.check_ins.len(),
            self.engagements.len()
        )
    }
}

/// Runs a `recruitment` subcommand.
pub async fn run(store: &dyn Store, command: &RecruitmentCommand) -> anyhow::Result<()> {
    match command {
        RecruitmentCommand::Export(args) => export(store, args).await,
        RecruitmentCommand::Import(args) => import(store, &args.file, args.check).await,
        RecruitmentCommand::Anonymise(args) => crate::anonymise::run(store, args).await,
    }
}

/// The recruitment in a stable order (every array by its records' key, the region by
/// code, the price caps by job type), so that the same records always give the same
/// file.
fn file_of(council: CouncilCode, recruitment: Recruitment) -> RecruitmentFile {
    let Recruitment {
        mut settings,
        mut posts,
        mut vacancy_posts,
        mut stage_changes,
        mut candidates,
        mut candidate_stage_changes,
        mut event_details,
        mut attendees,
        mut universities,
        mut placement_details,
        mut international_recruits,
        mut check_ins,
        mut engagements,
    } = recruitment;
    settings.region.sort();
    settings.price_caps.sort_by_key(|cap| cap.job_type);
    posts.sort_by(|a, b| a.id.cmp(&b.id));
    vacancy_posts.sort_by(|a, b| a.vacancy_id.cmp(&b.vacancy_id));
    stage_changes.sort_by(|a, b| (&a.vacancy_id, a.number).cmp(&(&b.vacancy_id, b.number)));
    candidates.sort_by(|a, b| a.id.cmp(&b.id));
    candidate_stage_changes
        .sort_by(|a, b| (&a.candidate_id, a.number).cmp(&(&b.candidate_id, b.number)));
    event_details.sort_by(|a, b| a.event_id.cmp(&b.event_id));
    attendees.sort_by(|a, b| (&a.event_id, a.number).cmp(&(&b.event_id, b.number)));
    universities.sort_by(|a, b| a.id.cmp(&b.id));
    placement_details.sort_by(|a, b| a.placement_id.cmp(&b.placement_id));
    international_recruits.sort_by(|a, b| a.worker_id.cmp(&b.worker_id));
    check_ins.sort_by(|a, b| (&a.worker_id, a.number).cmp(&(&b.worker_id, b.number)));
    engagements.sort_by(|a, b| a.id.cmp(&b.id));
    RecruitmentFile {
        council: council.to_string(),
        settings: Some(settings),
        posts,
        vacancy_posts,
        stage_changes,
        candidates,
        candidate_stage_changes,
        event_details,
        attendees,
        universities,
        placement_details,
        international_recruits,
        check_ins,
        engagements,
    }
}

async fn export(store: &dyn Store, args: &RecruitmentExportArgs) -> anyhow::Result<()> {
    known_council(store, args.council).await?;
    let recruitment = store.recruitment(args.council).await?;
    let file = file_of(args.council, recruitment);
    council_file::write(&args.output, &file)?;
    let counts = file.counts();
    // The file holds candidates' and attendees' personal data: a view of their records.
    store
        .record_audit(&[AuditEntry {
            council: args.council,
            actor: actor(),
            action: "export".to_owned(),
            detail: format!("recruitment to {}: {counts}", args.output.display()),
        }])
        .await?;
    println!(
        "Exported council {}'s recruitment to {}: {counts}.",
        args.council,
        args.output.display()
    );
    Ok(())
}

/// Where in the file a change came from: the settings, or an array's element.
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

/// The changes a file makes, each with its place, in an order the checks accept:
/// posts before the links to them, vacancies' and candidates' records before their
/// histories, candidates before the attendees who became them.
fn changes_of(file: &RecruitmentFile) -> Vec<(Place, RecruitmentChange)> {
    fn each<T: Clone>(
        changes: &mut Vec<(Place, RecruitmentChange)>,
        array: &'static str,
        records: &[T],
        change: fn(T) -> RecruitmentChange,
    ) {
        changes.extend(records.iter().enumerate().map(|(index, record)| {
            let place = Place {
                array,
                index: Some(index),
            };
            (place, change(record.clone()))
        }));
    }
    let mut changes = Vec::new();
    if let Some(settings) = &file.settings {
        let place = Place {
            array: "settings",
            index: None,
        };
        changes.push((place, RecruitmentChange::PutSettings(settings.clone())));
    }
    each(
        &mut changes,
        "posts",
        &file.posts,
        RecruitmentChange::PutPost,
    );
    each(
        &mut changes,
        "vacancy_posts",
        &file.vacancy_posts,
        RecruitmentChange::PutVacancyPost,
    );
    each(
        &mut changes,
        "stage_changes",
        &file.stage_changes,
        RecruitmentChange::PutStageChange,
    );
    each(
        &mut changes,
        "candidates",
        &file.candidates,
        RecruitmentChange::PutCandidate,
    );
    each(
        &mut changes,
        "candidate_stage_changes",
        &file.candidate_stage_changes,
        RecruitmentChange::PutCandidateStageChange,
    );
    each(
        &mut changes,
        "event_details",
        &file.event_details,
        RecruitmentChange::PutEventDetails,
    );
    each(
        &mut changes,
        "attendees",
        &file.attendees,
        RecruitmentChange::PutAttendee,
    );
    each(
        &mut changes,
        "universities",
        &file.universities,
        RecruitmentChange::PutUniversity,
    );
    each(
        &mut changes,
        "placement_details",
        &file.placement_details,
        RecruitmentChange::PutPlacementDetails,
    );
    each(
        &mut changes,
        "international_recruits",
        &file.international_recruits,
        RecruitmentChange::PutInternationalRecruit,
    );
    each(
        &mut changes,
        "check_ins",
        &file.check_ins,
        RecruitmentChange::PutCheckIn,
    );
    each(
        &mut changes,
        "engagements",
        &file.engagements,
        RecruitmentChange::PutEngagement,
    );
    changes
}

async fn import(store: &dyn Store, path: &Path, check_only: bool) -> anyhow::Result<()> {
    let shown = path.display();
    let file: RecruitmentFile = council_file::read(path)?;
    let council = council_file::council_of(store, path, &file.council).await?;
    let placed = changes_of(&file);

    // Check every change in order, as change_recruitment will, to name the place of
    // the first refusal.
    let workforce = store.workforce(council).await?;
    let mut recruitment = store.recruitment(council).await?;
    for (place, change) in &placed {
        if let Err(error) = recruitment.check(&workforce, change) {
            bail!("{shown}: {place}: {error}; nothing was imported");
        }
        recruitment.apply(change.clone());
    }
    let counts = file.counts();
    if check_only {
        println!("{shown} is valid for council {council} ({counts}); nothing was written.");
        return Ok(());
    }
    let description = format!("recruitment from {shown}: {counts}");
    let request = RecruitmentRequest {
        actor: &actor(),
        action: "import",
        description: &description,
    };
    let (places, changes): (Vec<Place>, Vec<RecruitmentChange>) = placed.into_iter().unzip();
    match pathway_app::change_recruitment(store, council, request, None, changes).await {
        Ok(_) => {
            println!("Imported {shown} into council {council}: {counts}.");
            Ok(())
        }
        Err(RecruitmentChangeError::Refused(number, error)) => {
            let place = places[number.saturating_sub(1)];
            bail!("{shown}: {place}: {error}; nothing was imported")
        }
        Err(RecruitmentChangeError::Invalid(problems)) => {
            crate::print_problems(&problems);
            bail!("{shown}: the council's records refused the change; nothing was imported")
        }
        Err(RecruitmentChangeError::Store(error)) => {
            Err(error).context(format!("{shown}: nothing was imported"))
        }
    }
}
