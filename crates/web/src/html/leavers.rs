//! Leavers and their exit interviews: the list of leavers in the year to D with
//! whether an interview was held, the form that records one (through the import, as
//! every workforce record is written), and the analysis of what leavers said, with
//! small numbers suppressed for every role but the workforce lead.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, Days, Utc};
use pathway_app::{AuditEntry, ImportError, ImportMode, ImportSource, Upload};
use pathway_domain::access::Permission;
use pathway_domain::codes::{ExitReason, WouldReturn};
use pathway_domain::measures::exit_interviews::{self, Analysis, check_leaver};
use pathway_domain::measures::index::CouncilIndex;
use pathway_domain::measures::suppression::{PublishedTable, Suppression};
use pathway_domain::measures::{census_date_on_or_before, year_start};
use pathway_domain::records::{ExitInterview, Worker};
use pathway_domain::values::{Date, parse_date};
use pathway_domain::{BulkFile, Workforce};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{self, Choice, People, humanise, long_date, person_href};
use crate::html::person::{full_name, home_href};
use crate::page::{FieldError, Page, date_input};
use crate::session::{SignedIn, check_form_token};
use pathway_reports::charts::{self, Chart, Series, Unit};

/// The menu section these pages belong to.
pub const SECTION: &str = "/leavers";

/// How a reason reads on the pages.
pub fn reason_label(reason: ExitReason) -> String {
    match reason {
        ExitReason::Relocation => "Moving home".to_owned(),
        other => humanise(other.as_str()),
    }
}

/// How a row label of the analysis (a reason code or an answer) reads.
fn row_label(code: &str) -> String {
    match ExitReason::parse(code) {
        Ok(reason) => reason_label(reason),
        Err(_) => match code {
            "interview_held" => "Interview held".to_owned(),
            "no_interview" => "No interview".to_owned(),
            "not_recorded" => "Not recorded".to_owned(),
            other => humanise(other),
        },
    }
}

/// A published table as the templates draw it.
#[derive(Debug)]
pub struct TableView {
    /// The table's caption.
    pub caption: String,
    /// The header of the label column.
    pub first_header: String,
    /// The columns' headers.
    pub columns: Vec<String>,
    /// Each row: its label, its cells and its total.
    pub rows: Vec<(String, Vec<String>, String)>,
    /// Each column's total.
    pub totals: Vec<String>,
    /// The grand total.
    pub total: String,
    /// Whether to show the row totals (not for a list of one column).
    pub row_totals: bool,
}

impl TableView {
    /// Draws `table`, naming its rows and columns with `label`.
    pub fn of(
        caption: impl Into<String>,
        first_header: &str,
        table: &PublishedTable,
        label: impl Fn(&str) -> String,
    ) -> Self {
        Self {
            caption: caption.into(),
            first_header: first_header.to_owned(),
            columns: table.columns.iter().map(|c| label(c)).collect(),
            rows: table
                .rows
                .iter()
                .zip(&table.cells)
                .zip(&table.row_totals)
                .map(|((row, cells), total)| {
                    (
                        label(row),
                        cells.iter().map(ToString::to_string).collect(),
                        total.to_string(),
                    )
                })
                .collect(),
            totals: table
                .column_totals
                .iter()
                .map(ToString::to_string)
                .collect(),
            total: table.total.to_string(),
            row_totals: table.columns.len() > 1,
        }
    }
}

/// Reads a date given as `YYYY-MM-DD` or in three boxes; `None` when neither is
/// given, or the message when it is wrong.
fn asked_date(
    iso: Option<&str>,
    boxes: (&str, &str, &str),
    what: &str,
) -> Result<Option<Date>, String> {
    match iso.map(str::trim).filter(|text| !text.is_empty()) {
        Some(text) => parse_date(text)
            .map(Some)
            .map_err(|_| format!("{what} must be a real date, such as 2024-09-30")),
        None => date_input(what, boxes.0, boxes.1, boxes.2),
    }
}

fn today() -> Date {
    Utc::now().date_naive()
}

/// Boxes filled in with a date.
fn boxes(date: Date) -> (String, String, String) {
    (
        date.day().to_string(),
        date.month().to_string(),
        date.year().to_string(),
    )
}

// ---------------------------------------------------------------------------------
// The list of leavers

/// One leaver in the list.
#[derive(Debug)]
struct LeaverRow {
    name: String,
    person_href: Option<String>,
    left_on: String,
    team: String,
    interview: String,
    record_href: String,
    record_label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "leavers.html")]
/// The leavers in the year to D.
pub struct LeaversPage {
    page: Page,
    home_href: &'static str,
    at: String,
    from: String,
    day: String,
    month: String,
    year: String,
    date_errors: Vec<String>,
    saved: Option<String>,
    rows: Vec<LeaverRow>,
    held: usize,
    may_see_analysis: bool,
}

/// The date asked for on the list: `?date=` or the boxes.
#[derive(Debug, Default, Deserialize)]
pub struct LeaversQuery {
    date: Option<String>,
    #[serde(rename = "date-day", default)]
    day: String,
    #[serde(rename = "date-month", default)]
    month: String,
    #[serde(rename = "date-year", default)]
    year: String,
    saved: Option<String>,
}

/// `GET /leavers`: the leavers in the year to D (the latest 30 September unless
/// asked), each with whether an exit interview was held and a link to record one.
/// Those who see figures but do not record interviews go to the analysis.
pub async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<LeaversQuery>,
) -> Result<Response, WebError> {
    if !signed_in.user.role.allows(Permission::RecordExitInterviews) {
        return Ok(Redirect::to("/leavers/exit-interviews").into_response());
    }
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, today());
    let mut date_errors = Vec::new();
    let at = match asked_date(
        query.date.as_deref(),
        (&query.day, &query.month, &query.year),
        "Date",
    ) {
        Ok(date) => date,
        Err(message) => {
            date_errors.push(message);
            None
        }
    }
    .unwrap_or_else(|| census_date_on_or_before(today()));
    let (day, month, year) = if date_errors.is_empty() {
        boxes(at)
    } else {
        (query.day, query.month, query.year)
    };
    let from = year_start(at) + Days::new(1);
    let index = CouncilIndex::new(&workforce);
    let leavers = exit_interviews::leavers(&index, from, at);
    let may_see_people = signed_in.user.role.allows(Permission::SeePeople);
    let rows: Vec<LeaverRow> = leavers
        .iter()
        .filter(|leaver| people.may_see(leaver.worker_id()))
        .filter_map(|leaver| {
            let worker = index.workers.get(leaver.worker_id())?;
            Some(LeaverRow {
                name: full_name(worker),
                person_href: may_see_people.then(|| person_href(&worker.id)),
                left_on: long_date(leaver.left_on),
                team: people.team_name(leaver.team),
                interview: leaver.interview.map_or_else(
                    || "No".to_owned(),
                    |interview| format!("Held {}", long_date(interview.held_on)),
                ),
                record_href: form_href(&worker.id.to_string()),
                record_label: if leaver.interview.is_some() {
                    "Change exit interview"
                } else {
                    "Record exit interview"
                },
            })
        })
        .collect();
    let held = leavers.iter().filter(|l| l.interview.is_some()).count();
    let saved = query
        .saved
        .as_deref()
        .and_then(|id| people.find(id))
        .map(full_name);
    Ok(LeaversPage {
        page: Page::for_user(&signed_in, SECTION),
        home_href: home_href(&signed_in),
        at: long_date(at),
        from: long_date(from),
        day,
        month,
        year,
        date_errors,
        saved,
        rows,
        held,
        may_see_analysis: signed_in.user.role.allows(Permission::SeeFigures),
    }
    .into_response())
}

/// Where a leaver's exit interview form is.
pub fn form_href(worker_id: &str) -> String {
    format!("/leavers/{}/exit-interview", people::encode(worker_id))
}

// ---------------------------------------------------------------------------------
// The exit interview form

/// The form's fields, exactly as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InterviewForm {
    #[serde(default, rename = "held_on-day")]
    day: String,
    #[serde(default, rename = "held_on-month")]
    month: String,
    #[serde(default, rename = "held_on-year")]
    year: String,
    #[serde(default)]
    primary_reason: String,
    #[serde(default)]
    would_return: String,
    #[serde(default)]
    comments: String,
    #[serde(default)]
    csrf_token: String,
}

impl InterviewForm {
    fn of(interview: &ExitInterview) -> Self {
        let (day, month, year) = boxes(interview.held_on);
        Self {
            day,
            month,
            year,
            primary_reason: interview.primary_reason.as_str().to_owned(),
            would_return: interview
                .would_return
                .map_or("not_known", WouldReturn::as_str)
                .to_owned(),
            comments: interview.comments.clone().unwrap_or_default(),
            csrf_token: String::new(),
        }
    }
}

/// What is wrong with each field.
#[derive(Debug, Default)]
pub struct InterviewErrors {
    held_on: Option<String>,
    primary_reason: Option<String>,
    would_return: Option<String>,
    comments: Option<String>,
}

impl InterviewErrors {
    fn summary(&self) -> Vec<FieldError> {
        [
            ("held_on-day", &self.held_on),
            ("primary_reason", &self.primary_reason),
            ("would_return", &self.would_return),
            ("comments", &self.comments),
        ]
        .into_iter()
        .filter_map(|(field, message)| {
            message.as_ref().map(|message| FieldError {
                field,
                message: message.clone(),
            })
        })
        .collect()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "leavers_interview.html")]
/// The exit interview form.
pub struct InterviewPage {
    page: Page,
    home_href: &'static str,
    name: String,
    left: String,
    action: String,
    errors: Vec<FieldError>,
    error: InterviewErrors,
    form: InterviewForm,
    reasons: Vec<Choice>,
    answers: Vec<Choice>,
    earlier: usize,
}

/// The longest comment kept.
const MAX_COMMENTS: usize = 5000;

/// The worker's latest ended employment's end, as the page says it.
fn left_sentence(workforce: &Workforce, worker: &Worker) -> String {
    workforce
        .employments
        .iter()
        .filter(|e| e.worker_id() == &worker.id)
        .filter_map(|e| e.span().end())
        .max()
        .map_or_else(String::new, |end| format!("Left on {}", long_date(end)))
}

fn interview_page(
    signed_in: &SignedIn,
    workforce: &Workforce,
    worker: &Worker,
    form: InterviewForm,
    error: InterviewErrors,
) -> InterviewPage {
    let reasons = ExitReason::ALL
        .iter()
        .map(|r| Choice::new(r.as_str(), reason_label(*r), &form.primary_reason))
        .collect();
    let answers = vec![
        Choice::new("yes", "Yes", &form.would_return),
        Choice::new("maybe", "Maybe", &form.would_return),
        Choice::new("no", "No", &form.would_return),
        Choice::new("not_known", "Not asked or did not say", &form.would_return),
    ];
    let earlier = workforce
        .exit_interviews
        .iter()
        .filter(|i| i.worker_id == worker.id)
        .count();
    InterviewPage {
        page: Page::for_user(signed_in, SECTION),
        home_href: home_href(signed_in),
        name: full_name(worker),
        left: left_sentence(workforce, worker),
        action: form_href(worker.id.as_str()),
        errors: error.summary(),
        error,
        form,
        reasons,
        answers,
        earlier,
    }
}

/// A leaver the user reaches: a worker of their council, within their reach, with an
/// employment that has ended. Anyone else is not found.
fn find_leaver<'w>(people: &People<'w>, worker_id: &str) -> Option<&'w Worker> {
    let worker = people.find(worker_id)?;
    let has_left = people
        .employments(&worker.id)
        .iter()
        .any(|e| e.span().end().is_some());
    has_left.then_some(worker)
}

/// Records that the user saw a leaver's exit interview (their words).
async fn record_view(
    state: &AppState,
    signed_in: &SignedIn,
    workforce: &Workforce,
    worker: &Worker,
) -> Result<(), WebError> {
    state
        .store
        .record_audit(&[AuditEntry {
            council: workforce.council,
            actor: signed_in.user.email.clone(),
            action: "view exit interview".into(),
            detail: format!("worker {}", worker.id),
        }])
        .await?;
    Ok(())
}

/// `GET /leavers/{worker_id}/exit-interview`: the form, filled in with the leaver's
/// latest interview if they had one; recorded in the audit trail.
pub async fn form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
) -> Result<InterviewPage, WebError> {
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, today());
    let worker = find_leaver(&people, &worker_id).ok_or(WebError::NotFound)?;
    let latest = workforce
        .exit_interviews
        .iter()
        .filter(|i| i.worker_id == worker.id)
        .max_by_key(|i| i.held_on);
    let form = latest.map(InterviewForm::of).unwrap_or_default();
    let page = interview_page(
        &signed_in,
        &workforce,
        worker,
        form,
        InterviewErrors::default(),
    );
    record_view(&state, &signed_in, &workforce, worker).await?;
    Ok(page)
}

/// Checks the form: the interview, or what is wrong with each field.
fn check(
    form: &InterviewForm,
    workforce: &Workforce,
    worker: &Worker,
    today: Date,
) -> Result<ExitInterview, Box<InterviewErrors>> {
    let mut error = InterviewErrors::default();
    let held_on = match date_input("Date of the interview", &form.day, &form.month, &form.year) {
        Ok(Some(date)) if date > today => {
            error.held_on = Some("Date of the interview must be today or in the past".into());
            None
        }
        Ok(Some(date)) => match check_leaver(workforce, &worker.id, date) {
            Ok(_) => Some(date),
            Err(problem) => {
                error.held_on = Some(match problem {
                    exit_interviews::NotALeaver::BeforeStart { started, .. } => format!(
                        "Date of the interview must be on or after {}, when the job they left started",
                        long_date(started)
                    ),
                    other => format!("This interview cannot be recorded: {other}"),
                });
                None
            }
        },
        Ok(None) => {
            error.held_on = Some("Enter the date of the interview".into());
            None
        }
        Err(message) => {
            error.held_on = Some(message);
            None
        }
    };
    let primary_reason = ExitReason::parse(&form.primary_reason)
        .map_err(|_| error.primary_reason = Some("Select the main reason they gave".into()))
        .ok();
    let would_return = match form.would_return.trim() {
        "not_known" | "" => None,
        answer => match WouldReturn::parse(answer) {
            Ok(answer) => Some(answer),
            Err(_) => {
                error.would_return = Some("Select whether they would come back".into());
                None
            }
        },
    };
    let comments = form.comments.trim();
    if comments.chars().count() > MAX_COMMENTS {
        error.comments = Some(format!(
            "What they said must be {MAX_COMMENTS} characters or fewer"
        ));
    }
    match (held_on, primary_reason) {
        (Some(held_on), Some(primary_reason)) if error.summary().is_empty() => Ok(ExitInterview {
            worker_id: worker.id.clone(),
            held_on,
            primary_reason,
            would_return,
            comments: (!comments.is_empty()).then(|| comments.to_owned()),
        }),
        _ => Err(Box::new(error)),
    }
}

/// Writes one exit interview through the import: the one write path of workforce
/// records, with its checks and its audit entry.
pub async fn save_interview(
    state: &AppState,
    actor: &str,
    workforce: &Workforce,
    interview: ExitInterview,
    description: &str,
) -> Result<(), ImportError> {
    let mut one = Workforce::new(workforce.council);
    one.exit_interviews.push(interview);
    let mut upload = Upload::generated(vec![one]);
    upload.files = vec![BulkFile::ExitInterviews];
    let source = ImportSource {
        actor,
        description,
        action: "record exit interview",
        council_names: &[],
    };
    pathway_app::import(state.store.as_ref(), upload, ImportMode::Write, source)
        .await
        .map(|_| ())
}

/// `POST /leavers/{worker_id}/exit-interview`: checks and saves the interview, then
/// goes back to the list; or shows the form again with what was typed and what is
/// wrong.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(worker_id): Path<String>,
    Form(form): Form<InterviewForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let today = today();
    let people = People::new(&workforce, &signed_in.user, today);
    let worker = find_leaver(&people, &worker_id).ok_or(WebError::NotFound)?;
    let interview = match check(&form, &workforce, worker, today) {
        Ok(interview) => interview,
        Err(error) => {
            return Ok(interview_page(&signed_in, &workforce, worker, form, *error).into_response());
        }
    };
    let description = format!("exit interview form for worker {}", worker.id);
    match save_interview(
        &state,
        &signed_in.user.email,
        &workforce,
        interview,
        &description,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "{SECTION}?saved={}",
            people::encode(worker.id.as_str())
        ))
        .into_response()),
        Err(ImportError::Store(error)) => Err(error.into()),
        Err(ImportError::Invalid(problems)) => {
            let error = InterviewErrors {
                held_on: problems
                    .shown()
                    .first()
                    .map(|problem| format!("This interview cannot be saved: {}", problem.message)),
                ..InterviewErrors::default()
            };
            Ok(interview_page(&signed_in, &workforce, worker, form, error).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------
// The analysis

/// One thing a leaver said, without their name.
#[derive(Debug)]
struct CommentView {
    reason: String,
    held_on: String,
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "leavers_analysis.html")]
/// What leavers said.
pub struct AnalysisPage {
    page: Page,
    home_href: &'static str,
    suppressed: bool,
    period: String,
    from_boxes: (String, String, String),
    to_boxes: (String, String, String),
    from_errors: Vec<String>,
    to_errors: Vec<String>,
    leavers: String,
    held: String,
    coverage_rate: String,
    svg: String,
    tables: Vec<TableView>,
    comments: Option<Vec<CommentView>>,
}

/// The period asked for: `?from=&to=` or the boxes.
#[derive(Debug, Default, Deserialize)]
pub struct AnalysisQuery {
    from: Option<String>,
    to: Option<String>,
    #[serde(rename = "from-day", default)]
    from_day: String,
    #[serde(rename = "from-month", default)]
    from_month: String,
    #[serde(rename = "from-year", default)]
    from_year: String,
    #[serde(rename = "to-day", default)]
    to_day: String,
    #[serde(rename = "to-month", default)]
    to_month: String,
    #[serde(rename = "to-year", default)]
    to_year: String,
}

/// The default period: the five census years to the latest 30 September.
pub fn default_period(today: Date) -> (Date, Date) {
    let to = census_date_on_or_before(today);
    let from = exit_interviews::default_from(to);
    (from, to)
}

/// The chart of reasons by year, with the table beside it.
fn reasons_chart(analysis: &Analysis) -> String {
    let table = &analysis.reasons_by_year;
    let chart = Chart {
        id: "chart-exit-reasons".to_owned(),
        title: format!(
            "Interviewed leavers by main reason, {} to {}",
            long_date(analysis.from),
            long_date(analysis.to)
        ),
        description: "Interviewed leavers by the main reason they gave, one bar per census \
             year; the figures, with any held back as c, are in the table that follows."
            .to_owned(),
        categories: table.rows.iter().map(|r| row_label(r)).collect(),
        series: table
            .columns
            .iter()
            .enumerate()
            .map(|(column, year)| {
                Series::new(
                    year.clone(),
                    table
                        .cells
                        .iter()
                        .map(|row| row[column].count().map(|n| n as f64))
                        .collect(),
                )
            })
            .collect(),
        unit: Unit::Number,
        axis_label: "Leavers".to_owned(),
    };
    charts::bar_chart(&chart)
}

/// `GET /leavers/exit-interviews`: the analysis of a period's exit interviews, for the
/// whole council; what leavers said, without names, for those who record interviews
/// (recorded in the audit trail).
pub async fn analysis(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<AnalysisQuery>,
) -> Result<AnalysisPage, WebError> {
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let (default_from, default_to) = default_period(today());
    let mut from_errors = Vec::new();
    let mut to_errors = Vec::new();
    let from = asked_date(
        query.from.as_deref(),
        (&query.from_day, &query.from_month, &query.from_year),
        "From",
    )
    .unwrap_or_else(|message| {
        from_errors.push(message);
        None
    });
    let to = asked_date(
        query.to.as_deref(),
        (&query.to_day, &query.to_month, &query.to_year),
        "To",
    )
    .unwrap_or_else(|message| {
        to_errors.push(message);
        None
    });
    let mut to = to.unwrap_or(default_to);
    let mut from = from.unwrap_or_else(|| exit_interviews::default_from(to));
    if from > to {
        from_errors.push("From must be on or before To".to_owned());
        (from, to) = (default_from, default_to);
    }
    let suppression = Suppression::for_viewer(signed_in.user.role.sees_small_numbers());
    let index = CouncilIndex::new(&workforce);
    let analysis = exit_interviews::analyse(&index, from, to, suppression);
    let tables = vec![
        TableView::of(
            "Leavers with and without an exit interview",
            "Interview",
            &analysis.coverage,
            row_label,
        ),
        TableView::of(
            "Main reason by census year of leaving (October to September)",
            "Main reason",
            &analysis.reasons_by_year,
            row_label,
        ),
        TableView::of(
            "The leaver's last team by main reason",
            "Team",
            &analysis.reasons_by_team,
            row_label,
        ),
        TableView::of(
            "Main reason by length of service",
            "Main reason",
            &analysis.reasons_by_service,
            row_label,
        ),
        TableView::of(
            "Would they come back?",
            "Answer",
            &analysis.would_return,
            row_label,
        ),
    ];
    let comments = if signed_in.user.role.allows(Permission::RecordExitInterviews) {
        let leavers = exit_interviews::leavers(&index, from, to);
        let comments: Vec<CommentView> = leavers
            .iter()
            .filter_map(|leaver| leaver.interview)
            .filter_map(|interview| {
                interview.comments.as_ref().map(|text| CommentView {
                    reason: reason_label(interview.primary_reason),
                    held_on: long_date(interview.held_on),
                    text: text.clone(),
                })
            })
            .collect();
        state
            .store
            .record_audit(&[AuditEntry {
                council: workforce.council,
                actor: signed_in.user.email.clone(),
                action: "view exit interview comments".into(),
                detail: format!("{} comments of leavers from {from} to {to}", comments.len()),
            }])
            .await?;
        Some(comments)
    } else {
        None
    };
    Ok(AnalysisPage {
        page: Page::for_user(&signed_in, SECTION),
        home_href: home_href(&signed_in),
        suppressed: analysis.suppressed,
        period: format!("{} to {}", long_date(from), long_date(to)),
        from_boxes: if from_errors.is_empty() {
            boxes(from)
        } else {
            (query.from_day, query.from_month, query.from_year)
        },
        to_boxes: if to_errors.is_empty() {
            boxes(to)
        } else {
            (query.to_day, query.to_month, query.to_year)
        },
        from_errors,
        to_errors,
        leavers: analysis.coverage.total.to_string(),
        held: analysis.coverage.cells[0][0].to_string(),
        coverage_rate: analysis.coverage_rate.percent(),
        svg: reasons_chart(&analysis),
        tables,
        comments,
    })
}
