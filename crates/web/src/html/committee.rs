//! The Reports section: the committee report pack (choose the reference date and the
//! audience, preview the whole report, download it as HTML, PDF, DOCX or XLSX) and the
//! form for the report's own words.
//!
//! Everyone with `SeeCommitteeReport` sees the public version, small numbers shown as
//! `c`; only a role that sees small numbers may choose the internal one, and viewing or
//! downloading it is recorded in the audit trail. `EditCommitteeReport` changes the
//! words, through `pathway_app::save_committee_details`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use pathway_app::{
    AuditEntry, CommitteeEditor, CommitteeSaveError, DetailsSource, StoreError,
    committee_details_for, save_committee_details,
};
use pathway_domain::access::{Permission, UserRole};
use pathway_domain::committee::{CommitteeDetails, CommitteeError, MAX_LINE, MAX_TEXT};
use pathway_domain::measures::census_date_on_or_before;
use pathway_domain::values::{Date, parse_date};
use pathway_domain::{Council, CouncilCode};
use pathway_reports::ReportFormat;
use pathway_reports::committee::{self, CommitteeInputs};
use pathway_reports::model::{Audience, Report};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::feedback::DateFields;
use crate::html::people::long_date;
use crate::html::recruitment::today;
use crate::page::{Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// The Reports page.
pub const REPORTS_HREF: &str = "/reports";
/// The committee report's page.
pub const COMMITTEE_HREF: &str = "/reports/committee";
/// The form for the report's words.
pub const EDIT_HREF: &str = "/reports/committee/edit";

/// The reference date asked for (`YYYY-MM-DD`), or the latest 30 September on or
/// before today when none is given.
pub(crate) fn reference_date(text: Option<&str>) -> Result<Date, String> {
    match text.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(census_date_on_or_before(today())),
        Some(text) => parse_date(text)
            .map_err(|_| "The reference date must be a real date, such as 2024-09-30".to_owned()),
    }
}

// ---------------------------------------------------------------- the Reports page

#[derive(Template, WebTemplate)]
#[template(path = "reports_home.html")]
/// The Reports page: what can be made here.
pub struct ReportsPage {
    page: Page,
    census: bool,
    edits: bool,
}

/// `GET /reports`.
pub async fn home(signed_in: SignedIn) -> Result<ReportsPage, WebError> {
    signed_in.user.council.ok_or(WebError::NotFound)?;
    let role = signed_in.user.role;
    Ok(ReportsPage {
        page: Page::for_user(&signed_in, REPORTS_HREF),
        census: role.allows(Permission::MakeCensusReturn),
        edits: role.allows(Permission::EditCommitteeReport),
    })
}

// ---------------------------------------------------------------- the words' form

/// The form's fields in order: id, label, whether it is one line, hint.
const FIELDS: &[(&str, &str, bool, &str)] = &[
    (
        "meeting",
        "Meeting",
        true,
        "The committee the paper goes to, such as Children's Services Scrutiny Committee.",
    ),
    (
        "report_of",
        "Report of",
        true,
        "Whose report it is, such as Director of Children's Services.",
    ),
    (
        "contact_officer",
        "Contact officer",
        true,
        "Who to contact about it: name, job title, telephone or email.",
    ),
    (
        "recommendations",
        "Recommendations",
        false,
        "What the committee is asked to do. One recommendation per line.",
    ),
    (
        "background",
        "Background",
        false,
        "Why the report comes now and what it covers. Leave a blank line between paragraphs.",
    ),
    (
        "financial",
        "Financial implications",
        false,
        "Leave a blank line between paragraphs.",
    ),
    (
        "legal",
        "Legal implications",
        false,
        "Leave a blank line between paragraphs.",
    ),
    (
        "equalities",
        "Equalities implications",
        false,
        "Leave a blank line between paragraphs.",
    ),
    (
        "risk",
        "Risk implications",
        false,
        "The risks and how they are managed. Leave a blank line between paragraphs.",
    ),
];

/// The id of the meeting date's boxes.
const MEETING_DATE: &str = "meeting_date";

/// One text field as the form draws it.
#[derive(Debug, Clone)]
pub struct TextField {
    id: &'static str,
    label: &'static str,
    one_line: bool,
    hint: &'static str,
    value: String,
    error: Option<String>,
}

/// The words as typed, with the problems found.
#[derive(Debug, Clone)]
pub struct WordsForm {
    fields: Vec<TextField>,
    meeting_date: DateFields,
    meeting_date_errors: Vec<String>,
}

impl WordsForm {
    fn of(details: &CommitteeDetails) -> Self {
        Self::with_values(
            |id| field_value(details, id).to_owned(),
            DateFields::of(details.meeting_date),
        )
    }

    fn read(fields: &FormFields) -> Self {
        Self::with_values(|id| fields.get(id), DateFields::read(fields, MEETING_DATE))
    }

    fn with_values(value: impl Fn(&str) -> String, meeting_date: DateFields) -> Self {
        Self {
            fields: FIELDS
                .iter()
                .map(|&(id, label, one_line, hint)| TextField {
                    id,
                    label,
                    one_line,
                    hint,
                    value: value(id),
                    error: None,
                })
                .collect(),
            meeting_date,
            meeting_date_errors: Vec::new(),
        }
    }

    fn value(&self, id: &str) -> String {
        self.fields
            .iter()
            .find(|field| field.id == id)
            .map(|field| field.value.clone())
            .unwrap_or_default()
    }

    /// The one-line fields (before the meeting date's boxes in the form).
    fn lines(&self) -> impl Iterator<Item = &TextField> {
        self.fields.iter().filter(|field| field.one_line)
    }

    /// The long texts (after the meeting date).
    fn texts(&self) -> impl Iterator<Item = &TextField> {
        self.fields.iter().filter(|field| !field.one_line)
    }

    /// The words as typed, one-line fields trimmed; the meeting date's problem if it
    /// is not a date.
    fn details(&self) -> (CommitteeDetails, Option<String>) {
        let (meeting_date, problem) = match self.meeting_date.parse("The meeting date") {
            Ok(date) => (date, None),
            Err(message) => (None, Some(message)),
        };
        let details = CommitteeDetails {
            meeting: self.value("meeting").trim().to_owned(),
            meeting_date,
            report_of: self.value("report_of").trim().to_owned(),
            contact_officer: self.value("contact_officer").trim().to_owned(),
            recommendations: self.value("recommendations"),
            background: self.value("background"),
            financial: self.value("financial"),
            legal: self.value("legal"),
            equalities: self.value("equalities"),
            risk: self.value("risk"),
        };
        (details, problem)
    }

    /// Marks each problem on its field, and lists them all in the form's order.
    fn mark(
        &mut self,
        date_problem: Option<String>,
        problems: &[CommitteeError],
    ) -> Vec<SummaryError> {
        let mut summary = Vec::new();
        for field in &mut self.fields {
            if field.id == "recommendations"
                && let Some(message) = &date_problem
            {
                // The meeting date's boxes come between the one-line fields and the texts.
                summary.push(SummaryError {
                    field: format!("{MEETING_DATE}-day"),
                    message: message.clone(),
                });
                self.meeting_date_errors.push(message.clone());
            }
            if let Some(problem) = problems.iter().find(|p| problem_field(p) == field.id) {
                let message = problem_message(problem, field.label);
                summary.push(SummaryError {
                    field: field.id.to_owned(),
                    message: message.clone(),
                });
                field.error = Some(message);
            }
        }
        summary
    }

    /// All the words, for the acronym warning.
    fn all_text(&self) -> String {
        self.fields
            .iter()
            .map(|field| field.value.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn field_value<'d>(details: &'d CommitteeDetails, id: &str) -> &'d str {
    match id {
        "meeting" => &details.meeting,
        "report_of" => &details.report_of,
        "contact_officer" => &details.contact_officer,
        "recommendations" => &details.recommendations,
        "background" => &details.background,
        "financial" => &details.financial,
        "legal" => &details.legal,
        "equalities" => &details.equalities,
        "risk" => &details.risk,
        _ => "",
    }
}

fn problem_field(problem: &CommitteeError) -> &'static str {
    match problem {
        CommitteeError::Blank { field, .. } | CommitteeError::TooLong { field, .. } => field,
    }
}

/// A problem in GOV.UK's words: "Enter the name of the meeting".
fn problem_message(problem: &CommitteeError, label: &str) -> String {
    match problem {
        CommitteeError::Blank { what, .. } => format!("Enter the {what}"),
        CommitteeError::TooLong { max, .. } => {
            format!("{label} must be {max} characters or fewer")
        }
    }
}

/// Words that look like acronyms but that the glossary cannot explain.
pub(crate) fn unknown_acronyms(details: &CommitteeDetails) -> Vec<String> {
    let text = FIELDS
        .iter()
        .map(|(id, ..)| field_value(details, id))
        .collect::<Vec<_>>()
        .join("\n");
    pathway_reports::glossary::unknown_acronyms(&text)
}

/// Where the words shown came from, in words.
pub(crate) fn source_note(source: DetailsSource) -> String {
    match source {
        DetailsSource::Saved => String::new(),
        DetailsSource::Earlier(date) => format!(
            "Nothing has been saved for this date yet: these are the words of the report of {}.",
            long_date(date)
        ),
        DetailsSource::StartingPoint => {
            "Nothing has been saved yet: these are Pathway's starting words, to be changed to fit."
                .to_owned()
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "committee_edit.html")]
/// The form for the report's words.
pub struct EditPage {
    page: Page,
    date: String,
    date_long: String,
    errors: Vec<SummaryError>,
    form: WordsForm,
    unknown: Vec<String>,
    source_note: String,
    saved_by: String,
    max_line: usize,
    max_text: usize,
}

/// `?date=`.
#[derive(Debug, Default, Deserialize)]
pub struct DateQuery {
    date: Option<String>,
}

/// `GET /reports/committee/edit?date=D`: the words of the report of D, as saved or as
/// a new report would start.
pub async fn edit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DateQuery>,
) -> Result<EditPage, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let date = reference_date(query.date.as_deref()).map_err(|_| WebError::NotFound)?;
    let saved = state.store.committee_details(council, date).await?;
    let (details, source) = committee_details_for(state.store.as_ref(), council, date).await?;
    Ok(EditPage {
        page: Page::for_user(&signed_in, REPORTS_HREF),
        date: date.to_string(),
        date_long: long_date(date),
        errors: Vec::new(),
        unknown: unknown_acronyms(&details),
        form: WordsForm::of(&details),
        source_note: source_note(source),
        saved_by: saved.map_or_else(String::new, |saved| {
            format!(
                "Last saved by {} on {}.",
                saved.changed_by,
                saved.changed_at.format("%-d %B %Y at %H:%M UTC")
            )
        }),
        max_line: MAX_LINE,
        max_text: MAX_TEXT,
    })
}

/// `POST /reports/committee/edit?date=D`: saves the words and goes back to the
/// report, or shows the form again with what was typed and what is wrong.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<DateQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let date = reference_date(query.date.as_deref()).map_err(|_| WebError::NotFound)?;
    let mut form = WordsForm::read(&fields);
    let (details, date_problem) = form.details();
    let mut problems = details.check();
    if date_problem.is_none() && problems.is_empty() {
        let editor = CommitteeEditor::User {
            email: &signed_in.user.email,
            role: signed_in.user.role,
            council: signed_in.user.council,
        };
        match save_committee_details(
            state.store.as_ref(),
            editor,
            council,
            date,
            details,
            chrono::Utc::now(),
        )
        .await
        {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("{COMMITTEE_HREF}?date={date}&saved=1")).into_response(),
                );
            }
            Err(CommitteeSaveError::Invalid(found)) => problems = found,
            Err(CommitteeSaveError::NotAllowed(_) | CommitteeSaveError::UnknownCouncil(_)) => {
                return Err(WebError::NotFound);
            }
            Err(CommitteeSaveError::Store(error)) => return Err(error.into()),
        }
    }
    let errors = form.mark(date_problem, &problems);
    Ok(EditPage {
        page: Page::for_user(&signed_in, REPORTS_HREF),
        date: date.to_string(),
        date_long: long_date(date),
        errors,
        unknown: pathway_reports::glossary::unknown_acronyms(&form.all_text()),
        form,
        source_note: String::new(),
        saved_by: String::new(),
        max_line: MAX_LINE,
        max_text: MAX_TEXT,
    }
    .into_response())
}

// ---------------------------------------------------------------- the report

pub use pathway_app::committee::VIEW_ACTION;

/// The formats offered for download, with how each link names it. Every one is
/// rendered by `ReportFormat`, so a format is offered by name here and made there.
const DOWNLOADS: &[(&str, &str)] = &[
    ("html", "Web page (HTML)"),
    ("pdf", "PDF"),
    ("docx", "Word document (DOCX)"),
    ("xlsx", "Spreadsheet of its tables (XLSX)"),
];

/// The audience a user gets: a role that sees small numbers chooses (internal unless
/// it asks for public); every other role always gets the public report.
pub(crate) fn audience_for(role: UserRole, asked: Option<&str>) -> Result<Audience, String> {
    if !role.sees_small_numbers() {
        return Ok(Audience::Public);
    }
    match asked.map(str::trim).filter(|text| !text.is_empty()) {
        None | Some("internal") => Ok(Audience::Internal),
        Some("public") => Ok(Audience::Public),
        Some(other) => Err(format!(
            "audience: expected internal or public, not {other:?}"
        )),
    }
}

/// How URLs and the audit trail spell an audience.
pub(crate) fn audience_name(audience: Audience) -> &'static str {
    match audience {
        Audience::Internal => "internal",
        Audience::Public => "public",
    }
}

/// A report as built, with the words it used and where they came from.
pub(crate) struct BuiltReport {
    /// The report.
    pub report: Report,
    /// Its own words.
    pub details: CommitteeDetails,
    /// Where they came from.
    pub source: DetailsSource,
}

/// Builds a council's report for a date and audience from its stored records and
/// the words the date uses.
pub(crate) async fn committee_report(
    state: &AppState,
    council: CouncilCode,
    date: Date,
    audience: Audience,
) -> Result<BuiltReport, StoreError> {
    let store = state.store.as_ref();
    let named = store
        .councils()
        .await?
        .into_iter()
        .find(|known| known.code == council)
        .unwrap_or_else(|| Council {
            code: council,
            name: council.to_string(),
        });
    let workforce = store.workforce(council).await?;
    let academy = store.academy(council).await?;
    let (details, source) = committee_details_for(store, council, date).await?;
    let report = committee::build(&CommitteeInputs {
        council: &named,
        workforce: &workforce,
        academy: &academy,
        details: &details,
        date,
        audience,
    });
    Ok(BuiltReport {
        report,
        details,
        source,
    })
}

/// Records that someone saw the internal report, which shows small numbers; the
/// public report is not recorded.
pub(crate) async fn record_internal_view(
    state: &AppState,
    council: CouncilCode,
    actor: &str,
    date: Date,
    audience: Audience,
    how: &str,
) -> Result<(), StoreError> {
    if audience != Audience::Internal {
        return Ok(());
    }
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: actor.to_owned(),
            action: VIEW_ACTION.to_owned(),
            detail: format!("internal committee report of {date}: {how}"),
        }])
        .await
}

/// One download link.
#[derive(Debug, Clone)]
pub struct DownloadLink {
    href: String,
    label: &'static str,
}

/// One audience to choose.
#[derive(Debug, Clone)]
pub struct AudienceChoice {
    value: &'static str,
    label: &'static str,
    hint: &'static str,
    selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "committee_report.html")]
/// The committee report's page: the choices, the downloads and the preview.
pub struct ReportPage {
    page: Page,
    saved: bool,
    date: String,
    date_long: String,
    day: String,
    month: String,
    year: String,
    date_errors: Vec<String>,
    chooses_audience: bool,
    audiences: Vec<AudienceChoice>,
    internal: bool,
    downloads: Vec<DownloadLink>,
    edits: bool,
    source_note: String,
    unknown: Vec<String>,
    preview: String,
}

/// `?date=` (or the date's boxes), `?audience=`, `?saved=1` after an edit.
#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    date: Option<String>,
    #[serde(rename = "date-day", default)]
    day: String,
    #[serde(rename = "date-month", default)]
    month: String,
    #[serde(rename = "date-year", default)]
    year: String,
    audience: Option<String>,
    saved: Option<String>,
}

/// `GET /reports/committee`: the report of a date for an audience, previewed whole,
/// with its downloads. Viewing the internal report is recorded in the audit trail.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ReportQuery>,
) -> Result<ReportPage, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let role = signed_in.user.role;
    let mut date_errors = Vec::new();
    let asked = match query
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(text) => reference_date(Some(text)).map(Some),
        None => date_input("Reference date", &query.day, &query.month, &query.year),
    };
    let date = match asked {
        Ok(date) => date,
        Err(message) => {
            date_errors.push(message);
            None
        }
    }
    .unwrap_or_else(|| census_date_on_or_before(today()));
    let (day, month, year) = if date_errors.is_empty() {
        (
            date.day().to_string(),
            date.month().to_string(),
            date.year().to_string(),
        )
    } else {
        (query.day, query.month, query.year)
    };
    // A wrong audience in a hand-made address falls back to the role's default.
    let audience = audience_for(role, query.audience.as_deref())
        .or_else(|_| audience_for(role, None))
        .unwrap_or(Audience::Public);
    let built = committee_report(&state, council, date, audience).await?;
    record_internal_view(
        &state,
        council,
        &signed_in.user.email,
        date,
        audience,
        "preview",
    )
    .await?;
    let edits = role.allows(Permission::EditCommitteeReport);
    let query_text = format!("date={date}&audience={}", audience_name(audience));
    Ok(ReportPage {
        page: Page::for_user(&signed_in, REPORTS_HREF),
        saved: query.saved.is_some(),
        date: date.to_string(),
        date_long: long_date(date),
        day,
        month,
        year,
        date_errors,
        chooses_audience: role.sees_small_numbers(),
        audiences: vec![
            AudienceChoice {
                value: "internal",
                label: "Internal",
                hint: "Every number shown. Not for publication.",
                selected: audience == Audience::Internal,
            },
            AudienceChoice {
                value: "public",
                label: "Public",
                hint: "Numbers from 1 to 4 shown as c, so that no one can be identified.",
                selected: audience == Audience::Public,
            },
        ],
        internal: audience == Audience::Internal,
        downloads: DOWNLOADS
            .iter()
            .map(|&(extension, label)| DownloadLink {
                href: format!("{COMMITTEE_HREF}.{extension}?{query_text}"),
                label,
            })
            .collect(),
        edits,
        source_note: if edits {
            source_note(built.source)
        } else {
            String::new()
        },
        unknown: if edits {
            unknown_acronyms(&built.details)
        } else {
            Vec::new()
        },
        preview: pathway_reports::html::fragment(&built.report),
    })
}

/// `?date=&audience=` of a download.
#[derive(Debug, Default, Deserialize)]
pub struct DownloadQuery {
    date: Option<String>,
    audience: Option<String>,
}

/// `GET /reports/committee.{html,pdf,docx,xlsx}?date=D&audience=A`: the report as a
/// file. Downloading the internal report is recorded in the audit trail.
pub async fn download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    uri: Uri,
    Query(query): Query<DownloadQuery>,
) -> Result<Response, WebError> {
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let extension = uri
        .path()
        .rsplit_once('.')
        .map_or("", |(_, extension)| extension);
    let format = ReportFormat::parse(extension).map_err(|_| WebError::NotFound)?;
    let date = reference_date(query.date.as_deref()).map_err(|_| WebError::NotFound)?;
    let audience = audience_for(signed_in.user.role, query.audience.as_deref())
        .map_err(|_| WebError::NotFound)?;
    let built = committee_report(&state, council, date, audience).await?;
    let bytes = format
        .render(&built.report)
        .map_err(|error| WebError::Internal(error.to_string()))?;
    record_internal_view(
        &state,
        council,
        &signed_in.user.email,
        date,
        audience,
        &format!("downloaded as {}", format.label()),
    )
    .await?;
    let file_name = format!(
        "committee-report-{council}-{date}-{}.{}",
        audience_name(audience),
        format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
