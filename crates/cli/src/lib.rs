//! The `pathway` command line: each subcommand parses its arguments, calls a use case
//! of `pathway-app` with the SQLite store, and reports in plain words.

mod measures_table;
mod progress;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use pathway_app::{ImportError, ImportMode, ImportSource, ImportSummary, Store, Upload};
use pathway_bulk::ReadFailure;
use pathway_domain::measures::{self, MeasureOptions, SurvivalGrouping};
use pathway_domain::values::{Date, parse_date};
use pathway_domain::{CouncilCode, Problems};
use pathway_store_sqlite::SqliteStore;

/// Pathway: recruit, train and keep a council's children's social workers.
#[derive(Debug, Parser)]
#[command(name = "pathway", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// The database: a file path or a sqlite:// URL. It is created on first use.
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
    /// List the councils in the database, with how many records each holds.
    Councils,
    /// Show a council's audit trail: who imported, exported or changed its records,
    /// and when, newest first.
    Audit(AuditArgs),
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
    /// Print how long loading, computing and writing took, on standard error.
    #[arg(long)]
    pub timings: bool,
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

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The council (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// How many entries to show.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
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
    if cli.database.starts_with("postgres:") || cli.database.starts_with("postgresql:") {
        bail!(
            "this installation of Pathway keeps its data in SQLite; give a file path or a sqlite:// URL as --database"
        );
    }
    let store = SqliteStore::open(&cli.database).await?;
    let result = match cli.command {
        Command::Import(args) => import(&store, &args.path, ImportMode::Write).await,
        Command::Check(args) => import(&store, &args.path, ImportMode::CheckOnly).await,
        Command::Export(args) => export(&store, &args.path, &args.councils).await,
        Command::Demo(args) => demo(&store, &args).await,
        Command::Measures(args) => measure(&store, &args).await,
        Command::Councils => councils(&store).await,
        Command::Audit(args) => audit(&store, &args).await,
    };
    store.close().await;
    result
}

/// The operating-system user, for the audit trail.
fn actor() -> String {
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
    let description = format!("demo seed {} until {until}", args.seed);
    let source = ImportSource {
        actor: &actor(),
        description: &description,
        action: "demo",
        council_names: &councils,
    };
    match pathway_app::import(
        store,
        Upload::generated(workforces),
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
    for event in store.audit_trail(args.council, args.limit).await? {
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

async fn measure(store: &dyn Store, args: &MeasuresArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let date = args
        .date
        .unwrap_or_else(|| measures::census_date_on_or_before(chrono::Local::now().date_naive()));
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
    let mut workforces = Vec::with_capacity(codes.len());
    for code in codes {
        workforces.push(store.workforce(code).await?);
    }
    let loaded = std::time::Instant::now();
    let options = MeasureOptions {
        date,
        band_bounds: args.bands.0.clone(),
        grouping: args.group,
        curves: args.curves,
    };
    let report = measures::compute(&workforces, &options);
    let computed = std::time::Instant::now();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        measures_table::write(&mut out, &report)?;
    }
    out.flush()?;
    if args.timings {
        let written = std::time::Instant::now();
        eprintln!("load     {:8.3} s", (loaded - started).as_secs_f64());
        eprintln!("compute  {:8.3} s", (computed - loaded).as_secs_f64());
        eprintln!("write    {:8.3} s", (written - computed).as_secs_f64());
        eprintln!("total    {:8.3} s", (written - started).as_secs_f64());
    }
    Ok(())
}
