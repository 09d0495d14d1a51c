//! Importing workforce data from the browser: upload a file, see what it would do (or
//! every problem in it), then confirm. The same rules as `pathway import`: all or
//! nothing, every problem located at file, row and column; and one more, that a user
//! imports only their own council's records.
//!
//! An upload waits for its confirmation in a private folder of the system's temporary
//! folder (`pathway-upload-<random id>`, readable only by Pathway), beside a small
//! file naming the user who sent it. It is kept for an hour; confirming it, or finding
//! problems in it, deletes it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::multipart::Field;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pathway_app::accounts::random_token;
use pathway_app::{ImportError, ImportMode, ImportSource, ImportSummary, Store};
use pathway_bulk::{NoProgress, ReadFailure, Warning};
use pathway_domain::{BulkFile, CouncilCode, Problem, Problems};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::WebError;
use crate::page::{FieldError, Page};
use crate::session::{SignedIn, check_form_token};

/// The largest file accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 100 * 1024 * 1024;

/// How long an upload waits for its confirmation.
const KEEP_FOR: Duration = Duration::from_secs(60 * 60);

/// The name of every upload's folder starts with this.
const FOLDER_PREFIX: &str = "pathway-upload-";

/// The file beside an upload naming who sent it.
const OWNER_FILE: &str = "owner.json";

/// The bytes of an id: 16 random bytes, 32 hex digits.
const ID_BYTES: usize = 16;

/// The body limit of the upload route: the file, and room for the form's other
/// fields and the multipart framing.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)
}

/// One problem, as a row of the problems table.
#[derive(Debug)]
struct ProblemRow {
    file: &'static str,
    row: String,
    column: String,
    message: String,
}

impl From<&Problem> for ProblemRow {
    fn from(problem: &Problem) -> Self {
        Self {
            file: problem.file.csv_name(),
            row: problem
                .row
                .map_or_else(|| "stored".to_owned(), |row| row.to_string()),
            column: problem.column.clone().unwrap_or_default(),
            message: problem.message.clone(),
        }
    }
}

/// One warning, as a row of the warnings table.
#[derive(Debug)]
struct WarningRow {
    file: String,
    row: String,
    column: String,
    message: String,
}

impl From<&Warning> for WarningRow {
    fn from(warning: &Warning) -> Self {
        match warning.file {
            Some(file) => Self {
                file: file.csv_name().to_owned(),
                row: warning.row.to_string(),
                column: warning.name.clone(),
                message: warning.message.clone(),
            },
            None => Self {
                file: warning.name.clone(),
                row: String::new(),
                column: String::new(),
                message: warning.message.clone(),
            },
        }
    }
}

/// One file's line of the summary.
#[derive(Debug)]
struct SummaryRow {
    file: &'static str,
    added: usize,
    updated: usize,
    unchanged: usize,
}

fn summary_rows(summary: &ImportSummary) -> Vec<SummaryRow> {
    summary
        .files
        .iter()
        .map(|(file, tally)| SummaryRow {
            file: file.csv_name(),
            added: tally.added,
            updated: tally.updated,
            unchanged: tally.unchanged,
        })
        .collect()
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "import.html")]
/// The upload form, with the problems of the last upload if it had any.
pub struct ImportPage {
    page: Page,
    errors: Vec<FieldError>,
    file_error: Option<String>,
    file_name: String,
    problems: Vec<ProblemRow>,
    not_shown: usize,
    warnings: Vec<WarningRow>,
}

impl ImportPage {
    fn new(signed_in: &SignedIn) -> Self {
        Self {
            page: Page::for_user(signed_in, "/import"),
            errors: Vec::new(),
            file_error: None,
            file_name: String::new(),
            problems: Vec::new(),
            not_shown: 0,
            warnings: Vec::new(),
        }
    }

    fn with_error(signed_in: &SignedIn, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut page = Self::new(signed_in);
        page.errors.push(FieldError {
            field: "file",
            message: message.clone(),
        });
        page.file_error = Some(message);
        page
    }

    fn with_problems(
        signed_in: &SignedIn,
        file_name: &str,
        problems: &Problems,
        warnings: &[Warning],
    ) -> Self {
        let total = problems.total();
        let noun = if total == 1 { "problem" } else { "problems" };
        let mut page = Self::with_error(
            signed_in,
            format!("The file has {total} {noun}; nothing was imported"),
        );
        page.file_name = file_name.to_owned();
        page.problems = problems.shown().iter().map(ProblemRow::from).collect();
        page.not_shown = problems.not_shown();
        page.warnings = warnings.iter().map(WarningRow::from).collect();
        page
    }
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "import_check.html")]
/// A valid upload: what importing it would do, and the button to do it.
pub struct CheckedPage {
    page: Page,
    file_name: String,
    upload: String,
    summary: Vec<SummaryRow>,
    warnings: Vec<WarningRow>,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "import_done.html")]
/// A finished import.
pub struct DonePage {
    page: Page,
    file_name: String,
    summary: Vec<SummaryRow>,
    warnings: Vec<WarningRow>,
}

/// One file of the bulk format, for the format page.
#[derive(Debug)]
struct FormatFile {
    name: &'static str,
    required: bool,
    required_columns: String,
    optional_columns: String,
}

#[derive(Debug, Template, WebTemplate)]
#[template(path = "import_format.html")]
/// What an upload must hold.
pub struct FormatPage {
    page: Page,
    files: Vec<FormatFile>,
}

/// `GET /import`: the upload form.
pub async fn show(signed_in: SignedIn) -> Result<ImportPage, WebError> {
    own_council(&signed_in)?;
    tokio::task::spawn_blocking(sweep_expired);
    Ok(ImportPage::new(&signed_in))
}

/// `GET /import/format`: the files and columns an upload may hold.
pub async fn format(signed_in: SignedIn) -> FormatPage {
    let join = |required: bool, file: BulkFile| {
        pathway_bulk::columns(file)
            .iter()
            .filter(|column| column.required == required)
            .map(|column| column.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    FormatPage {
        page: Page::for_user(&signed_in, "/import"),
        files: BulkFile::ALL
            .into_iter()
            .map(|file| FormatFile {
                name: file.csv_name(),
                required: file.is_required(),
                required_columns: join(true, file),
                optional_columns: join(false, file),
            })
            .collect(),
    }
}

/// `POST /import`: receives a file, checks it and shows what importing it would do.
pub async fn check(
    State(state): State<AppState>,
    signed_in: SignedIn,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let council = own_council(&signed_in)?;
    tokio::task::spawn_blocking(sweep_expired);
    let folder = PendingFolder::create().map_err(internal)?;
    let received = receive(multipart, &folder.path).await;
    if check_form_token(&signed_in, &received.csrf_token).is_err() {
        folder.remove();
        return Err(WebError::Forbidden);
    }
    let saved = match received.outcome {
        Ok(saved) => saved,
        Err(message) => {
            folder.remove();
            return Ok(ImportPage::with_error(&signed_in, message).into_response());
        }
    };
    let owner = Owner {
        user_id: signed_in.user.id.0,
        email: signed_in.user.email.clone(),
        council: council.to_string(),
        name: saved.name.clone(),
        container: saved.container.clone(),
        created: Utc::now().timestamp(),
    };
    if let Err(error) = owner.write(&folder.path) {
        folder.remove();
        return Err(internal(error));
    }
    let source = ImportSource {
        actor: &signed_in.user.email,
        description: &saved.name,
        action: "import",
        council_names: &[],
    };
    let outcome = evaluate(
        state.store.as_ref(),
        council,
        &folder.path,
        &owner,
        ImportMode::CheckOnly,
        source,
    )
    .await;
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(error) => {
            folder.remove();
            return Err(error);
        }
    };
    Ok(match outcome {
        Outcome::Valid { summary, warnings } => CheckedPage {
            page: Page::for_user(&signed_in, "/import"),
            file_name: saved.name,
            upload: folder.id,
            summary: summary_rows(&summary),
            warnings: warnings.iter().map(WarningRow::from).collect(),
        }
        .into_response(),
        other => {
            folder.remove();
            other.refusal(&signed_in, &saved.name)
        }
    })
}

/// What the confirmation form sends.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    upload: String,
    #[serde(default)]
    csrf_token: String,
}

/// `POST /import/confirm`: imports an upload checked before, if it is the user's.
pub async fn confirm(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let council = own_council(&signed_in)?;
    let folder = PendingFolder::find(&form.upload).ok_or(WebError::NotFound)?;
    let owner = Owner::read(&folder.path).ok_or(WebError::NotFound)?;
    if owner.user_id != signed_in.user.id.0
        || owner.email != signed_in.user.email
        || owner.council != council.to_string()
    {
        return Err(WebError::NotFound);
    }
    if owner.expired() {
        folder.remove();
        return Err(WebError::NotFound);
    }
    // Taking the folder away first makes a second click of "Import" find nothing.
    let folder = folder.claim().ok_or(WebError::NotFound)?;
    let source = ImportSource {
        actor: &signed_in.user.email,
        description: &owner.name,
        action: "import",
        council_names: &[],
    };
    let outcome = evaluate(
        state.store.as_ref(),
        council,
        &folder.path,
        &owner,
        ImportMode::Write,
        source,
    )
    .await;
    folder.remove();
    Ok(match outcome? {
        Outcome::Valid { summary, warnings } => DonePage {
            page: Page::for_user(&signed_in, "/import"),
            file_name: owner.name,
            summary: summary_rows(&summary),
            warnings: warnings.iter().map(WarningRow::from).collect(),
        }
        .into_response(),
        other => other.refusal(&signed_in, &owner.name),
    })
}

/// The council a user may import into: only their own, so an administrator (who has
/// none) may not import here.
fn own_council(signed_in: &SignedIn) -> Result<CouncilCode, WebError> {
    signed_in.user.council.ok_or(WebError::Forbidden)
}

fn internal(error: impl std::fmt::Display) -> WebError {
    WebError::Internal(format!("keeping an upload: {error}"))
}

/// What checking (or importing) an upload came to.
enum Outcome {
    /// It could not be opened at all.
    Unreadable(String),
    /// Some rows are wrong; nothing was written.
    Invalid {
        problems: Problems,
        warnings: Vec<Warning>,
    },
    /// Every row is right; in [`ImportMode::Write`] it was written.
    Valid {
        summary: ImportSummary,
        warnings: Vec<Warning>,
    },
}

impl Outcome {
    /// The upload form again, with why the upload was refused.
    fn refusal(self, signed_in: &SignedIn, file_name: &str) -> Response {
        let page = match self {
            Self::Unreadable(message) => ImportPage::with_error(signed_in, message),
            Self::Invalid { problems, warnings } => {
                ImportPage::with_problems(signed_in, file_name, &problems, &warnings)
            }
            Self::Valid { .. } => ImportPage::new(signed_in),
        };
        page.into_response()
    }
}

/// Reads an upload kept in `folder`, refuses other councils' records, and checks (or
/// imports) the rest as `pathway import` does.
async fn evaluate(
    store: &dyn Store,
    council: CouncilCode,
    folder: &Path,
    owner: &Owner,
    mode: ImportMode,
    source: ImportSource<'_>,
) -> Result<Outcome, WebError> {
    let path = folder.join(&owner.container);
    let reading = path.clone();
    let read = tokio::task::spawn_blocking(move || pathway_bulk::read(&reading, &NoProgress))
        .await
        .map_err(|error| WebError::Internal(format!("reading an upload: {error}")))?;
    let upload = match read {
        Ok(upload) => upload,
        Err(ReadFailure::Unreadable(error)) => {
            return Ok(Outcome::Unreadable(unreadable_message(
                &error.to_string(),
                &path,
                &owner.name,
            )));
        }
        Err(ReadFailure::Invalid { problems, warnings }) => {
            return Ok(Outcome::Invalid { problems, warnings });
        }
    };
    let foreign = other_councils(&upload, council);
    if !foreign.is_empty() {
        return Ok(Outcome::Invalid {
            problems: foreign,
            warnings: upload.warnings,
        });
    }
    let warnings = upload.warnings;
    let upload = pathway_app::Upload {
        councils: upload.councils,
        files: upload.files,
    };
    match pathway_app::import(store, upload, mode, source).await {
        Ok(summary) => Ok(Outcome::Valid { summary, warnings }),
        Err(ImportError::Invalid(problems)) => Ok(Outcome::Invalid { problems, warnings }),
        Err(ImportError::Store(error)) => Err(error.into()),
    }
}

/// One problem per file and council for every council in the upload but `council`,
/// at the first row holding that council's records.
fn other_councils(upload: &pathway_bulk::Upload, council: CouncilCode) -> Problems {
    let mut problems = Problems::new();
    for (code, workforce, rows) in &upload.councils {
        if *code == council {
            continue;
        }
        for file in BulkFile::ALL {
            if workforce.count(file) == 0 {
                continue;
            }
            let first = (0..workforce.count(file))
                .filter_map(|index| rows.get(file, index))
                .min();
            problems.push(Problem::at(
                file,
                first,
                "authority",
                format!(
                    "this file holds council {code}'s records; you can import only your council's ({council})"
                ),
            ));
        }
    }
    problems.sort();
    problems
}

/// A reader's message about an upload it could not open, with the temporary folder's
/// path replaced by the name the user knows.
fn unreadable_message(message: &str, path: &Path, name: &str) -> String {
    let full = path.display().to_string();
    let folder = path
        .parent()
        .map(|parent| format!("{}{}", parent.display(), std::path::MAIN_SEPARATOR))
        .unwrap_or_default();
    let message = message.replace(&format!("{full}{}", std::path::MAIN_SEPARATOR), "");
    let message = message.replace(&full, name).replace(&folder, "");
    format!("The selected file could not be read: {message}")
}

/// Who sent an upload, and what it is.
#[derive(Debug, Serialize, Deserialize)]
struct Owner {
    user_id: i64,
    email: String,
    council: String,
    /// The name of the file as the user chose it (several, for CSV files).
    name: String,
    /// What to read in the folder: `upload.zip`, `upload.xlsx` or the folder `files`.
    container: String,
    /// When, in seconds since 1970.
    created: i64,
}

impl Owner {
    fn write(&self, folder: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        std::fs::write(folder.join(OWNER_FILE), text)
    }

    fn read(folder: &Path) -> Option<Self> {
        let text = std::fs::read(folder.join(OWNER_FILE)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    fn expired(&self) -> bool {
        let age = Utc::now().timestamp().saturating_sub(self.created);
        u64::try_from(age).map_or(true, |age| age > KEEP_FOR.as_secs())
    }
}

/// The private folder of one upload.
#[derive(Debug)]
struct PendingFolder {
    id: String,
    path: PathBuf,
}

impl PendingFolder {
    /// A new, empty folder that only this user account can open.
    fn create() -> std::io::Result<Self> {
        let id = random_token(ID_BYTES);
        let path = std::env::temp_dir().join(format!("{FOLDER_PREFIX}{id}"));
        private_folder(&path)?;
        Ok(Self { id, path })
    }

    /// The folder of an id given by a form, if the id is well formed and it exists.
    fn find(id: &str) -> Option<Self> {
        let well_formed = id.len() == ID_BYTES * 2
            && id
                .bytes()
                .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
        if !well_formed {
            return None;
        }
        let path = std::env::temp_dir().join(format!("{FOLDER_PREFIX}{id}"));
        let metadata = std::fs::symlink_metadata(&path).ok()?;
        metadata.is_dir().then(|| Self {
            id: id.to_owned(),
            path,
        })
    }

    /// Moves the folder aside, so that nobody else can claim it; `None` if another
    /// request did first.
    fn claim(self) -> Option<Self> {
        let claimed = self
            .path
            .with_file_name(format!("{FOLDER_PREFIX}{}-importing", self.id));
        std::fs::rename(&self.path, &claimed).ok()?;
        Some(Self {
            id: self.id,
            path: claimed,
        })
    }

    fn remove(&self) {
        if let Err(error) = std::fs::remove_dir_all(&self.path) {
            tracing::warn!(%error, path = %self.path.display(), "could not delete an upload");
        }
    }
}

fn private_folder(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Deletes uploads older than [`KEEP_FOR`].
fn sweep_expired() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(FOLDER_PREFIX)
        {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_dir)
            .and_then(|metadata| metadata.modified().ok())
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > KEEP_FOR);
        if old {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// What the upload form sent.
struct Received {
    csrf_token: String,
    /// The files saved, or what to tell the user.
    outcome: Result<Saved, String>,
}

/// The files of an upload, saved in its folder.
struct Saved {
    /// As the user named them.
    name: String,
    /// What to read in the folder.
    container: String,
}

/// The kind of one uploaded file, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Zip,
    Xlsx,
}

fn kind_of(name: &str) -> Option<Kind> {
    let (_, extension) = name.rsplit_once('.')?;
    if extension.eq_ignore_ascii_case("csv") {
        Some(Kind::Csv)
    } else if extension.eq_ignore_ascii_case("zip") {
        Some(Kind::Zip)
    } else if extension.eq_ignore_ascii_case("xlsx") {
        Some(Kind::Xlsx)
    } else {
        None
    }
}

/// The last part of a name a browser sent (some send the whole path), if it is a name
/// a file may have.
fn base_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next()?.trim();
    let fine = !base.is_empty()
        && !base.starts_with('.')
        && base.len() <= 255
        && !base.chars().any(char::is_control);
    fine.then(|| base.to_owned())
}

const CHOOSE: &str = "Select a CSV file, a .zip of CSV files or an .xlsx workbook";
const WRONG_TYPE: &str = "The selected file must be a CSV file, a .zip or an .xlsx workbook";
const TOO_BIG: &str = "The selected file must be smaller than 100 MB";
const EMPTY: &str = "The selected file is empty";
const FAILED: &str = "The selected file could not be uploaded – try again";

/// Reads the form, saving each file as it arrives (never whole in memory).
async fn receive(mut multipart: Multipart, folder: &Path) -> Received {
    let mut csrf_token = String::new();
    let mut files: Vec<(String, Kind)> = Vec::new();
    let mut failure: Option<String> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                failure = Some(multipart_failure(error.status()));
                break;
            }
        };
        match field.name() {
            Some("csrf_token") => match field.text().await {
                Ok(text) if text.len() <= 256 => csrf_token = text,
                Ok(_) => {}
                Err(error) => {
                    failure = Some(multipart_failure(error.status()));
                    break;
                }
            },
            Some("file") => {
                let Some(name) = field.file_name().map(str::to_owned) else {
                    continue;
                };
                if name.is_empty() {
                    // A form sent with no file chosen.
                    continue;
                }
                let Some((name, kind)) = base_name(&name).and_then(|name| {
                    let kind = kind_of(&name)?;
                    Some((name, kind))
                }) else {
                    failure = Some(WRONG_TYPE.to_owned());
                    break;
                };
                match save(field, folder, &name, kind).await {
                    Ok(()) => files.push((name, kind)),
                    Err(message) => {
                        failure = Some(message);
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    let outcome = match failure {
        Some(message) => Err(message),
        None => saved(&files),
    };
    Received {
        csrf_token,
        outcome,
    }
}

fn multipart_failure(status: StatusCode) -> String {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        TOO_BIG.to_owned()
    } else {
        FAILED.to_owned()
    }
}

/// Where a file of `kind` called `name` is kept in the folder.
fn saved_path(folder: &Path, name: &str, kind: Kind) -> PathBuf {
    match kind {
        Kind::Csv => folder.join("files").join(name),
        Kind::Zip => folder.join("upload.zip"),
        Kind::Xlsx => folder.join("upload.xlsx"),
    }
}

async fn save(mut field: Field<'_>, folder: &Path, name: &str, kind: Kind) -> Result<(), String> {
    let path = saved_path(folder, name, kind);
    if kind == Kind::Csv && !folder.join("files").exists() {
        private_folder(&folder.join("files")).map_err(|_| FAILED.to_owned())?;
    }
    // Written as each chunk arrives: chunks are small, and the page cache takes them
    // at once.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                "Select each file only once, and either CSV files or one .zip or .xlsx file"
                    .to_owned()
            } else {
                FAILED.to_owned()
            }
        })?;
    let mut written = 0usize;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                written += chunk.len();
                if written > MAX_UPLOAD_BYTES {
                    return Err(TOO_BIG.to_owned());
                }
                file.write_all(&chunk).map_err(|_| FAILED.to_owned())?;
            }
            Ok(None) => break,
            Err(error) => return Err(multipart_failure(error.status())),
        }
    }
    file.flush().map_err(|_| FAILED.to_owned())?;
    if written == 0 {
        return Err(EMPTY.to_owned());
    }
    Ok(())
}

/// What was saved, as one container to read.
fn saved(files: &[(String, Kind)]) -> Result<Saved, String> {
    let names = files
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match files {
        [] => Err(CHOOSE.to_owned()),
        [(_, Kind::Zip)] => Ok(Saved {
            name: names,
            container: "upload.zip".to_owned(),
        }),
        [(_, Kind::Xlsx)] => Ok(Saved {
            name: names,
            container: "upload.xlsx".to_owned(),
        }),
        _ if files.iter().all(|(_, kind)| *kind == Kind::Csv) => Ok(Saved {
            name: names,
            container: "files".to_owned(),
        }),
        _ => Err(
            "Select either CSV files, or one .zip or .xlsx file – not several kinds at once"
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browsers_full_path_is_cut_to_the_files_name() {
        assert_eq!(
            base_name("C:\\Users\\hr\\extract.xlsx").as_deref(),
            Some("extract.xlsx")
        );
        assert_eq!(
            base_name("../../etc/workers.csv").as_deref(),
            Some("workers.csv")
        );
        assert_eq!(base_name("..").as_deref(), None);
        assert_eq!(base_name("dir/").as_deref(), None);
    }

    #[test]
    fn only_csv_zip_and_xlsx_files_are_accepted() {
        assert_eq!(kind_of("Workers.CSV"), Some(Kind::Csv));
        assert_eq!(kind_of("extract.zip"), Some(Kind::Zip));
        assert_eq!(kind_of("extract.xlsx"), Some(Kind::Xlsx));
        assert_eq!(kind_of("extract.xls"), None);
        assert_eq!(kind_of("workers"), None);
    }

    #[test]
    fn an_upload_id_must_be_32_lower_case_hex_digits() {
        assert!(PendingFolder::find("../../etc").is_none());
        assert!(PendingFolder::find(&"A".repeat(32)).is_none());
        assert!(PendingFolder::find(&"a".repeat(31)).is_none());
    }

    #[test]
    fn messages_name_the_users_file_not_the_temporary_folder() {
        let path = Path::new("/tmp/pathway-upload-abc/upload.zip");
        let message = unreadable_message(
            "/tmp/pathway-upload-abc/upload.zip is not a readable .zip file: bad",
            path,
            "extract.zip",
        );
        assert_eq!(
            message,
            "The selected file could not be read: extract.zip is not a readable .zip file: bad"
        );
    }

    #[test]
    fn a_mix_of_csv_and_zip_files_is_refused() {
        assert!(saved(&[("a.csv".into(), Kind::Csv), ("b.zip".into(), Kind::Zip)]).is_err());
        assert!(saved(&[]).is_err());
        assert_eq!(
            saved(&[("workers.csv".into(), Kind::Csv)])
                .unwrap()
                .container,
            "files"
        );
    }
}
