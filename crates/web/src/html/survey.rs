//! The staff survey's pages: the surveys by year (opening and closing one, the
//! smallest group shown), a year's results by standard with their bands, groups and
//! year on year, the questionnaire, and importing responses from another tool.
//!
//! Results are seen by anyone who sees figures or answers the survey; a group with
//! fewer respondents than the threshold shows nothing but that it is too small.
//! Answers are stored without the user: the questionnaire's confirmation does not
//! repeat them, and the audit entry says only that someone answered.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{ChangeRequest, SurveyChangeError, change_survey, new_response_id};
use pathway_domain::CouncilCode;
use pathway_domain::access::Permission;
use pathway_domain::ids::TeamId;
use pathway_domain::records::Team;
use pathway_domain::survey::{
    Agreement, EmployerStandard, GroupKind, RoleGroup, STATEMENTS, ServiceBand, Survey,
    SurveyChange, SurveyRecords, SurveyResponse, SurveySettings, band, results, rounded,
    year_on_year,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::academy::{FormFields, SummaryError};
use crate::html::people::{Choice, long_date};
use crate::html::recruitment::today;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};
use crate::survey_results::group_name;
use pathway_reports::charts::{Chart, Series, Unit, bar_chart};

/// The section's address.
pub const HOME_HREF: &str = "/survey";
/// The audit action of every survey change.
pub const CHANGE_ACTION: &str = "survey";

/// Whether the user may see the survey's pages: who sees figures or answers it.
fn sees_survey(signed_in: &SignedIn) -> bool {
    let role = signed_in.user.role;
    role.allows(Permission::SeeFigures) || role.allows(Permission::AnswerSurvey)
}

/// The user's council, its survey records and its teams; 404 for anyone who may
/// not see the survey or has no council.
async fn load(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<(CouncilCode, SurveyRecords, Vec<Team>), WebError> {
    if !sees_survey(signed_in) {
        return Err(WebError::Forbidden);
    }
    let council = signed_in.user.council.ok_or(WebError::NotFound)?;
    let records = state.store.survey(council).await?;
    let teams = state.store.workforce(council).await?.teams;
    Ok((council, records, teams))
}

fn request<'a>(signed_in: &'a SignedIn, description: &'a str) -> ChangeRequest<'a> {
    ChangeRequest {
        actor: &signed_in.user.email,
        action: CHANGE_ACTION,
        description,
    }
}

fn respondent(signed_in: &SignedIn) -> String {
    signed_in.user.id.0.to_string()
}

fn parse_year(text: &str) -> Result<u16, WebError> {
    text.parse::<u16>()
        .ok()
        .filter(|year| (2000..=2100).contains(year))
        .ok_or(WebError::NotFound)
}

fn survey_href(year: u16) -> String {
    format!("{HOME_HREF}/{year}")
}

fn sorted_teams(teams: &[Team]) -> Vec<&Team> {
    let mut sorted: Vec<&Team> = teams.iter().collect();
    sorted.sort_by(|a, b| (a.name.to_lowercase(), &a.id).cmp(&(b.name.to_lowercase(), &b.id)));
    sorted
}

// ---------------------------------------------------------------- the surveys by year

/// A year's line.
#[derive(Debug)]
struct SurveyRow {
    year: u16,
    href: String,
    open: bool,
    dates: String,
    answer_href: Option<String>,
    answered: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "survey_home.html")]
/// The surveys by year.
pub struct HomePage {
    page: Page,
    runs_survey: bool,
    banner: Option<String>,
    errors: Vec<SummaryError>,
    surveys: Vec<SurveyRow>,
    open_year: String,
    open_year_error: Option<String>,
    minimum_group: String,
    minimum_group_error: Option<String>,
}

/// What the page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    done: Option<String>,
}

async fn home_page(
    state: &AppState,
    signed_in: &SignedIn,
    records: &SurveyRecords,
    council: CouncilCode,
) -> Result<HomePage, WebError> {
    let answers = signed_in.user.role.allows(Permission::AnswerSurvey);
    let mut surveys = Vec::new();
    for survey in records.surveys.iter().rev() {
        let answered = answers
            && state
                .store
                .has_answered_survey(council, survey.year, &respondent(signed_in))
                .await?;
        surveys.push(SurveyRow {
            year: survey.year,
            href: survey_href(survey.year),
            open: survey.is_open(),
            dates: match survey.closed_on {
                Some(closed) => format!(
                    "Opened {}, closed {}",
                    long_date(survey.opened_on),
                    long_date(closed)
                ),
                None => format!("Open since {}", long_date(survey.opened_on)),
            },
            answer_href: (answers && survey.is_open() && !answered)
                .then(|| format!("{}/answer", survey_href(survey.year))),
            answered,
        });
    }
    Ok(HomePage {
        page: Page::for_user(signed_in, HOME_HREF),
        runs_survey: signed_in.user.role.allows(Permission::RunSurvey),
        banner: None,
        errors: Vec::new(),
        surveys,
        open_year: today().format("%Y").to_string(),
        open_year_error: None,
        minimum_group: records.settings.minimum_group.to_string(),
        minimum_group_error: None,
    })
}

/// `GET /survey`: the surveys by year, newest first, with the questionnaire's link
/// for who has yet to answer an open one.
pub async fn home(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<HomeQuery>,
) -> Result<HomePage, WebError> {
    let (council, records, _) = load(&state, &signed_in).await?;
    let mut page = home_page(&state, &signed_in, &records, council).await?;
    page.banner = query
        .done
        .filter(|text| ["opened", "closed", "reopened", "settings"].contains(&text.as_str()));
    page.banner = page.banner.map(|done| match done.as_str() {
        "opened" => "Survey opened".to_owned(),
        "closed" => "Survey closed".to_owned(),
        "reopened" => "Survey reopened".to_owned(),
        _ => "Settings saved".to_owned(),
    });
    Ok(page)
}

/// `POST /survey`: opens a year's survey, closes or reopens one, or sets the smallest
/// group shown.
pub async fn change(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let (council, records, _) = load(&state, &signed_in).await?;
    let intent = fields.get("intent");
    let mut page = home_page(&state, &signed_in, &records, council).await?;
    let (change, description, done) = match intent.as_str() {
        "open" => {
            page.open_year = fields.get("year");
            match page.open_year.trim().parse::<u16>() {
                Ok(year) if (2000..=2100).contains(&year) && records.survey(year).is_none() => (
                    SurveyChange::PutSurvey(Survey {
                        year,
                        opened_on: today(),
                        closed_on: None,
                    }),
                    format!("staff survey {year} opened"),
                    "opened",
                ),
                Ok(year) if records.survey(year).is_some() => {
                    page.open_year_error = Some(format!(
                        "There is already a {year} survey: close or reopen it below"
                    ));
                    return Ok(with_error(page, "year", |p| &p.open_year_error));
                }
                _ => {
                    page.open_year_error =
                        Some("Enter the survey's year as 4 digits, such as 2025".to_owned());
                    return Ok(with_error(page, "year", |p| &p.open_year_error));
                }
            }
        }
        "close" | "reopen" => {
            let year = parse_year(&fields.get("year"))?;
            let survey = records.survey(year).ok_or(WebError::NotFound)?;
            let closing = intent == "close";
            let changed = Survey {
                closed_on: closing.then(|| today().max(survey.opened_on)),
                ..survey.clone()
            };
            (
                SurveyChange::PutSurvey(changed),
                format!(
                    "staff survey {year} {}",
                    if closing { "closed" } else { "reopened" }
                ),
                if closing { "closed" } else { "reopened" },
            )
        }
        "settings" => {
            page.minimum_group = fields.get("minimum_group");
            match page.minimum_group.trim().parse::<u32>() {
                Ok(minimum)
                    if (SurveySettings::LOWEST_MINIMUM..=SurveySettings::HIGHEST_MINIMUM)
                        .contains(&minimum) =>
                {
                    (
                        SurveyChange::PutSettings(SurveySettings {
                            minimum_group: minimum,
                        }),
                        format!("staff survey: smallest group shown set to {minimum}"),
                        "settings",
                    )
                }
                _ => {
                    page.minimum_group_error = Some(
                        "Enter a whole number from 5 to 100: fewer than 5 could let readers tell who answered"
                            .to_owned(),
                    );
                    return Ok(with_error(page, "minimum_group", |p| {
                        &p.minimum_group_error
                    }));
                }
            }
        }
        _ => return Err(WebError::NotFound),
    };
    match change_survey(
        state.store.as_ref(),
        council,
        request(&signed_in, &description),
        vec![change],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{HOME_HREF}?done={done}")).into_response()),
        Err(SurveyChangeError::Store(error)) => Err(error.into()),
        Err(other) => {
            page.open_year_error = Some(other.to_string());
            Ok(with_error(page, "year", |p| &p.open_year_error))
        }
    }
}

fn with_error(
    mut page: HomePage,
    field: &str,
    message: impl Fn(&HomePage) -> &Option<String>,
) -> Response {
    if let Some(text) = message(&page).clone() {
        page.errors.push(SummaryError {
            field: field.to_owned(),
            message: text,
        });
    }
    page.into_response()
}

// ---------------------------------------------------------------- a year's results

/// A standard's line of the whole council's results.
#[derive(Debug)]
struct StandardRow {
    name: String,
    score: String,
    band: &'static str,
    band_class: &'static str,
}

/// A group's line of a breakdown.
#[derive(Debug)]
struct GroupRow {
    name: String,
    shown: bool,
    respondents: usize,
    scores: Vec<String>,
}

/// A breakdown's table.
#[derive(Debug)]
struct BreakdownTable {
    id: &'static str,
    heading: &'static str,
    rows: Vec<GroupRow>,
}

/// A standard this year against last.
#[derive(Debug)]
struct YearRow {
    name: String,
    last_year: String,
    this_year: String,
    change: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "survey_results.html")]
/// A year's results.
pub struct ResultsPage {
    page: Page,
    year: u16,
    last_year: u16,
    open: bool,
    dates: String,
    minimum_group: u32,
    council_shown: bool,
    respondents: usize,
    standards: Vec<StandardRow>,
    chart: String,
    short_names: Vec<&'static str>,
    breakdowns: Vec<BreakdownTable>,
    years: Vec<YearRow>,
    has_last_year: bool,
    answer_href: Option<String>,
    import_href: Option<String>,
}

/// A standard's name short enough for a chart's axis and a table's column.
pub fn short_name(standard: EmployerStandard) -> &'static str {
    match standard {
        EmployerStandard::ClearFramework => "Framework",
        EmployerStandard::WorkforcePlanning => "Planning",
        EmployerStandard::SafeWorkloads => "Workloads",
        EmployerStandard::Wellbeing => "Wellbeing",
        EmployerStandard::Supervision => "Supervision",
        EmployerStandard::ProfessionalDevelopment => "Development",
        EmployerStandard::ProfessionalRegistration => "Registration",
        EmployerStandard::Partnerships => "Partnerships",
    }
}

fn score_text(score: Option<f64>) -> String {
    score.map_or_else(
        || "No answers".to_owned(),
        |score| rounded(score).to_string(),
    )
}

/// `GET /survey/{year}`: the year's results by standard with their bands and chart,
/// by group, and against last year; groups too small show only that they are.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(year): Path<String>,
) -> Result<ResultsPage, WebError> {
    let (council, records, teams) = load(&state, &signed_in).await?;
    let year = parse_year(&year)?;
    let survey = records.survey(year).ok_or(WebError::NotFound)?;
    let shown = results(&records, year);
    let (council_shown, respondents, standards) = match shown.council.shown() {
        Some(scores) => (
            true,
            scores.respondents,
            EmployerStandard::ALL
                .iter()
                .zip(&scores.scores)
                .map(|(standard, score)| {
                    let band = score.map(band);
                    StandardRow {
                        name: standard.label().to_owned(),
                        score: score_text(*score),
                        band: band.map_or("", |b| b.label()),
                        band_class: match band {
                            Some(pathway_domain::survey::Band::High) => "govuk-tag--green",
                            Some(pathway_domain::survey::Band::Moderate) => "govuk-tag--yellow",
                            Some(pathway_domain::survey::Band::Low) => "govuk-tag--red",
                            None => "govuk-tag--grey",
                        },
                    }
                })
                .collect(),
        ),
        None => (false, 0, Vec::new()),
    };
    let comparison = year_on_year(&records, year);
    let has_last_year = comparison.iter().any(|row| row.last_year.is_some());
    let chart = if council_shown {
        let mut series = vec![Series::new(
            year.to_string(),
            comparison.iter().map(|row| row.this_year).collect(),
        )];
        if has_last_year {
            series.push(Series::new(
                (year - 1).to_string(),
                comparison.iter().map(|row| row.last_year).collect(),
            ));
        }
        bar_chart(&Chart {
            id: format!("survey-{year}"),
            title: format!("Scores by employer standard, {year}"),
            description: "Each standard's score from 0 to 100 for the whole council; the same figures are in the table below.".to_owned(),
            categories: EmployerStandard::ALL
                .iter()
                .map(|standard| short_name(*standard).to_owned())
                .collect(),
            series,
            unit: Unit::Number,
            axis_label: "Score".to_owned(),
        })
    } else {
        String::new()
    };
    let breakdowns = shown
        .breakdowns
        .iter()
        .map(|breakdown| BreakdownTable {
            id: breakdown.kind.as_str(),
            heading: breakdown.kind.label(),
            rows: breakdown
                .rows
                .iter()
                .map(|row| {
                    let name = group_name(breakdown.kind, &row.key, &teams);
                    match row.result.shown() {
                        Some(scores) => GroupRow {
                            name,
                            shown: true,
                            respondents: scores.respondents,
                            scores: scores.scores.iter().map(|s| score_text(*s)).collect(),
                        },
                        None => GroupRow {
                            name,
                            shown: false,
                            respondents: 0,
                            scores: Vec::new(),
                        },
                    }
                })
                .collect(),
        })
        .filter(|table| !(table.id == GroupKind::Team.as_str() && table.rows.is_empty()))
        .collect();
    let text = |score: Option<f64>| {
        score.map_or_else(|| "Not shown".to_owned(), |s| rounded(s).to_string())
    };
    let years = comparison
        .iter()
        .map(|row| YearRow {
            name: row.standard.label().to_owned(),
            last_year: text(row.last_year),
            this_year: text(row.this_year),
            change: row.change.map_or_else(
                || "Not available".to_owned(),
                |change| match change {
                    0 => "No change".to_owned(),
                    up if up > 0 => format!("Up {up}"),
                    down => format!("Down {}", -down),
                },
            ),
        })
        .collect();
    let answers = signed_in.user.role.allows(Permission::AnswerSurvey)
        && survey.is_open()
        && !state
            .store
            .has_answered_survey(council, year, &respondent(&signed_in))
            .await?;
    Ok(ResultsPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        year,
        last_year: year - 1,
        open: survey.is_open(),
        dates: match survey.closed_on {
            Some(closed) => format!(
                "Opened {}, closed {}.",
                long_date(survey.opened_on),
                long_date(closed)
            ),
            None => format!(
                "Open since {}: results may change.",
                long_date(survey.opened_on)
            ),
        },
        minimum_group: shown.minimum_group,
        council_shown,
        respondents,
        standards,
        chart,
        short_names: EmployerStandard::ALL
            .iter()
            .map(|s| short_name(*s))
            .collect(),
        breakdowns,
        years,
        has_last_year,
        answer_href: answers.then(|| format!("{}/answer", survey_href(year))),
        import_href: signed_in
            .user
            .role
            .allows(Permission::RunSurvey)
            .then(|| format!("{}/import", survey_href(year))),
    })
}

// ---------------------------------------------------------------- the questionnaire

/// A statement's question.
#[derive(Debug)]
struct Question {
    code: &'static str,
    text: &'static str,
    choices: Vec<Choice>,
}

/// A standard's questions.
#[derive(Debug)]
struct QuestionGroup {
    heading: &'static str,
    questions: Vec<Question>,
}

#[derive(Template, WebTemplate)]
#[template(path = "survey_answer.html")]
/// The questionnaire, or why it cannot be answered.
pub struct AnswerPage {
    page: Page,
    year: u16,
    state: &'static str,
    errors: Vec<SummaryError>,
    action: String,
    teams: Vec<Choice>,
    role_groups: Vec<Choice>,
    services: Vec<Choice>,
    groups: Vec<QuestionGroup>,
    answers_error: Option<String>,
    /// No error, for the optional questions.
    no_error: Option<String>,
}

fn answer_page(
    signed_in: &SignedIn,
    year: u16,
    state: &'static str,
    teams: &[Team],
    fields: &FormFields,
) -> AnswerPage {
    let team = fields.get("team");
    let role_group = fields.get("role_group");
    let service = fields.get("length_of_service");
    let not_said = "Prefer not to say";
    AnswerPage {
        page: Page::for_user(signed_in, HOME_HREF),
        year,
        state,
        errors: Vec::new(),
        action: format!("{}/answer", survey_href(year)),
        teams: std::iter::once(Choice::new("", not_said, &team))
            .chain(
                sorted_teams(teams)
                    .into_iter()
                    .map(|t| Choice::new(t.id.as_str(), t.name.clone(), &team)),
            )
            .collect(),
        role_groups: RoleGroup::ALL
            .iter()
            .map(|g| Choice::new(g.as_str(), g.label(), &role_group))
            .chain(std::iter::once(Choice::new("", not_said, &role_group)))
            .collect(),
        services: ServiceBand::ALL
            .iter()
            .map(|b| Choice::new(b.as_str(), b.label(), &service))
            .chain(std::iter::once(Choice::new("", not_said, &service)))
            .collect(),
        groups: EmployerStandard::ALL
            .iter()
            .map(|standard| QuestionGroup {
                heading: standard.label(),
                questions: STATEMENTS
                    .iter()
                    .filter(|s| s.standard == *standard)
                    .map(|s| {
                        let current = fields.get(s.code);
                        Question {
                            code: s.code,
                            text: s.text,
                            choices: Agreement::ALL
                                .iter()
                                .map(|a| Choice::new(a.as_str(), a.label(), &current))
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
        answers_error: None,
        no_error: None,
    }
}

/// What the questionnaire's address may say after answering.
#[derive(Debug, Deserialize)]
pub struct AnswerQuery {
    done: Option<String>,
}

/// `GET /survey/{year}/answer`: the questionnaire, once per person while the survey
/// is open.
pub async fn answer_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(year): Path<String>,
    Query(query): Query<AnswerQuery>,
) -> Result<AnswerPage, WebError> {
    let (council, records, teams) = load(&state, &signed_in).await?;
    let year = parse_year(&year)?;
    let survey = records.survey(year).ok_or(WebError::NotFound)?;
    let answered = state
        .store
        .has_answered_survey(council, year, &respondent(&signed_in))
        .await?;
    let page_state = if answered && query.done.is_some() {
        "thanks"
    } else if answered {
        "answered"
    } else if !survey.is_open() {
        "closed"
    } else {
        "open"
    };
    Ok(answer_page(
        &signed_in,
        year,
        page_state,
        &teams,
        &FormFields::default(),
    ))
}

/// `POST /survey/{year}/answer`: records the answers anonymously and that this
/// person has answered, in one change; a second answer is refused.
pub async fn answer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(year): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let (council, records, teams) = load(&state, &signed_in).await?;
    let year = parse_year(&year)?;
    let survey = records.survey(year).ok_or(WebError::NotFound)?;
    if !survey.is_open() {
        return Ok(
            answer_page(&signed_in, year, "closed", &teams, &FormFields::default()).into_response(),
        );
    }
    let mut answers = std::collections::BTreeMap::new();
    for statement in STATEMENTS {
        if let Ok(answer) = Agreement::parse(&fields.get(statement.code)) {
            answers.insert(statement.code.to_owned(), answer);
        }
    }
    let team_id = TeamId::parse(&fields.get("team"))
        .ok()
        .filter(|team| teams.iter().any(|t| &t.id == team));
    let response = SurveyResponse {
        id: new_response_id(),
        year,
        team_id,
        role_group: RoleGroup::parse(&fields.get("role_group")).ok(),
        service: ServiceBand::parse(&fields.get("length_of_service")).ok(),
        answers,
    };
    if response.answers.is_empty() {
        let mut page = answer_page(&signed_in, year, "open", &teams, &fields);
        let message = "Answer at least one statement".to_owned();
        page.errors.push(SummaryError {
            field: STATEMENTS[0].code.to_owned(),
            message: message.clone(),
        });
        page.answers_error = Some(message);
        return Ok(page.into_response());
    }
    let description = format!("answered the {year} staff survey");
    match change_survey(
        state.store.as_ref(),
        council,
        request(&signed_in, &description),
        vec![
            SurveyChange::RecordRespondent {
                year,
                respondent: respondent(&signed_in),
            },
            SurveyChange::AddResponse(response),
        ],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}/answer?done=1", survey_href(year))).into_response()),
        Err(SurveyChangeError::AlreadyAnswered(_)) => {
            Ok(
                answer_page(&signed_in, year, "answered", &teams, &FormFields::default())
                    .into_response(),
            )
        }
        Err(SurveyChangeError::Store(error)) => Err(error.into()),
        Err(SurveyChangeError::Refused(_, reason)) => Err(WebError::Internal(reason.to_string())),
    }
}

// ---------------------------------------------------------------- importing responses

#[derive(Template, WebTemplate)]
#[template(path = "survey_import.html")]
/// The form to upload responses, and what the last upload gave.
pub struct ImportPage {
    page: Page,
    year: u16,
    action: String,
    problems: Vec<String>,
    more_problems: usize,
    imported: Option<usize>,
    error: Option<String>,
}

/// The most problems a page lists.
const SHOWN_PROBLEMS: usize = 200;

/// What the import page's address may say after an import.
#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    imported: Option<usize>,
}

/// `GET /survey/{year}/import`: the upload form.
pub async fn import_form(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(year): Path<String>,
    Query(query): Query<ImportQuery>,
) -> Result<ImportPage, WebError> {
    let (_, records, _) = load(&state, &signed_in).await?;
    let year = parse_year(&year)?;
    records.survey(year).ok_or(WebError::NotFound)?;
    Ok(ImportPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        year,
        action: format!("{}/import", survey_href(year)),
        problems: Vec::new(),
        more_problems: 0,
        imported: query.imported,
        error: None,
    })
}

/// Reads the upload's token and file; the token is checked before the file is read.
async fn receive(
    signed_in: &SignedIn,
    mut multipart: Multipart,
) -> Result<Option<(String, Vec<u8>)>, WebError> {
    let mut token = String::new();
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| WebError::Forbidden)?
    {
        match field.name() {
            Some("csrf_token") => token = field.text().await.map_err(|_| WebError::Forbidden)?,
            Some("file") => {
                check_form_token(signed_in, &token)?;
                let name = field
                    .file_name()
                    .map_or_else(|| "responses.csv".to_owned(), str::to_owned);
                let bytes = field.bytes().await.map_err(|_| WebError::Forbidden)?;
                if !bytes.is_empty() {
                    file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    check_form_token(signed_in, &token)?;
    Ok(file)
}

/// Checks and adds a file's responses to a year's survey, all or nothing.
pub(crate) async fn import_responses(
    state: &AppState,
    council: CouncilCode,
    actor: &str,
    year: u16,
    file_name: &str,
    bytes: &[u8],
) -> Result<Result<usize, Vec<String>>, WebError> {
    let teams: Vec<TeamId> = state
        .store
        .workforce(council)
        .await?
        .teams
        .into_iter()
        .map(|team| team.id)
        .collect();
    let responses =
        match pathway_bulk::survey::read_responses(file_name, bytes, year, &teams, new_response_id)
        {
            Ok(responses) => responses,
            Err(problems) => {
                return Ok(Err(problems.iter().map(ToString::to_string).collect()));
            }
        };
    let count = responses.len();
    let description = format!("staff survey {year}: {count} responses imported from {file_name}");
    let mut changes: Vec<SurveyChange> = Vec::new();
    // The header is row 1; a survey created first takes the place of one change.
    let mut first_row = 1;
    if state.store.survey(council).await?.survey(year).is_none() {
        changes.push(SurveyChange::PutSurvey(
            crate::survey_results::held_elsewhere(year),
        ));
        first_row = 0;
    }
    changes.extend(responses.into_iter().map(SurveyChange::AddResponse));
    match change_survey(
        state.store.as_ref(),
        council,
        ChangeRequest {
            actor,
            action: CHANGE_ACTION,
            description: &description,
        },
        changes,
    )
    .await
    {
        Ok(_) => Ok(Ok(count)),
        Err(SurveyChangeError::Refused(index, reason)) => Ok(Err(vec![format!(
            "{file_name}:{}: {reason}",
            index + first_row
        )])),
        Err(SurveyChangeError::AlreadyAnswered(_)) => {
            Ok(Err(vec![format!("{file_name}: refused")]))
        }
        Err(SurveyChangeError::Store(error)) => Err(error.into()),
    }
}

/// `POST /survey/{year}/import`: imports the uploaded CSV's responses, all or
/// nothing; every problem is listed as file:row:column.
pub async fn import(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(year): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let received = receive(&signed_in, multipart).await?;
    let (council, records, _) = load(&state, &signed_in).await?;
    let year = parse_year(&year)?;
    records.survey(year).ok_or(WebError::NotFound)?;
    let mut page = ImportPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        year,
        action: format!("{}/import", survey_href(year)),
        problems: Vec::new(),
        more_problems: 0,
        imported: None,
        error: None,
    };
    let Some((name, bytes)) = received else {
        page.error = Some("Choose a CSV file of responses".to_owned());
        return Ok(page.into_response());
    };
    match import_responses(&state, council, &signed_in.user.email, year, &name, &bytes).await? {
        Ok(count) => Ok(
            Redirect::to(&format!("{}/import?imported={count}", survey_href(year))).into_response(),
        ),
        Err(problems) => {
            page.error = Some(format!(
                "The file has {} problem{}: nothing was imported",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            ));
            page.more_problems = problems.len().saturating_sub(SHOWN_PROBLEMS);
            page.problems = problems.into_iter().take(SHOWN_PROBLEMS).collect();
            Ok(page.into_response())
        }
    }
}
