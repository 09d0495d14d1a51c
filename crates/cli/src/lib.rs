//! The `pathway` command line: each subcommand parses its arguments, calls a use case
//! of `pathway-app` with the SQLite store, and reports in plain words.

mod academy;
mod agency;
mod anonymise;
mod backup;
mod career;
mod caseloads;
mod census;
mod council_file;
pub mod database;
mod feedback;
// [issue 9: benchmarking]
mod installation;
mod leavers;
mod measures_table;
mod progress;
mod recruitment;
mod report;
mod retention;
// [issue 11: subject access]
mod subject_access;
mod training;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use pathway_app::{ImportError, ImportMode, ImportSource, ImportSummary, Store, Upload};
use pathway_bulk::ReadFailure;
use pathway_domain::access::UserRole;
use pathway_domain::ids::{TeamId, WorkerId};
use pathway_domain::measures::{self, MeasureOptions, SurvivalGrouping};
use pathway_domain::values::{Date, parse_date};
use pathway_domain::{CouncilCode, Problems};

/// Pathway: recruit, train and keep a council's children's social workers.
#[derive(Debug, Parser)]
#[command(name = "pathway", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The database: a SQLite file path or sqlite:// URL (created on first use), or a
    /// postgres:// URL of an existing PostgreSQL database (its tables are created on
    /// first use).
    #[arg(
        long,
        global = true,
        env = "PATHWAY_DATABASE",
        default_value = "pathway.db",
        value_name = "PATH_OR_URL"
    )]
    pub database: String,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import workforce data in the bulk format: a folder of CSV files, a .zip of one,
    /// or an .xlsx workbook. All or nothing: if any row is wrong, nothing is written
    /// and every problem is listed as file:row:column.
    Import(ImportArgs),
    /// Check workforce data exactly as import would, without writing anything.
    Check(ImportArgs),
    /// Export councils' data in the bulk format: to a folder, a .zip or an .xlsx
    /// workbook, chosen by the path's extension.
    Export(ExportArgs),
    /// Fill the database with invented demo councils: realistic, and the same for the
    /// same seed and end date. For demonstrations, training and load tests.
    Demo(DemoArgs),
    /// Compute the workforce measures (turnover, vacancies, agency use, caseloads,
    /// academy retention, survival, recruitment) at a reference date, for each council
    /// and for all councils together.
    Measures(MeasuresArgs),
    /// Run the web application.
    Serve(ServeArgs),
    /// Manage who can sign in.
    #[command(subcommand)]
    User(UserCommand),
    /// List the councils in the database, with how many records each holds; add a
    /// council with its first workforce lead, or change one's region or naming.
    Councils(installation::CouncilsArgs),
    /// Show a council's audit trail: who imported, exported or changed its records,
    /// and when, newest first.
    Audit(AuditArgs),
    /// The academy: export and import a council's academy as JSON, write calendars.
    #[command(subcommand)]
    Academy(academy::AcademyCommand),
    /// Agency social workers: the quarterly agency data with the DfE rules' breaches.
    #[command(subcommand)]
    Agency(agency::AgencyCommand),
    /// Recruitment: export and import a council's recruitment records as JSON, and
    /// anonymise unsuccessful candidates after the retention period.
    #[command(subcommand)]
    Recruitment(recruitment::RecruitmentCommand),
    /// Caseloads: export and import the counts as caseloads.csv, and list the alerts.
    #[command(subcommand)]
    Caseloads(caseloads::CaseloadsCommand),
    /// The career pathway: export a council's framework, self-assessments and
    /// development plans to a JSON file, or import one.
    #[command(subcommand)]
    Career(career::CareerCommand),
    /// Training and skills: export and import a council's courses, dates, attendance
    /// and skills as JSON; list who is due soon or expired on mandatory training.
    #[command(subcommand)]
    Training(training::TrainingCommand),
    /// Feedback sessions: export and import a council's sessions, themes and actions
    /// as JSON.
    #[command(subcommand)]
    Feedback(feedback::FeedbackCommand),
    /// The staff survey: import responses from another tool's CSV, show a year's
    /// results.
    #[command(subcommand)]
    Survey(feedback::SurveyCommand),
    /// Exit interviews: export and import them as exit_interviews.csv of the bulk
    /// format, and analyse them (by reason over time, by team, by length of service).
    #[command(subcommand, name = "exit-interviews")]
    ExitInterviews(leavers::ExitInterviewsCommand),
    /// The workforce profile on a day: gender, age, ethnicity, route, overseas
    /// recruits, languages and British Sign Language.
    Profile(leavers::ProfileArgs),
    // [issue 8: committee]
    /// Reports: the committee report pack (HTML, PDF, DOCX or XLSX) and its own words.
    #[command(subcommand)]
    Report(report::ReportCommand),
    // [issue 8: census]
    /// The DfE children's social work workforce census return as XML, after its
    /// validation report; exits non-zero when any record would fail.
    Census(census::CensusArgs),
    // [issue 8: xlsx]
    // [issue 9: postgres]
    /// Copy a whole installation (councils, records, users, sessions, audit trail) from
    /// a SQLite file into a new, empty PostgreSQL database, all or nothing.
    Copy(database::CopyArgs),
    /// Back up the whole installation (councils, records, users, API tokens, audit
    /// trail) into one SQLite file, consistent while servers keep running; the file is
    /// checked with SQLite's integrity check.
    Backup(backup::BackupArgs),
    /// Restore an installation from a backup file, all or nothing; a database that is
    /// not empty is replaced only with --replace.
    Restore(backup::RestoreArgs),
    /// The retention schedule: list what has expired (leavers' employment and training
    /// records after 6 to 25 years, unsuccessful candidates after the recruitment
    /// settings' months) and, with --apply, anonymise it while every measure stays
    /// the same.
    Retention(retention::RetentionArgs),
    // [issue 11: subject access]
    /// Everything Pathway holds about one person (a subject access request), written
    /// as JSON, HTML or PDF; recorded in the audit trail.
    #[command(name = "subject-access")]
    SubjectAccess(subject_access::SubjectAccessArgs),
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "PATHWAY_ADDR")]
    pub addr: std::net::SocketAddr,
}

/// The `user` subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user and print their one-time password.
    Add(UserAddArgs),
}

/// Arguments of `user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Their council (a DfE code such as 888); not for an administrator.
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: Option<CouncilCode>,
    /// Their role: admin, workforce_lead, academy_coordinator, recruitment_officer,
    /// team_manager, practitioner, viewer or regional_viewer (with --sees or --region).
    #[arg(long, value_parser = parse_role)]
    pub role: UserRole,
    /// The email address they sign in with.
    #[arg(long)]
    pub email: String,
    /// Their own worker record (practitioners).
    #[arg(long, value_name = "WORKER_ID")]
    pub worker: Option<String>,
    /// A team they manage (team managers); repeat for several.
    #[arg(long = "team", value_name = "TEAM_ID")]
    pub teams: Vec<String>,
    // [issue 9: benchmarking]
    /// A council a regional viewer sees; repeat for several.
    #[arg(long = "sees", value_name = "CODE", value_parser = parse_council)]
    pub sees: Vec<CouncilCode>,
    /// Every council of a region a regional viewer sees (with or without --sees).
    #[arg(long, value_parser = installation::parse_region)]
    pub region: Option<pathway_domain::benchmarking::Region>,
}

fn parse_role(text: &str) -> Result<UserRole, String> {
    UserRole::parse(text).map_err(|error| error.to_string())
}

/// Arguments of `measures`.
#[derive(Debug, Args)]
pub struct MeasuresArgs {
    /// The reference date D (YYYY-MM-DD); the latest 30 September on or before today if
    /// not given.
    #[arg(long, value_parser = parse_day)]
    pub date: Option<Date>,
    /// Only this council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: Option<CouncilCode>,
    /// How to split the survival of employments: route, academy, contract, start_year,
    /// team or cohort.
    #[arg(long, default_value = "route", value_parser = parse_grouping)]
    pub group: SurvivalGrouping,
    /// Lower bounds of the caseload bands after the first, ascending.
    #[arg(long, default_value = "20,25,30", value_parser = parse_bands)]
    pub bands: BandBounds,
    /// Include each scope's whole overall survival curve (JSON only).
    #[arg(long)]
    pub curves: bool,
    /// Print the measures JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also write every view of the measures to this .xlsx workbook, one sheet each.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<std::path::PathBuf>,
    /// Print how long loading, computing and writing took, on standard error.
    #[arg(long)]
    pub timings: bool,
    /// Compute from a folder or .zip of files in the bulk format, checked as an import
    /// checks them, instead of from the database; nothing is written.
    #[arg(long, value_name = "FOLDER|ZIP")]
    pub from: Option<std::path::PathBuf>,
}

/// Caseload band bounds as given on the command line.
#[derive(Debug, Clone)]
pub struct BandBounds(pub Vec<u32>);

fn parse_grouping(text: &str) -> Result<SurvivalGrouping, String> {
    text.parse()
}

fn parse_bands(text: &str) -> Result<BandBounds, String> {
    let bounds = text
        .split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            part.trim()
                .parse::<u32>()
                .map_err(|_| format!("expected whole numbers separated by commas, found {part:?}"))
        })
        .collect::<Result<Vec<u32>, String>>()?;
    if bounds.first() == Some(&0) || bounds.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err("band bounds must be ascending and above 0, e.g. 20,25,30".into());
    }
    Ok(BandBounds(bounds))
}

/// Arguments of `audit`: `--council CODE [--limit N]` shows a trail, `verify` checks
/// the chains.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AuditArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council, required = true)]
    pub council: Option<CouncilCode>,
    /// How many entries to show.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Check the audit trail instead of showing it.
    #[command(subcommand)]
    pub command: Option<AuditCommand>,
}

/// The `audit` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry was changed, removed or slipped in since it was
    /// written: every entry's hash and its link to the entry before it, council by
    /// council. Prints each council's newest hash, to note somewhere other than this
    /// machine; exits non-zero at the first broken link of any council.
    Verify(AuditVerifyArgs),
}

/// Arguments of `audit verify`.
#[derive(Debug, Args)]
pub struct AuditVerifyArgs {
    /// Only this council (a DfE code such as 888); every council if not given.
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: Option<CouncilCode>,
}

/// Arguments of `import` and `check`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A folder of CSV files, a .zip of one, or an .xlsx workbook.
    pub path: PathBuf,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write: a folder (created if needed), a .zip or an .xlsx file.
    pub path: PathBuf,
    /// Export only this council (a DfE code such as 888); repeat for several. All
    /// councils if not given.
    #[arg(long = "council", value_name = "CODE", value_parser = parse_council)]
    pub councils: Vec<CouncilCode>,
}

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many demo councils to create.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=200))]
    pub councils: u16,
    /// The seed: the same seed and end date always give the same councils.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The last day of the invented history (YYYY-MM-DD); today if not given.
    #[arg(long, value_parser = parse_day)]
    pub until: Option<Date>,
    /// Years of history to invent.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=40))]
    pub years: u32,
}

fn parse_council(text: &str) -> Result<CouncilCode, String> {
    CouncilCode::parse(text).map_err(|error| error.to_string())
}

fn parse_day(text: &str) -> Result<Date, String> {
    parse_date(text).map_err(|error| error.to_string())
}

/// Runs one command.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Copy(args) = &cli.command {
        return database::copy(args).await;
    }
    if let Command::Backup(args) = &cli.command {
        return backup::backup(&cli.database, args).await;
    }
    if let Command::Restore(args) = &cli.command {
        return backup::restore(&cli.database, args).await;
    }
    if let Command::Measures(args) = &cli.command
        && let Some(path) = &args.from
    {
        return measures_of_files(args, path);
    }
    let database = database::Database::open(&cli.database).await?;
    let store = database.store();
    if let Command::Serve(args) = &cli.command {
        return serve(store, args).await;
    }
    let store = store.as_ref();
    let result = match cli.command {
        Command::Serve(_) => Ok(()),
        Command::User(UserCommand::Add(args)) => add_user(store, &args).await,
        Command::Import(args) => import(store, &args.path, ImportMode::Write).await,
        Command::Check(args) => import(store, &args.path, ImportMode::CheckOnly).await,
        Command::Export(args) => export(store, &args.path, &args.councils).await,
        Command::Demo(args) => demo(store, &args).await,
        Command::Measures(args) => measure(store, &args).await,
        Command::Councils(args) => match &args.command {
            None => councils(store).await,
            Some(command) => installation::run(store, command).await,
        },
        Command::Audit(args) => audit(store, &args).await,
        Command::Academy(command) => academy::run(store, &command).await,
        Command::Agency(command) => agency::run(store, &command).await,
        Command::Recruitment(command) => recruitment::run(store, &command).await,
        Command::Caseloads(command) => caseloads::run(store, &command).await,
        Command::Career(command) => career::run(store, &command).await,
        Command::Training(command) => training::run(store, &command).await,
        Command::Feedback(command) => feedback::run(store, &command).await,
        Command::Survey(command) => feedback::run_survey(store, &command).await,
        Command::ExitInterviews(command) => leavers::run(store, &command).await,
        Command::Profile(args) => leavers::run_profile(store, &args).await,
        // [issue 8: committee]
        Command::Report(command) => report::run(store, &command).await,
        // [issue 8: census]
        Command::Census(args) => census::run(store, &args).await,
        Command::Retention(args) => retention::run(store, &args).await,
        // [issue 8: xlsx]
        // [issue 9: postgres]
        Command::Copy(_) | Command::Backup(_) | Command::Restore(_) => Ok(()),
        // [issue 11: subject access]
        Command::SubjectAccess(args) => subject_access::run(store, &args).await,
    };
    database.close().await;
    result
}

/// The operating-system user, for the audit trail.
pub(crate) fn actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

fn print_problems(problems: &Problems) {
    for problem in problems.shown() {
        eprintln!("{problem}");
    }
    if problems.not_shown() > 0 {
        eprintln!("... and {} more problems not shown", problems.not_shown());
    }
}

fn print_summary(summary: &ImportSummary) {
    let width = summary
        .files
        .iter()
        .map(|(file, _)| file.csv_name().len())
        .max()
        .unwrap_or(0);
    for (file, tally) in &summary.files {
        println!(
            "{:width$}  {:>8} added  {:>8} updated  {:>8} unchanged",
            file.csv_name(),
            tally.added,
            tally.updated,
            tally.unchanged
        );
    }
}

async fn import(store: &dyn Store, path: &Path, mode: ImportMode) -> anyhow::Result<()> {
    let progress = progress::Bar::new();
    let read = pathway_bulk::read(path, &progress);
    progress.finish();
    let upload = match read {
        Ok(upload) => upload,
        Err(ReadFailure::Unreadable(error)) => return Err(error.into()),
        Err(ReadFailure::Invalid { problems, warnings }) => {
            for warning in &warnings {
                eprintln!("warning: {warning}");
            }
            print_problems(&problems);
            bail!(
                "{} problem(s) found in {}; nothing was imported",
                problems.total(),
                path.display()
            );
        }
    };
    for warning in &upload.warnings {
        eprintln!("warning: {warning}");
    }
    let description = path.display().to_string();
    let source = ImportSource {
        actor: &actor(),
        description: &description,
        action: "import",
        council_names: &[],
    };
    let upload = Upload {
        councils: upload.councils,
        files: upload.files,
    };
    match pathway_app::import(store, upload, mode, source).await {
        Ok(summary) => {
            print_summary(&summary);
            let councils: Vec<String> = summary.councils.iter().map(ToString::to_string).collect();
            if summary.written {
                println!(
                    "Imported {} for council(s) {}.",
                    path.display(),
                    councils.join(", ")
                );
            } else {
                println!(
                    "{} is valid for council(s) {}; nothing was written.",
                    path.display(),
                    councils.join(", ")
                );
            }
            Ok(())
        }
        Err(ImportError::Invalid(problems)) => {
            print_problems(&problems);
            bail!(
                "{} problem(s) found in {}; nothing was imported",
                problems.total(),
                path.display()
            );
        }
        Err(ImportError::Store(error)) => Err(error).context("nothing was imported"),
    }
}

async fn export(store: &dyn Store, path: &Path, councils: &[CouncilCode]) -> anyhow::Result<()> {
    let workforces =
        pathway_app::export(store, councils, &actor(), &path.display().to_string()).await?;
    if workforces.is_empty() {
        bail!("the database holds no councils yet: import data or run `pathway demo` first");
    }
    pathway_bulk::write(path, &workforces)?;
    let codes: Vec<String> = workforces
        .iter()
        .map(|workforce| workforce.council.to_string())
        .collect();
    println!(
        "Exported council(s) {} to {}.",
        codes.join(", "),
        path.display()
    );
    Ok(())
}

async fn demo(store: &dyn Store, args: &DemoArgs) -> anyhow::Result<()> {
    let until = args
        .until
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let options = pathway_demo::DemoOptions {
        councils: usize::from(args.councils),
        seed: args.seed,
        until,
        years: args.years,
    };
    let generated = pathway_demo::generate(&options);
    let (councils, workforces): (Vec<_>, Vec<_>) = generated.into_iter().unzip();
    // Each council's academy: its recent cohorts' sessions, registers and ASYE logs.
    let academies: Vec<_> = workforces
        .iter()
        .map(|workforce| {
            let academy = pathway_demo::generate_academy(workforce, &options);
            pathway_demo::academy_changes(workforce.council, &academy)
        })
        .collect();
    // And its recruitment: posts, vacancies' histories, candidates, events' attendees,
    // partners, international recruits and agency engagements.
    let recruitments: Vec<_> = workforces
        .iter()
        .map(|workforce| {
            let recruitment = pathway_demo::generate_recruitment(workforce, &options);
            pathway_demo::recruitment_changes(workforce.council, &recruitment)
        })
        .collect();
    let workforces_for_users: Vec<_> = workforces.iter().take(1).cloned().collect();
    let description = format!("demo seed {} until {until}", args.seed);
    let source = ImportSource {
        actor: &actor(),
        description: &description,
        action: "demo",
        council_names: &councils,
    };
    match pathway_app::import_with_extras(
        store,
        Upload::generated(workforces),
        pathway_app::ImportExtras {
            academy: &academies,
            recruitment: &recruitments,
        },
        ImportMode::Write,
        source,
    )
    .await
    {
        Ok(summary) => {
            print_summary(&summary);
            for council in &councils {
                println!("Demo council {} {} is ready.", council.code, council.name);
            }
            // The career pathway's self-assessments and plans: the first council from
            // the workforce as generated (its order picks the demo practitioner, whom
            // it leaves without any), the others as stored.
            for (index, council) in councils.iter().enumerate() {
                let workforce = match workforces_for_users.first().filter(|_| index == 0) {
                    Some(workforce) => workforce.clone(),
                    None => store.workforce(council.code).await?,
                };
                let career = pathway_demo::generate_career(&workforce, &options);
                // A second run over the same database leaves what the first wrote.
                let stored = store.career(council.code).await?;
                let changes: Vec<_> = pathway_demo::career_changes(council.code, &career)
                    .changes
                    .into_iter()
                    .filter(|change| !stored.holds(change))
                    .collect();
                let count = career.assessments.len();
                pathway_app::change_career(
                    store,
                    council.code,
                    pathway_app::CareerRequest {
                        actor: &actor(),
                        description: &format!("demo career pathway: {count} self-assessments"),
                    },
                    changes,
                )
                .await?;
            }
            for council in &councils {
                let workforce = store.workforce(council.code).await?;
                let training = pathway_demo::generate_training(&workforce, &options);
                let changes = pathway_demo::training_changes(council.code, &training).changes;
                let request = pathway_app::TrainingRequest {
                    actor: &actor(),
                    action: "demo",
                    description: "demo training: courses, dates, attendance and skills",
                };
                pathway_app::change_training(store, council.code, request, None, changes)
                    .await
                    .context("the demo generator made invalid training records: this is a bug in Pathway")?;
            }
            for council in &councils {
                feedback::demo(store, council.code, &options).await?;
            }
            if let Some((council, workforce)) = councils.first().zip(workforces_for_users.first()) {
                add_demo_users(store, council.code, workforce).await?;
            }
            // [issue 9: benchmarking]
            installation::demo(store, &councils).await?;
            Ok(())
        }
        Err(ImportError::Invalid(problems)) => {
            print_problems(&problems);
            bail!("the demo generator made invalid records: this is a bug in Pathway");
        }
        Err(ImportError::Store(error)) => Err(error.into()),
    }
}

async fn councils(store: &dyn Store) -> anyhow::Result<()> {
    let councils = store.councils().await?;
    if councils.is_empty() {
        println!("No councils yet: import data or run `pathway demo`.");
    }
    for council in councils {
        let workforce = store.workforce(council.code).await?;
        println!(
            "{}  {}  ({} workers, {} employments, {} vacancies, {} cohorts)",
            council.code,
            council.name,
            workforce.workers.len(),
            workforce.employments.len(),
            workforce.vacancies.len(),
            workforce.cohorts.len()
        );
    }
    Ok(())
}

async fn audit(store: &dyn Store, args: &AuditArgs) -> anyhow::Result<()> {
    if let Some(AuditCommand::Verify(verify)) = &args.command {
        return audit_verify(store, verify).await;
    }
    let council = args
        .council
        .context("give --council CODE to show a council's audit trail")?;
    for event in store.audit_trail(council, args.limit).await? {
        println!(
            "{}  {}  {}  {}",
            event.at.format("%Y-%m-%d %H:%M:%S UTC"),
            event.entry.actor,
            event.entry.action,
            event.entry.detail
        );
    }
    Ok(())
}

async fn audit_verify(store: &dyn Store, args: &AuditVerifyArgs) -> anyhow::Result<()> {
    let councils = match args.council {
        Some(council) => vec![council],
        None => store
            .councils()
            .await?
            .into_iter()
            .map(|council| council.code)
            .collect(),
    };
    let (mut checked, mut broken) = (0, 0);
    for council in councils {
        match store.audit_chain(council).await?.verify() {
            Ok(chain) => {
                checked += chain.entries;
                println!(
                    "council {}: {} entries intact; newest hash {}",
                    chain.council, chain.entries, chain.head
                );
            }
            Err(chain_break) => {
                broken += 1;
                eprintln!("broken: {chain_break}");
            }
        }
    }
    if broken > 0 {
        bail!("the audit trail of {broken} council(s) has been tampered with (see above)");
    }
    println!("audit trail intact: {checked} entries checked");
    Ok(())
}

/// What a kept measures document was asked with: the councils and every option, and
/// the version of Pathway that computed it (an upgrade may change a measure).
fn kept_options(councils: &[CouncilCode], options: &MeasureOptions) -> String {
    let councils: Vec<String> = councils.iter().map(ToString::to_string).collect();
    let bands: Vec<String> = options
        .band_bounds
        .iter()
        .map(ToString::to_string)
        .collect();
    format!(
        "pathway={};councils={};date={};group={};bands={};curves={}",
        env!("CARGO_PKG_VERSION"),
        councils.join(","),
        options.date,
        options.grouping,
        bands.join(","),
        options.curves
    )
}

/// The councils' revisions, written as `888:3,840:0`.
async fn revisions_of(store: &dyn Store, councils: &[CouncilCode]) -> anyhow::Result<String> {
    let changed: std::collections::HashMap<CouncilCode, u64> =
        store.council_revisions().await?.into_iter().collect();
    Ok(councils
        .iter()
        .map(|council| format!("{council}:{}", changed.get(council).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(","))
}

/// The options asked for; D is the latest census date if none is given.
fn measure_options(args: &MeasuresArgs) -> MeasureOptions {
    MeasureOptions {
        date: args.date.unwrap_or_else(|| {
            measures::census_date_on_or_before(chrono::Local::now().date_naive())
        }),
        band_bounds: args.bands.0.clone(),
        grouping: args.group,
        curves: args.curves,
    }
}

/// `pathway measures --from`: the measures of files, without a database.
fn measures_of_files(args: &MeasuresArgs, path: &Path) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let workforces = checked_files(path, args.council)?;
    let loaded = std::time::Instant::now();
    let report = measures::compute(&workforces, &measure_options(args));
    let computed = std::time::Instant::now();
    write_measures(args, &report, [started, loaded, computed])?;
    Ok(())
}

async fn measure(store: &dyn Store, args: &MeasuresArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let options = measure_options(args);
    let codes: Vec<CouncilCode> = match args.council {
        Some(code) => {
            if !store
                .councils()
                .await?
                .iter()
                .any(|council| council.code == code)
            {
                bail!("council {code} is not on this installation");
            }
            vec![code]
        }
        None => store
            .councils()
            .await?
            .into_iter()
            .map(|council| council.code)
            .collect(),
    };
    // The JSON document is kept in the database with the councils' revisions, read
    // before the records (so the records are at least as new): asked again with the
    // same options and nothing changed, it is read back instead of computed.
    let kept_under = kept_options(&codes, &options);
    let revisions = revisions_of(store, &codes).await?;
    if args.json
        && args.xlsx.is_none()
        && let Some(kept) = store.kept_measures(&kept_under).await?
        && kept.revisions == revisions
    {
        let read = std::time::Instant::now();
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        out.write_all(kept.document.as_bytes())?;
        out.flush()?;
        if args.timings {
            let written = std::time::Instant::now();
            eprintln!("kept     {:8.3} s", (read - started).as_secs_f64());
            eprintln!("write    {:8.3} s", (written - read).as_secs_f64());
            eprintln!("total    {:8.3} s", (written - started).as_secs_f64());
        }
        return Ok(());
    }
    let mut workforces = Vec::with_capacity(codes.len());
    for code in codes {
        workforces.push(store.workforce(code).await?);
    }
    let loaded = std::time::Instant::now();
    let report = measures::compute(&workforces, &options);
    let computed = std::time::Instant::now();
    let document = write_measures(args, &report, [started, loaded, computed])?;
    if let Some(document) = document {
        let kept = pathway_app::KeptMeasures {
            revisions,
            document,
        };
        // The figures are printed whether or not they can be kept (a read-only
        // database file, say); not keeping them only costs the next run its speed.
        if let Err(error) = store.keep_measures(&kept_under, &kept).await {
            eprintln!("warning: the measures could not be kept for next time: {error}");
        }
    }
    Ok(())
}

/// Writes the measures as asked (JSON or a table on standard output, a workbook) and
/// the timings; gives back the JSON document if one was written.
fn write_measures(
    args: &MeasuresArgs,
    report: &measures::MeasuresReport,
    [started, loaded, computed]: [std::time::Instant; 3],
) -> anyhow::Result<Option<String>> {
    if let Some(path) = &args.xlsx {
        let tables = pathway_reports::measure_tables::tables(report);
        let bytes = pathway_reports::xlsx::workbook(&tables.iter().collect::<Vec<_>>())?;
        std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut written_document = None;
    if args.json {
        let mut document = serde_json::to_string_pretty(report)?;
        document.push('\n');
        out.write_all(document.as_bytes())?;
        written_document = Some(document);
    } else {
        measures_table::write(&mut out, report)?;
    }
    out.flush()?;
    if args.timings {
        let written = std::time::Instant::now();
        eprintln!("load     {:8.3} s", (loaded - started).as_secs_f64());
        eprintln!("compute  {:8.3} s", (computed - loaded).as_secs_f64());
        eprintln!("write    {:8.3} s", (written - computed).as_secs_f64());
        eprintln!("total    {:8.3} s", (written - started).as_secs_f64());
    }
    Ok(written_document)
}

/// Every council's records in a folder or .zip of bulk files, checked as an import
/// checks them (each file, then each council's records as a whole).
fn checked_files(
    path: &Path,
    only: Option<CouncilCode>,
) -> anyhow::Result<Vec<pathway_domain::Workforce>> {
    let upload = match pathway_bulk::read(path, &pathway_bulk::NoProgress) {
        Ok(upload) => upload,
        Err(ReadFailure::Unreadable(error)) => return Err(error.into()),
        Err(ReadFailure::Invalid { problems, .. }) => {
            print_problems(&problems);
            bail!(
                "{} problem(s) found in {}",
                problems.total(),
                path.display()
            );
        }
    };
    let mut workforces = Vec::with_capacity(upload.councils.len());
    for (council, workforce, rows) in upload.councils {
        if only.is_some_and(|only| only != council) {
            continue;
        }
        match pathway_domain::import::plan(
            pathway_domain::Workforce::new(council),
            workforce,
            &rows,
        ) {
            Ok(plan) => workforces.push(plan.workforce),
            Err(problems) => {
                print_problems(&problems);
                bail!(
                    "{} problem(s) found in {}",
                    problems.total(),
                    path.display()
                );
            }
        }
    }
    if let Some(code) = only
        && workforces.is_empty()
    {
        bail!("council {code} has no records in {}", path.display());
    }
    Ok(workforces)
}

/// What `pathway serve` logs: `PATHWAY_LOG`'s directives (`info` if unset), with the
/// libraries whose detailed events can quote what a request or a statement carried held
/// back whatever `PATHWAY_LOG` asks: axum's rejections quote the value they refused, and
/// sqlx's statement events would list every query. Pathway's own events name no person
/// (docs/security.md, "Logs"); no request logging layer is installed, so no URL, query
/// string, header or form body is written either.
fn log_filter() -> tracing_subscriber::EnvFilter {
    let mut filter = tracing_subscriber::EnvFilter::try_from_env("PATHWAY_LOG")
        .unwrap_or_else(|_| "info".into());
    for directive in [
        "axum::rejection=off",
        "sqlx=warn",
        "hyper=info",
        "tower_http=info",
    ] {
        filter = filter.add_directive(directive.parse().expect("a valid log directive"));
    }
    filter
}

async fn serve(store: std::sync::Arc<dyn Store>, args: &ServeArgs) -> anyhow::Result<()> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(log_filter())
        .try_init();
    println!(
        "Pathway is running at http://{}/ (Ctrl-C to stop)",
        args.addr
    );
    pathway_web::serve(store, args.addr)
        .await
        .with_context(|| format!("cannot serve on {}", args.addr))
}

async fn add_user(store: &dyn Store, args: &UserAddArgs) -> anyhow::Result<()> {
    // [issue 9: benchmarking]
    if args.role == UserRole::RegionalViewer {
        if args.council.is_some() {
            bail!(
                "a regional viewer belongs to no council: give the councils they see with --sees or --region"
            );
        }
        let mut councils = args.sees.clone();
        if let Some(region) = args.region {
            councils.extend(installation::councils_of_region(store, region).await?);
        }
        councils.sort();
        councils.dedup();
        return installation::add_regional_viewer(store, &args.email, &councils).await;
    }
    if !args.sees.is_empty() || args.region.is_some() {
        bail!("--sees and --region are for a regional viewer only");
    }
    if let Some(code) = args.council
        && !store
            .councils()
            .await?
            .iter()
            .any(|council| council.code == code)
    {
        bail!(
            "council {code} is not on this installation: import its data or run `pathway demo` first"
        );
    }
    let worker = args
        .worker
        .as_deref()
        .map(WorkerId::parse)
        .transpose()
        .map_err(|error| anyhow::anyhow!("--worker: {error}"))?;
    let teams = args
        .teams
        .iter()
        .map(|team| TeamId::parse(team))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| anyhow::anyhow!("--team: {error}"))?;
    let (user, password) =
        pathway_app::accounts::add_user(store, args.council, &args.email, args.role, worker, teams)
            .await?;
    println!("Added {} as {}.", user.email, user.role.label());
    println!("One-time password: {password}");
    println!("Give it to them privately; it is not shown again.");
    Ok(())
}

/// The password of the demo council's users: the demo is for showing and training,
/// so its sign-in is printed and the same every time.
pub const DEMO_PASSWORD: &str = "pathway-demo-password";

/// Gives the first demo council a user for each role (once), so every view can be
/// shown: the team manager manages the first team, the practitioner is someone in post.
async fn add_demo_users(
    store: &dyn Store,
    council: CouncilCode,
    workforce: &pathway_domain::Workforce,
) -> anyhow::Result<()> {
    // The demo practitioner is in post in the demo manager's team, so the manager can
    // review what the practitioner records (a career pathway self-assessment, say).
    let in_post = workforce
        .employments
        .iter()
        .filter(|employment| employment.span().end().is_none())
        .find_map(|employment| {
            let team = workforce
                .assignments
                .iter()
                .filter(|assignment| &assignment.employment_id == employment.id())
                .max_by_key(|assignment| assignment.span.start())
                .and_then(|assignment| assignment.team_id.clone())?;
            Some((employment.worker_id().clone(), team))
        });
    let first_team = in_post
        .as_ref()
        .map(|(_, team)| team.clone())
        .or_else(|| workforce.teams.first().map(|team| team.id.clone()));
    let in_post = in_post.map(|(worker, _)| worker);
    let users = [
        (
            "lead@demo.pathway.example",
            UserRole::WorkforceLead,
            None,
            Vec::new(),
            Some(council),
        ),
        (
            "academy@demo.pathway.example",
            UserRole::AcademyCoordinator,
            None,
            Vec::new(),
            Some(council),
        ),
        (
            "recruitment@demo.pathway.example",
            UserRole::RecruitmentOfficer,
            None,
            Vec::new(),
            Some(council),
        ),
        (
            "manager@demo.pathway.example",
            UserRole::TeamManager,
            None,
            first_team.into_iter().collect(),
            Some(council),
        ),
        (
            "practitioner@demo.pathway.example",
            UserRole::Practitioner,
            in_post,
            Vec::new(),
            Some(council),
        ),
        (
            "viewer@demo.pathway.example",
            UserRole::Viewer,
            None,
            Vec::new(),
            Some(council),
        ),
        (
            "admin@demo.pathway.example",
            UserRole::Admin,
            None,
            Vec::new(),
            None,
        ),
    ];
    let mut added = 0;
    for (email, role, worker, teams, council) in users {
        match pathway_app::accounts::add_user_with_password(
            store,
            council,
            email,
            role,
            worker,
            teams,
            DEMO_PASSWORD,
        )
        .await
        {
            Ok(_) => added += 1,
            Err(pathway_app::accounts::AccountError::Store(pathway_app::StoreError::Conflict(
                _,
            ))) => {}
            Err(error) => return Err(error.into()),
        }
    }
    if added > 0 {
        println!(
            "Demo sign-in: lead@demo.pathway.example (and academy@, recruitment@, manager@, practitioner@, viewer@, admin@ at demo.pathway.example), password {DEMO_PASSWORD}"
        );
    }
    Ok(())
}
