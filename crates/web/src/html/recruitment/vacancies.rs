//! The vacancy board and each vacancy: the board shows every vacancy by stage, as a
//! card with a "Move to" form, usable without JavaScript; a vacancy's page shows its
//! whole stage history (who moved it and when, days in each stage) and days to fill;
//! new vacancies are added for a post of the establishment.
//!
//! Every move is one `change_recruitment` call: the vacancy record with its new
//! stage (closed on the move's day when filled or withdrawn) and the entry of its
//! history. A closed vacancy is never reopened: its history and days to fill stay
//! true, and a post that needs recruiting again gets a new vacancy.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::{Store, StoreError, change_recruitment};
use pathway_domain::codes::VacancyStage;
use pathway_domain::ids::{PostId, TeamId, VacancyId};
use pathway_domain::records::Vacancy;
use pathway_domain::recruitment::pipeline::{
    Move, MoveError, days_in_stage, days_to_fill, filled_on, move_vacancy, stage_since, timeline,
};
use pathway_domain::recruitment::{Recruitment, RecruitmentChange, StageChange, VacancyPost};
use pathway_domain::values::{Date, Span};
use pathway_domain::{CouncilCode, Workforce};
use serde::Deserialize;

use super::home::fte_text;
use super::posts::next_id;
use super::{
    FormFields, HOME_HREF, Loaded, RecruitmentReach, SummaryError, VACANCIES_HREF, days_text, load,
    post_href, post_of, refusal, refusal_messages, request, stage_closes, stage_label,
    team_choices, team_name, today, vacancy_href, vacancy_stage_href,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::{Choice, encode, long_date, role_label};
use crate::html::person::home_href;
use crate::page::{Page, date_input};
use crate::session::{SignedIn, check_form_token};

/// How long filled and withdrawn vacancies stay on the board.
const CLOSED_SHOWN_DAYS: i64 = 90;

/// A move's refusal in words for the page.
pub fn move_message(error: &MoveError) -> String {
    match error {
        MoveError::Closed {
            vacancy,
            stage,
            closed_on,
        } => format!(
            "Vacancy {vacancy} closed on {} ({}): it cannot move again. To recruit to its post again, add a new vacancy",
            long_date(*closed_on),
            stage_label(*stage).to_lowercase()
        ),
        MoveError::SameStage { vacancy, stage } => format!(
            "Vacancy {vacancy} is already at {}: choose another stage",
            stage_label(*stage).to_lowercase()
        ),
        MoveError::BeforeOpening { opened_on } => format!(
            "The date of the move must be on or after the day the vacancy opened, {}",
            long_date(*opened_on)
        ),
        MoveError::BeforeLastMove { last } => format!(
            "The date of the move must be on or after its last move, on {}",
            long_date(*last)
        ),
        MoveError::InFuture => "The date of the move must be today or in the past".to_owned(),
    }
}

/// Moves a vacancy to `stage` on `on`, as `actor`: the checked move written in one
/// `change_recruitment` call, or why it was refused.
pub async fn record_move(
    store: &dyn Store,
    council: CouncilCode,
    actor: &str,
    vacancy: &Vacancy,
    recruitment: &Recruitment,
    stage: VacancyStage,
    on: Date,
) -> Result<Result<Move, Vec<String>>, StoreError> {
    let moved = match move_vacancy(vacancy, recruitment, stage, on, actor, today()) {
        Ok(moved) => moved,
        Err(error) => return Ok(Err(vec![move_message(&error)])),
    };
    let mut records = Workforce::new(council);
    records.vacancies.push(moved.vacancy.clone());
    let description = format!(
        "vacancy {} moved to {} on {}",
        vacancy.id,
        stage.as_str(),
        on
    );
    match change_recruitment(
        store,
        council,
        pathway_app::RecruitmentRequest {
            actor,
            action: super::CHANGE_ACTION,
            description: &description,
        },
        Some(records),
        vec![RecruitmentChange::PutStageChange(moved.change.clone())],
    )
    .await
    {
        Ok(_) => Ok(Ok(moved)),
        Err(error) => refusal_messages(error).map(Err),
    }
}

/// The stages a vacancy can move to from `current`, as a select's choices.
fn move_choices(current: VacancyStage, chosen: &str) -> Vec<Choice> {
    VacancyStage::ALL
        .iter()
        .filter(|stage| **stage != current)
        .map(|stage| Choice::new(stage.as_str(), stage_label(*stage), chosen))
        .collect()
}

// ---------------------------------------------------------------- the board

/// A vacancy's card on the board.
#[derive(Debug)]
struct Card {
    /// Unique on the page, for the form's ids.
    key: String,
    id: String,
    href: String,
    team: String,
    role: String,
    fte: String,
    post: Option<String>,
    /// `12 days in this stage` or `Filled on 13 May 2024`.
    timing: String,
    agency: bool,
    /// Where the "Move to" form posts; `None` when the user may not move it or it
    /// is closed.
    move_action: Option<String>,
    stages: Vec<Choice>,
}

/// A column of the board.
#[derive(Debug)]
struct Column {
    key: &'static str,
    label: &'static str,
    cards: Vec<Card>,
    fte: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_board.html")]
/// The vacancy board.
pub struct BoardPage {
    page: Page,
    home_href: &'static str,
    whole_council: bool,
    runs_recruitment: bool,
    teams: Vec<Choice>,
    all_closed: bool,
    closed_days: i64,
    filter_team: String,
    columns: Vec<Column>,
    shown: usize,
    banner: Option<String>,
}

/// What the board's address may say: a team to show, whether to show every closed
/// vacancy, and the move just made.
#[derive(Debug, Deserialize)]
pub struct BoardQuery {
    team: Option<String>,
    closed: Option<String>,
    moved: Option<String>,
    stage: Option<String>,
}

/// `GET /recruitment/vacancies`: every vacancy the user reaches by stage (filled and
/// withdrawn ones for 90 days after they close, or all of them on request), each
/// with a "Move to" form for those who run recruitment.
pub async fn board(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<BoardQuery>,
) -> Result<BoardPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let workforce = &loaded.workforce;
    let filter_team = query.team.clone().unwrap_or_default();
    let wanted: Option<TeamId> = TeamId::parse(&filter_team)
        .ok()
        .filter(|team| reach.may_see_team(Some(team)));
    let all_closed = query.closed.as_deref() == Some("all");
    let mut vacancies: Vec<&Vacancy> = reach
        .vacancies(workforce)
        .into_iter()
        .filter(|v| wanted.is_none() || v.team_id == wanted)
        .filter(|v| {
            v.open.end().is_none_or(|closed| {
                closed > today || all_closed || (today - closed).num_days() <= CLOSED_SHOWN_DAYS
            })
        })
        .collect();
    vacancies.sort_by(|a, b| (a.open.start(), &a.id).cmp(&(b.open.start(), &b.id)));
    let mut columns: Vec<Column> = VacancyStage::ALL
        .iter()
        .map(|stage| Column {
            key: stage.as_str(),
            label: stage_label(*stage),
            cards: Vec::new(),
            fte: String::new(),
        })
        .collect();
    let mut totals = vec![0.0; columns.len()];
    for (index, vacancy) in vacancies.iter().enumerate() {
        let history = loaded.recruitment.history_of(&vacancy.id);
        let column = VacancyStage::ALL
            .iter()
            .position(|stage| *stage == vacancy.stage)
            .unwrap_or(0);
        totals[column] += vacancy.fte.value();
        let timing = match (vacancy.open.end(), filled_on(vacancy, &history)) {
            (Some(_), Some(filled)) => format!("Filled on {}", long_date(filled)),
            (Some(closed), None) => format!("Closed on {}", long_date(closed)),
            (None, _) => format!(
                "{} in this stage",
                days_text(days_in_stage(vacancy, &history, today))
            ),
        };
        let movable = reach.runs_recruitment && vacancy.open.end().is_none();
        columns[column].cards.push(Card {
            key: format!("v{}", index + 1),
            id: vacancy.id.to_string(),
            href: vacancy_href(&vacancy.id),
            team: team_name(workforce, vacancy.team_id.as_ref()),
            role: role_label(vacancy.role),
            fte: vacancy.fte.to_string(),
            post: post_of(&loaded.recruitment, &vacancy.id).map(|post| post.title.clone()),
            timing,
            agency: vacancy.covered_by_agency == Some(true),
            move_action: movable.then(|| vacancy_stage_href(&vacancy.id)),
            stages: move_choices(vacancy.stage, next_stage(vacancy.stage).as_str()),
        });
    }
    for (column, total) in columns.iter_mut().zip(totals) {
        column.fte = format!("{total:.1}");
    }
    let banner = match (&query.moved, &query.stage) {
        (Some(id), Some(stage)) => VacancyStage::parse(stage).ok().map(|stage| {
            format!(
                "Vacancy {id} moved to {}",
                stage_label(stage).to_lowercase()
            )
        }),
        _ => None,
    };
    Ok(BoardPage {
        page: Page::for_user(&signed_in, HOME_HREF),
        home_href: home_href(&signed_in),
        whole_council: reach.whole_council(),
        runs_recruitment: reach.runs_recruitment,
        teams: team_choices(workforce, &reach, &filter_team, Some("All teams")),
        all_closed,
        closed_days: CLOSED_SHOWN_DAYS,
        filter_team,
        shown: vacancies.len(),
        columns,
        banner,
    })
}

/// The stage a vacancy usually moves to next, chosen first in its "Move to" form.
fn next_stage(stage: VacancyStage) -> VacancyStage {
    match stage {
        VacancyStage::NotRecruiting => VacancyStage::Advertised,
        VacancyStage::Advertised => VacancyStage::Shortlisting,
        VacancyStage::Shortlisting => VacancyStage::Interview,
        VacancyStage::Interview => VacancyStage::Offer,
        VacancyStage::Offer => VacancyStage::PreEmploymentChecks,
        VacancyStage::PreEmploymentChecks | VacancyStage::Filled => VacancyStage::Filled,
        VacancyStage::Withdrawn => VacancyStage::Withdrawn,
    }
}

// ---------------------------------------------------------------- a vacancy's page

/// One spell of the vacancy's history.
#[derive(Debug)]
struct SpellRow {
    stage: String,
    from: String,
    to: String,
    days: String,
    by: String,
}

/// The "Move to" form of a vacancy's page, as typed.
#[derive(Debug, Clone, Default)]
struct MoveForm {
    stage: String,
    day: String,
    month: String,
    year: String,
    stage_error: Option<String>,
    date_errors: Vec<String>,
}

impl MoveForm {
    fn today(stage: VacancyStage) -> Self {
        let today = today();
        Self {
            stage: next_stage(stage).as_str().to_owned(),
            day: today.format("%-d").to_string(),
            month: today.format("%-m").to_string(),
            year: today.format("%Y").to_string(),
            ..Self::default()
        }
    }
}

/// The details form of a vacancy's page, as typed.
#[derive(Debug, Clone, Default)]
struct DetailsForm {
    post: String,
    agency: String,
    post_error: Option<String>,
    agency_error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_vacancy.html")]
/// A vacancy's page.
pub struct VacancyPage {
    page: Page,
    home_href: &'static str,
    id: String,
    banner: Option<String>,
    errors: Vec<SummaryError>,
    details: Vec<(&'static str, String)>,
    post_link: Option<(String, String)>,
    closed: Option<String>,
    new_vacancy_href: String,
    spells: Vec<SpellRow>,
    days_to_fill: Option<String>,
    runs_recruitment: bool,
    move_action: String,
    move_form: MoveForm,
    stages: Vec<Choice>,
    details_action: String,
    details_form: DetailsForm,
    posts: Vec<Choice>,
    agency: Vec<Choice>,
}

/// What a vacancy page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct VacancyQuery {
    moved: Option<String>,
    saved: Option<String>,
    added: Option<String>,
}

fn agency_value(covered: Option<bool>) -> &'static str {
    match covered {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

fn vacancy_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    reach: &RecruitmentReach,
    vacancy: &Vacancy,
    move_form: MoveForm,
    details_form: DetailsForm,
) -> VacancyPage {
    let workforce = &loaded.workforce;
    let today = today();
    let history = loaded.recruitment.history_of(&vacancy.id);
    let spells = timeline(vacancy, &history)
        .into_iter()
        .map(|spell| {
            let closing = spell.stage.is_some_and(stage_closes);
            SpellRow {
                stage: spell.stage.map_or("Not recorded", stage_label).to_owned(),
                from: long_date(spell.from),
                to: match spell.to {
                    Some(to) => long_date(to),
                    None if closing => "Closed".to_owned(),
                    None => "Now".to_owned(),
                },
                days: if closing && spell.to.is_none() {
                    String::new()
                } else {
                    days_text(spell.days(today))
                },
                by: spell.by.unwrap_or_else(|| "Not recorded".to_owned()),
            }
        })
        .collect();
    let post = post_of(&loaded.recruitment, &vacancy.id);
    let mut details = vec![
        ("Team", team_name(workforce, vacancy.team_id.as_ref())),
        ("Role", role_label(vacancy.role)),
        ("FTE", fte_text(vacancy.fte.value())),
        ("Opened", long_date(vacancy.open.start())),
        ("Stage", stage_label(vacancy.stage).to_owned()),
    ];
    match vacancy.open.end() {
        Some(closed) => details.push(("Closed", long_date(closed))),
        None => details.push((
            "In this stage",
            format!(
                "{} (since {})",
                days_text(days_in_stage(vacancy, &history, today)),
                long_date(stage_since(vacancy, &history))
            ),
        )),
    }
    details.push((
        "Covered by an agency worker",
        match vacancy.covered_by_agency {
            Some(true) => "Yes",
            Some(false) => "No",
            None => "Not known",
        }
        .to_owned(),
    ));
    let days_to_fill = days_to_fill(vacancy, &history).map(days_text);
    if let Some(days) = &days_to_fill {
        details.push(("Days to fill", days.clone()));
    }
    let closed = vacancy.open.end().map(|closed| {
        format!(
            "This vacancy closed on {} ({}). A closed vacancy does not move again, so its history and days to fill stay as they were.",
            long_date(closed),
            stage_label(vacancy.stage).to_lowercase()
        )
    });
    let mut errors = Vec::new();
    if let Some(message) = &move_form.stage_error {
        errors.push(SummaryError {
            // A closed vacancy has no move form: the summary links to why.
            field: if closed.is_some() { "closed" } else { "stage" }.to_owned(),
            message: message.clone(),
        });
    }
    for message in &move_form.date_errors {
        errors.push(SummaryError {
            field: "moved-on".to_owned(),
            message: message.clone(),
        });
    }
    for (field, error) in [
        ("post", &details_form.post_error),
        ("covered_by_agency", &details_form.agency_error),
    ] {
        if let Some(message) = error {
            errors.push(SummaryError {
                field: field.to_owned(),
                message: message.clone(),
            });
        }
    }
    let mut posts: Vec<Choice> = Vec::new();
    if post.is_none() {
        posts.push(Choice::new("", "Not linked to a post", &details_form.post));
    }
    let mut reached = reach.posts(&loaded.recruitment);
    reached.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
    posts.extend(reached.into_iter().map(|p| {
        Choice::new(
            p.id.as_str(),
            format!("{} ({})", p.title, p.id),
            &details_form.post,
        )
    }));
    VacancyPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        id: vacancy.id.to_string(),
        banner: None,
        errors,
        details,
        post_link: post.map(|post| (post_href(&post.id), format!("{} ({})", post.title, post.id))),
        closed,
        new_vacancy_href: match post {
            Some(post) => format!("{VACANCIES_HREF}/new?post={}", encode(post.id.as_str())),
            None => format!("{VACANCIES_HREF}/new"),
        },
        spells,
        days_to_fill,
        runs_recruitment: reach.runs_recruitment,
        move_action: vacancy_stage_href(&vacancy.id),
        stages: move_choices(vacancy.stage, &move_form.stage),
        move_form,
        details_action: vacancy_href(&vacancy.id),
        agency: ["yes", "no", "unknown"]
            .into_iter()
            .zip(["Yes", "No", "Not known"])
            .map(|(value, label)| Choice::new(value, label, &details_form.agency))
            .collect(),
        details_form,
        posts,
    }
}

fn details_form_of(loaded: &Loaded, vacancy: &Vacancy) -> DetailsForm {
    DetailsForm {
        post: post_of(&loaded.recruitment, &vacancy.id)
            .map(|post| post.id.to_string())
            .unwrap_or_default(),
        agency: agency_value(vacancy.covered_by_agency).to_owned(),
        ..DetailsForm::default()
    }
}

/// `GET /recruitment/vacancies/{vacancy_id}`: the vacancy, its stage history with who
/// moved it and when, days in each stage and to fill, and its forms.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(vacancy_id): Path<String>,
    Query(query): Query<VacancyQuery>,
) -> Result<VacancyPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let vacancy = reach.find_vacancy(&loaded.workforce, &vacancy_id)?;
    let mut page = vacancy_page(
        &signed_in,
        &loaded,
        &reach,
        vacancy,
        MoveForm::today(vacancy.stage),
        details_form_of(&loaded, vacancy),
    );
    page.banner = match (query.moved, query.saved, query.added) {
        (Some(stage), _, _) => VacancyStage::parse(&stage)
            .ok()
            .map(|stage| format!("Moved to {}", stage_label(stage).to_lowercase())),
        (None, Some(_), _) => Some("Vacancy changed".to_owned()),
        (None, None, Some(_)) => Some("Vacancy added".to_owned()),
        (None, None, None) => None,
    };
    Ok(page)
}

/// `POST /recruitment/vacancies/{vacancy_id}/stage`: moves the vacancy to the stage
/// chosen, on the date given (today from the board). Back to the board or the
/// vacancy's page, whichever it came from; a refused move is shown on the vacancy's
/// page with what was chosen.
pub async fn move_stage(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(vacancy_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let vacancy = reach.find_vacancy(&loaded.workforce, &vacancy_id)?;
    let from_board = fields.get("from") == "board";
    let mut form = MoveForm {
        stage: fields.get("stage"),
        day: fields.get("moved-on-day"),
        month: fields.get("moved-on-month"),
        year: fields.get("moved-on-year"),
        ..MoveForm::default()
    };
    let stage = VacancyStage::parse(&form.stage).ok();
    if stage.is_none() {
        form.stage_error = Some("Choose the stage to move the vacancy to".to_owned());
    }
    let on = if from_board {
        Some(today())
    } else {
        match date_input("Date of the move", &form.day, &form.month, &form.year) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                form.date_errors
                    .push("Enter the date of the move".to_owned());
                None
            }
            Err(message) => {
                form.date_errors.push(message);
                None
            }
        }
    };
    if from_board {
        form = MoveForm {
            stage: form.stage.clone(),
            stage_error: form.stage_error.clone(),
            ..MoveForm::today(vacancy.stage)
        };
    }
    let details = details_form_of(&loaded, vacancy);
    let (Some(stage), Some(on)) = (stage, on) else {
        let page = vacancy_page(&signed_in, &loaded, &reach, vacancy, form, details);
        return Ok(page.into_response());
    };
    match record_move(
        state.store.as_ref(),
        loaded.council,
        &signed_in.user.email,
        vacancy,
        &loaded.recruitment,
        stage,
        on,
    )
    .await?
    {
        Ok(_) if from_board => {
            let mut target = format!(
                "{VACANCIES_HREF}?moved={}&stage={}",
                encode(vacancy.id.as_str()),
                stage.as_str()
            );
            let team = fields.get("team");
            if !team.is_empty() {
                target.push_str(&format!("&team={}", encode(&team)));
            }
            if fields.get("closed") == "all" {
                target.push_str("&closed=all");
            }
            target.push_str(&format!("#vacancy-{}", encode(vacancy.id.as_str())));
            Ok(Redirect::to(&target).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!(
            "{}?moved={}",
            vacancy_href(&vacancy.id),
            stage.as_str()
        ))
        .into_response()),
        Err(messages) => {
            form.stage_error = Some(messages.join(" "));
            let page = vacancy_page(&signed_in, &loaded, &reach, vacancy, form, details);
            Ok(page.into_response())
        }
    }
}

/// `POST /recruitment/vacancies/{vacancy_id}`: links the vacancy to a post and says
/// whether an agency worker covers it.
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(vacancy_id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let vacancy = reach.find_vacancy(&loaded.workforce, &vacancy_id)?;
    let mut form = DetailsForm {
        post: fields.get("post"),
        agency: fields.get("covered_by_agency"),
        ..DetailsForm::default()
    };
    let current_post = post_of(&loaded.recruitment, &vacancy.id).map(|post| post.id.clone());
    let post: Option<Option<PostId>> = if form.post.is_empty() {
        if current_post.is_some() {
            form.post_error = Some("Choose the post the vacancy is for".to_owned());
            None
        } else {
            Some(None)
        }
    } else {
        match reach.find_post(&loaded.recruitment, &form.post) {
            Ok(post) => Some(Some(post.id.clone())),
            Err(_) => {
                form.post_error = Some("Choose one of the posts listed".to_owned());
                None
            }
        }
    };
    let covered = match form.agency.as_str() {
        "yes" => Some(Some(true)),
        "no" => Some(Some(false)),
        "unknown" => Some(None),
        _ => {
            form.agency_error = Some("Say whether an agency worker covers the vacancy".to_owned());
            None
        }
    };
    let (Some(post), Some(covered)) = (post, covered) else {
        let page = vacancy_page(
            &signed_in,
            &loaded,
            &reach,
            vacancy,
            MoveForm::today(vacancy.stage),
            form,
        );
        return Ok(page.into_response());
    };
    let mut records = Workforce::new(loaded.council);
    records.vacancies.push(Vacancy {
        covered_by_agency: covered,
        ..vacancy.clone()
    });
    let changes: Vec<RecruitmentChange> = post
        .filter(|post| Some(post) != current_post.as_ref())
        .map(|post_id| {
            RecruitmentChange::PutVacancyPost(VacancyPost {
                vacancy_id: vacancy.id.clone(),
                post_id,
            })
        })
        .into_iter()
        .collect();
    let description = format!(
        "vacancy {} changed: agency cover {}",
        vacancy.id,
        agency_value(covered)
    );
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        Some(records),
        changes,
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved=1", vacancy_href(&vacancy.id))).into_response())
        }
        Err(error) => {
            form.post_error = Some(refusal(error)?.join(" "));
            let page = vacancy_page(
                &signed_in,
                &loaded,
                &reach,
                vacancy,
                MoveForm::today(vacancy.stage),
                form,
            );
            Ok(page.into_response())
        }
    }
}

// ---------------------------------------------------------------- a new vacancy

/// The new vacancy form, as typed.
#[derive(Debug, Clone, Default)]
struct NewForm {
    id: String,
    post: String,
    day: String,
    month: String,
    year: String,
    stage: String,
    agency: String,
    id_error: Option<String>,
    post_error: Option<String>,
    date_errors: Vec<String>,
    stage_error: Option<String>,
    agency_error: Option<String>,
}

impl NewForm {
    fn errors(&self) -> Vec<SummaryError> {
        let mut list = Vec::new();
        let mut add = |field: &str, message: &String| {
            list.push(SummaryError {
                field: field.to_owned(),
                message: message.clone(),
            });
        };
        if let Some(message) = &self.id_error {
            add("vacancy_id", message);
        }
        if let Some(message) = &self.post_error {
            add("post", message);
        }
        for message in &self.date_errors {
            add("opened-on", message);
        }
        if let Some(message) = &self.stage_error {
            add("stage", message);
        }
        if let Some(message) = &self.agency_error {
            add("covered_by_agency", message);
        }
        list
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "recruitment_vacancy_new.html")]
/// The page to add a vacancy.
pub struct NewVacancyPage {
    page: Page,
    home_href: &'static str,
    errors: Vec<SummaryError>,
    form: NewForm,
    posts: Vec<Choice>,
    stages: Vec<Choice>,
    agency: Vec<Choice>,
}

fn new_vacancy_page(
    signed_in: &SignedIn,
    loaded: &Loaded,
    reach: &RecruitmentReach,
    form: NewForm,
) -> NewVacancyPage {
    let mut posts = reach.posts(&loaded.recruitment);
    posts.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
    NewVacancyPage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        errors: form.errors(),
        posts: std::iter::once(Choice::new("", "Choose a post", &form.post))
            .chain(posts.into_iter().map(|post| {
                Choice::new(
                    post.id.as_str(),
                    format!(
                        "{} ({}, {} FTE{})",
                        post.title,
                        post.id,
                        post.fte,
                        if post.funded { "" } else { ", not funded" }
                    ),
                    &form.post,
                )
            }))
            .collect(),
        stages: VacancyStage::ALL
            .iter()
            .filter(|stage| !stage_closes(**stage))
            .map(|stage| Choice::new(stage.as_str(), stage_label(*stage), &form.stage))
            .collect(),
        agency: [("yes", "Yes"), ("no", "No")]
            .into_iter()
            .map(|(value, label)| Choice::new(value, label, &form.agency))
            .collect(),
        form,
    }
}

/// What the new vacancy page's address may say: the post to recruit to.
#[derive(Debug, Deserialize)]
pub struct NewQuery {
    post: Option<String>,
}

/// `GET /recruitment/vacancies/new`: the form for a new vacancy (for the post named
/// in the address, if any).
pub async fn new(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<NewQuery>,
) -> Result<NewVacancyPage, WebError> {
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let form = NewForm {
        id: next_id(
            "V",
            loaded.workforce.vacancies.iter().map(|v| v.id.as_str()),
        ),
        post: query.post.unwrap_or_default(),
        day: today.format("%-d").to_string(),
        month: today.format("%-m").to_string(),
        year: today.format("%Y").to_string(),
        stage: VacancyStage::Advertised.as_str().to_owned(),
        agency: "no".to_owned(),
        ..NewForm::default()
    };
    Ok(new_vacancy_page(&signed_in, &loaded, &reach, form))
}

/// `POST /recruitment/vacancies/new`: adds the vacancy, with its team, role and FTE
/// from its post, and the first entry of its history (its stage on the day it
/// opened).
pub async fn create(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let loaded = load(&state, &signed_in).await?;
    let reach = RecruitmentReach::new(&signed_in);
    let today = today();
    let mut form = NewForm {
        id: fields.get("vacancy_id"),
        post: fields.get("post"),
        day: fields.get("opened-on-day"),
        month: fields.get("opened-on-month"),
        year: fields.get("opened-on-year"),
        stage: fields.get("stage"),
        agency: fields.get("covered_by_agency"),
        ..NewForm::default()
    };
    let id = match VacancyId::parse(&form.id) {
        Ok(id) if loaded.workforce.vacancies.iter().any(|v| v.id == id) => {
            form.id_error = Some(format!(
                "There is already a vacancy {id}: choose another ID"
            ));
            None
        }
        Ok(id) => Some(id),
        Err(_) => {
            form.id_error = Some("Enter the vacancy's ID, such as V123".to_owned());
            None
        }
    };
    let post = if form.post.is_empty() {
        form.post_error = Some("Choose the post the vacancy is for".to_owned());
        None
    } else {
        reach
            .find_post(&loaded.recruitment, &form.post)
            .ok()
            .or_else(|| {
                form.post_error = Some("Choose one of the posts listed".to_owned());
                None
            })
    };
    let opened = match date_input("Date it opened", &form.day, &form.month, &form.year) {
        Ok(Some(date)) if date > today => {
            form.date_errors
                .push("The date it opened must be today or in the past".to_owned());
            None
        }
        Ok(Some(date)) => Some(date),
        Ok(None) => {
            form.date_errors
                .push("Enter the date the vacancy opened".to_owned());
            None
        }
        Err(message) => {
            form.date_errors.push(message);
            None
        }
    };
    let stage = VacancyStage::parse(&form.stage)
        .ok()
        .filter(|stage| !stage_closes(*stage))
        .or_else(|| {
            form.stage_error = Some("Choose the stage the vacancy is at".to_owned());
            None
        });
    let covered = match form.agency.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            form.agency_error = Some("Say whether an agency worker covers the vacancy".to_owned());
            None
        }
    };
    let (Some(id), Some(post), Some(opened), Some(stage), Some(covered)) =
        (id, post, opened, stage, covered)
    else {
        return Ok(new_vacancy_page(&signed_in, &loaded, &reach, form).into_response());
    };
    let vacancy = Vacancy {
        id: id.clone(),
        team_id: post.team_id.clone(),
        role: post.role,
        fte: post.fte,
        open: Span::new(opened, None).map_err(|error| WebError::Internal(error.to_string()))?,
        stage,
        covered_by_agency: Some(covered),
    };
    let mut records = Workforce::new(loaded.council);
    records.vacancies.push(vacancy);
    let description = format!(
        "vacancy {id} added for post {} at {}",
        post.id,
        stage.as_str()
    );
    match change_recruitment(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        Some(records),
        vec![
            RecruitmentChange::PutVacancyPost(VacancyPost {
                vacancy_id: id.clone(),
                post_id: post.id.clone(),
            }),
            RecruitmentChange::PutStageChange(StageChange {
                vacancy_id: id.clone(),
                number: 1,
                on: opened,
                stage,
                by: signed_in.user.email.clone(),
            }),
        ],
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{}?added=1", vacancy_href(&id))).into_response()),
        Err(error) => {
            form.post_error = Some(refusal(error)?.join(" "));
            Ok(new_vacancy_page(&signed_in, &loaded, &reach, form).into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_move_form_offers_every_other_stage_with_the_next_one_chosen() {
        let choices = move_choices(
            VacancyStage::Interview,
            next_stage(VacancyStage::Interview).as_str(),
        );
        assert_eq!(choices.len(), VacancyStage::ALL.len() - 1);
        assert!(choices.iter().all(|c| c.value != "interview"));
        let chosen: Vec<&str> = choices
            .iter()
            .filter(|c| c.selected)
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(chosen, ["offer"]);
    }
}
