//! `pathway subject-access`: everything Pathway holds about one person, written as
//! JSON, HTML or PDF to answer a subject access request (docs/subject-access.md).
// [issue 11: subject access]

use std::path::PathBuf;

use anyhow::{Context, bail};
use chrono::Utc;
use clap::{Args, ValueEnum};
use pathway_app::{Store, SubjectAccessRequest};
use pathway_domain::CouncilCode;
use pathway_domain::ids::WorkerId;

use crate::{actor, parse_council};

/// The formats a response is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SubjectAccessFormat {
    /// The records as JSON, in the layout of docs/subject-access.md.
    Json,
    /// A standalone HTML document, for reading or printing.
    Html,
    /// A tagged PDF, to send to the person.
    Pdf,
}

impl SubjectAccessFormat {
    fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Html => "html",
            Self::Pdf => "pdf",
        }
    }
}

/// Arguments of `subject-access`.
#[derive(Debug, Args)]
pub struct SubjectAccessArgs {
    /// The council holding the records (a DfE code such as 888).
    #[arg(long, value_name = "CODE", value_parser = parse_council)]
    pub council: CouncilCode,
    /// The person's worker ID.
    #[arg(long, value_name = "ID", value_parser = parse_worker)]
    pub worker: WorkerId,
    /// The format; if not given, the output file's extension (.json, .html or .pdf).
    #[arg(long, value_enum)]
    pub format: Option<SubjectAccessFormat>,
    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn parse_worker(text: &str) -> Result<WorkerId, String> {
    WorkerId::parse(text).map_err(|error| error.to_string())
}

fn format_of(args: &SubjectAccessArgs) -> anyhow::Result<SubjectAccessFormat> {
    if let Some(format) = args.format {
        return Ok(format);
    }
    let extension = args
        .output
        .extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "json" => Ok(SubjectAccessFormat::Json),
        "html" | "htm" => Ok(SubjectAccessFormat::Html),
        "pdf" => Ok(SubjectAccessFormat::Pdf),
        _ => bail!(
            "cannot tell the format from {}: give --format json, html or pdf, or end the file name in .json, .html or .pdf",
            args.output.display()
        ),
    }
}

/// Gathers the response (recorded in the audit trail as `cli:<user>`) and writes it.
pub async fn run(store: &dyn Store, args: &SubjectAccessArgs) -> anyhow::Result<()> {
    let format = format_of(args)?;
    let how = format!("{} to {}", format.as_str(), args.output.display());
    let actor = actor();
    let request = SubjectAccessRequest {
        council: args.council,
        worker: &args.worker,
        actor: &actor,
        how: &how,
    };
    let access = pathway_app::subject_access(store, request, Utc::now()).await?;
    let bytes = match format {
        SubjectAccessFormat::Json => {
            let mut text = serde_json::to_string_pretty(&access)?;
            text.push('\n');
            text.into_bytes()
        }
        SubjectAccessFormat::Html => pathway_reports::subject_access::html(&access).into_bytes(),
        SubjectAccessFormat::Pdf => pathway_reports::subject_access::pdf(&access)?,
    };
    std::fs::write(&args.output, bytes)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    println!(
        "Wrote everything held about {} (worker {}) to {}: {} employments, {} audit entries.",
        access.name(),
        access.worker.worker_id,
        args.output.display(),
        access.employments.len(),
        access.audit_trail.len()
    );
    Ok(())
}
