//! `/api/v1/recruitment/...`: the establishment's posts, the vacancies with their
//! stages and histories, moving a vacancy to a stage, and the vacancy measures, with
//! the same permissions and reach as the pages (a team manager: their teams' posts
//! and vacancies, read only).
//!
//! Every change goes through `pathway_app::change_recruitment`; a change it refuses
//! is answered 422 with its reason.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use pathway_app::accounts::User;
use pathway_app::change_recruitment;
use pathway_domain::codes::{Role, VacancyStage};
use pathway_domain::ids::{PostId, TeamId};
use pathway_domain::records::Vacancy;
use pathway_domain::recruitment::pipeline::{
    by_stage_at, days_in_stage, days_to_fill, fill_times_by_year, first_opening, stage_since,
    timeline, vacancy_fte_by_month,
};
use pathway_domain::recruitment::{Post, Recruitment, RecruitmentChange};
use pathway_domain::values::{Fte, parse_date};
use pathway_domain::{CouncilCode, Workforce};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ApiUser;
use super::error::{ApiError, ErrorBody, body};
use crate::AppState;
use crate::html::recruitment::vacancies::record_move;
use crate::html::recruitment::{CHANGE_ACTION, RecruitmentReach, post_of, refusal_messages, today};

// ---------------------------------------------------------------- codes, for the schema

/// Where a vacancy's recruitment has got to.
#[derive(ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum VacancyStageCode {
    /// Not being recruited to.
    NotRecruiting,
    /// Advertised.
    Advertised,
    /// Shortlisting applicants.
    Shortlisting,
    /// Interviewing.
    Interview,
    /// An offer is out.
    Offer,
    /// Offer accepted, pre-employment checks under way.
    PreEmploymentChecks,
    /// Filled (closes the vacancy).
    Filled,
    /// Withdrawn (closes the vacancy).
    Withdrawn,
}

// ---------------------------------------------------------------- bodies

/// A post of the establishment.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostBody {
    /// The council's ID for the post.
    pub post_id: String,
    /// Its title.
    pub title: String,
    /// Its team.
    pub team_id: Option<String>,
    /// Its role, as the bulk format spells it (`social_worker`, ...).
    #[schema(value_type = String, example = "social_worker")]
    pub role: Role,
    /// Its FTE, more than 0 and at most 1.
    #[schema(example = 1.0)]
    pub fte: f64,
    /// Whether it is funded in the budget.
    pub funded: bool,
}

impl PostBody {
    fn of(post: &Post) -> Self {
        Self {
            post_id: post.id.to_string(),
            title: post.title.clone(),
            team_id: post.team_id.as_ref().map(ToString::to_string),
            role: post.role,
            fte: post.fte.value(),
            funded: post.funded,
        }
    }
}

/// The posts within the caller's reach.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostList {
    /// The posts, by ID.
    pub posts: Vec<PostBody>,
}

/// A post to add or change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostInput {
    /// Its title.
    pub title: String,
    /// Its team: one of the council's teams.
    pub team_id: String,
    /// Its role, as the bulk format spells it.
    #[schema(value_type = String, example = "social_worker")]
    pub role: Role,
    /// Its FTE, more than 0 and at most 1.
    #[schema(example = 1.0)]
    pub fte: f64,
    /// Whether it is funded in the budget.
    pub funded: bool,
}

/// A vacancy and where its recruitment has got to.
#[derive(Debug, Serialize, ToSchema)]
pub struct VacancyBody {
    /// The council's ID for the vacancy.
    pub vacancy_id: String,
    /// Its team.
    pub team_id: Option<String>,
    /// Its role.
    #[schema(value_type = String, example = "social_worker")]
    pub role: Role,
    /// Its FTE.
    #[schema(example = 1.0)]
    pub fte: f64,
    /// The day it opened.
    pub opened_on: NaiveDate,
    /// The day it closed (filled or withdrawn), if it has.
    pub closed_on: Option<NaiveDate>,
    /// Its current stage.
    #[schema(value_type = VacancyStageCode)]
    pub stage: VacancyStage,
    /// The day it entered its current stage (its latest move, or its opening).
    pub stage_since: NaiveDate,
    /// Whole days in its current stage, as at today.
    pub days_in_stage: i64,
    /// Days from opening to filling, when filled.
    pub days_to_fill: Option<i64>,
    /// Whether an agency worker covers it (`null`: not known).
    pub covered_by_agency: Option<bool>,
    /// The post it is for, if linked.
    pub post_id: Option<String>,
}

impl VacancyBody {
    fn of(vacancy: &Vacancy, recruitment: &Recruitment) -> Self {
        let history = recruitment.history_of(&vacancy.id);
        Self {
            vacancy_id: vacancy.id.to_string(),
            team_id: vacancy.team_id.as_ref().map(ToString::to_string),
            role: vacancy.role,
            fte: vacancy.fte.value(),
            opened_on: vacancy.open.start(),
            closed_on: vacancy.open.end(),
            stage: vacancy.stage,
            stage_since: stage_since(vacancy, &history),
            days_in_stage: days_in_stage(vacancy, &history, today()),
            days_to_fill: days_to_fill(vacancy, &history),
            covered_by_agency: vacancy.covered_by_agency,
            post_id: post_of(recruitment, &vacancy.id).map(|post| post.id.to_string()),
        }
    }
}

/// The vacancies within the caller's reach.
#[derive(Debug, Serialize, ToSchema)]
pub struct VacancyList {
    /// The vacancies, oldest opening first.
    pub vacancies: Vec<VacancyBody>,
}

/// One move in a vacancy's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageChangeBody {
    /// Its place in the history, from 1.
    pub number: u32,
    /// The day it moved.
    pub on: NaiveDate,
    /// The stage it moved to.
    #[schema(value_type = VacancyStageCode)]
    pub stage: VacancyStage,
    /// Who moved it.
    pub by: String,
}

/// A spell of the vacancy in one stage.
#[derive(Debug, Serialize, ToSchema)]
pub struct SpellBody {
    /// The stage; `null` for the time between opening and a later first recorded
    /// move (not recorded).
    #[schema(value_type = Option<VacancyStageCode>)]
    pub stage: Option<VacancyStage>,
    /// Its first day.
    pub from: NaiveDate,
    /// The day it moved on, if it has.
    pub to: Option<NaiveDate>,
    /// Whole days in it (to today for the current stage).
    pub days: i64,
}

/// A vacancy with its whole history.
#[derive(Debug, Serialize, ToSchema)]
pub struct VacancyDetail {
    /// The vacancy.
    pub vacancy: VacancyBody,
    /// Every recorded move, oldest first.
    pub history: Vec<StageChangeBody>,
    /// Its spells in each stage, oldest first.
    pub spells: Vec<SpellBody>,
}

fn detail(vacancy: &Vacancy, recruitment: &Recruitment) -> VacancyDetail {
    let history = recruitment.history_of(&vacancy.id);
    let today = today();
    VacancyDetail {
        vacancy: VacancyBody::of(vacancy, recruitment),
        history: history
            .iter()
            .map(|change| StageChangeBody {
                number: change.number,
                on: change.on,
                stage: change.stage,
                by: change.by.clone(),
            })
            .collect(),
        spells: timeline(vacancy, &history)
            .into_iter()
            .map(|spell| SpellBody {
                days: spell.days(today),
                stage: spell.stage,
                from: spell.from,
                to: spell.to,
            })
            .collect(),
    }
}

/// A move of a vacancy to a stage.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInput {
    /// The stage to move to; `filled` and `withdrawn` close the vacancy on the move's
    /// day, and a closed vacancy does not move again.
    #[schema(value_type = VacancyStageCode)]
    pub stage: VacancyStage,
    /// The day of the move: today when left out; never in the future, never before
    /// the vacancy opened or its last move.
    pub on: Option<NaiveDate>,
}

/// Vacancies open on one month end.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthEndBody {
    /// The month's last day.
    pub on: NaiveDate,
    /// How many were open.
    pub count: u64,
    /// Their FTE.
    pub fte: f64,
}

/// Vacancies at one stage on the date asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageCountBody {
    /// The stage; `null` for vacancies whose stage that day was not recorded.
    #[schema(value_type = Option<VacancyStageCode>)]
    pub stage: Option<VacancyStage>,
    /// How many.
    pub count: u64,
    /// Their FTE.
    pub fte: f64,
}

/// One calendar year's filled vacancies.
#[derive(Debug, Serialize, ToSchema)]
pub struct FillYearBody {
    /// The year.
    pub year: i32,
    /// How many vacancies were filled in it.
    pub filled: u64,
    /// The median of their days to fill.
    pub median_days_to_fill: Option<f64>,
}

/// The vacancy measures over the vacancies within the caller's reach.
#[derive(Debug, Serialize, ToSchema)]
pub struct VacancyMeasures {
    /// Vacancies open at each month end, from the month of the first opening to this
    /// month.
    pub months: Vec<MonthEndBody>,
    /// The date of `by_stage`.
    pub date: NaiveDate,
    /// Vacancies open on `date` by the stage each was at that day.
    pub by_stage: Vec<StageCountBody>,
    /// Days to fill by the year of filling, oldest first.
    pub fill_times_by_year: Vec<FillYearBody>,
}

/// The date of the measures' stages.
#[derive(Debug, Deserialize, IntoParams)]
pub struct MeasuresParams {
    /// `YYYY-MM-DD`; today when left out.
    pub date: Option<String>,
}

// ---------------------------------------------------------------- helpers

fn council_of(user: &User) -> Result<CouncilCode, ApiError> {
    user.council.ok_or(ApiError::Forbidden)
}

/// The caller's council's records and recruitment, and their reach.
struct View {
    council: CouncilCode,
    workforce: Workforce,
    recruitment: Recruitment,
    reach: RecruitmentReach,
}

impl View {
    async fn load(state: &AppState, user: &User) -> Result<Self, ApiError> {
        let council = council_of(user)?;
        Ok(Self {
            council,
            workforce: state.store.workforce(council).await?,
            recruitment: state.store.recruitment(council).await?,
            reach: RecruitmentReach::of(user),
        })
    }

    fn vacancy(&self, path: Result<Path<String>, PathRejection>) -> Result<&Vacancy, ApiError> {
        let not_found = ApiError::NotFound("the vacancy was not found");
        let Path(id) = path.map_err(|_| ApiError::NotFound("the vacancy was not found"))?;
        self.reach
            .find_vacancy(&self.workforce, &id)
            .map_err(|_| not_found)
    }
}

// ---------------------------------------------------------------- handlers

/// The posts of the establishment within the caller's reach.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/posts",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The posts, by ID", body = PostList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
    )
)]
pub async fn list_posts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<PostList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let mut posts = view.reach.posts(&view.recruitment);
    posts.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Json(PostList {
        posts: posts.into_iter().map(PostBody::of).collect(),
    }))
}

/// Adds a post or changes the one with this ID.
#[utoipa::path(
    put,
    path = "/api/v1/recruitment/posts/{post_id}",
    tag = "recruitment",
    params(("post_id" = String, Path, description = "The council's ID for the post")),
    request_body = PostInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The post as stored", body = PostBody),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 422, description = "The post is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn put_post(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    post_id: Result<Path<String>, PathRejection>,
    input: Result<Json<PostInput>, JsonRejection>,
) -> Result<Json<PostBody>, ApiError> {
    let Path(post_id) = post_id.map_err(|_| ApiError::NotFound("the post was not found"))?;
    let id = PostId::parse(&post_id)
        .map_err(|error| ApiError::Unprocessable(format!("post_id: {error}")))?;
    let input = body(input)?;
    let view = View::load(&state, &user).await?;
    let team = TeamId::parse(&input.team_id)
        .map_err(|error| ApiError::Unprocessable(format!("team_id: {error}")))?;
    if !view.reach.may_see_team(Some(&team)) {
        return Err(ApiError::Unprocessable(format!("there is no team {team}")));
    }
    let post = Post {
        id: id.clone(),
        title: input.title.trim().to_owned(),
        team_id: Some(team),
        role: input.role,
        fte: Fte::new(input.fte)
            .map_err(|_| ApiError::Unprocessable("fte: more than 0 and at most 1".to_owned()))?,
        funded: input.funded,
    };
    let description = format!("post {id} put through the API");
    let changed = change_recruitment(
        state.store.as_ref(),
        view.council,
        pathway_app::RecruitmentRequest {
            actor: &user.email,
            action: CHANGE_ACTION,
            description: &description,
        },
        None,
        vec![RecruitmentChange::PutPost(post)],
    )
    .await;
    match changed {
        Ok(changed) => changed
            .recruitment
            .posts
            .iter()
            .find(|post| post.id == id)
            .map(|post| Json(PostBody::of(post)))
            .ok_or_else(|| ApiError::Internal("the post was not stored".to_owned())),
        Err(error) => Err(ApiError::Unprocessable(refusal_messages(error)?.join(" "))),
    }
}

/// The vacancies within the caller's reach, with their stages and days in stage.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/vacancies",
    tag = "recruitment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The vacancies, oldest opening first", body = VacancyList),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
    )
)]
pub async fn list_vacancies(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<VacancyList>, ApiError> {
    let view = View::load(&state, &user).await?;
    let mut vacancies = view.reach.vacancies(&view.workforce);
    vacancies.sort_by(|a, b| (a.open.start(), &a.id).cmp(&(b.open.start(), &b.id)));
    Ok(Json(VacancyList {
        vacancies: vacancies
            .into_iter()
            .map(|vacancy| VacancyBody::of(vacancy, &view.recruitment))
            .collect(),
    }))
}

/// A vacancy with its whole stage history.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/vacancies/{vacancy_id}",
    tag = "recruitment",
    params(("vacancy_id" = String, Path, description = "The council's ID for the vacancy")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The vacancy and its history", body = VacancyDetail),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
        (status = 404, description = "No such vacancy within the caller's reach", body = ErrorBody),
    )
)]
pub async fn show_vacancy(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    vacancy_id: Result<Path<String>, PathRejection>,
) -> Result<Json<VacancyDetail>, ApiError> {
    let view = View::load(&state, &user).await?;
    let vacancy = view.vacancy(vacancy_id)?;
    Ok(Json(detail(vacancy, &view.recruitment)))
}

/// Moves a vacancy to a stage, recording who moved it and when; `filled` and
/// `withdrawn` close it on the move's day.
#[utoipa::path(
    post,
    path = "/api/v1/recruitment/vacancies/{vacancy_id}/stage",
    tag = "recruitment",
    params(("vacancy_id" = String, Path, description = "The council's ID for the vacancy")),
    request_body = MoveInput,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The vacancy after the move, with its history", body = VacancyDetail),
        (status = 400, description = "The body is not JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not run recruitment", body = ErrorBody),
        (status = 404, description = "No such vacancy", body = ErrorBody),
        (status = 422, description = "The move is refused, with the reason", body = ErrorBody),
    )
)]
pub async fn move_vacancy(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    vacancy_id: Result<Path<String>, PathRejection>,
    input: Result<Json<MoveInput>, JsonRejection>,
) -> Result<Json<VacancyDetail>, ApiError> {
    let view = View::load(&state, &user).await?;
    let vacancy = view.vacancy(vacancy_id)?;
    let input = body(input)?;
    let on = input.on.unwrap_or_else(today);
    match record_move(
        state.store.as_ref(),
        view.council,
        &user.email,
        vacancy,
        &view.recruitment,
        input.stage,
        on,
    )
    .await?
    {
        Ok(moved) => {
            let mut recruitment = view.recruitment.clone();
            recruitment.apply(RecruitmentChange::PutStageChange(moved.change));
            Ok(Json(detail(&moved.vacancy, &recruitment)))
        }
        Err(messages) => Err(ApiError::Unprocessable(messages.join(" "))),
    }
}

/// Vacancy FTE month by month, vacancies by stage on a date, and median days to
/// fill by year, over the vacancies within the caller's reach.
#[utoipa::path(
    get,
    path = "/api/v1/recruitment/vacancies/measures",
    tag = "recruitment",
    params(MeasuresParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The vacancy measures", body = VacancyMeasures),
        (status = 400, description = "The date is not a date", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The role does not see recruitment", body = ErrorBody),
    )
)]
pub async fn measures(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    params: Result<Query<MeasuresParams>, QueryRejection>,
) -> Result<Json<VacancyMeasures>, ApiError> {
    let Query(params) = params.map_err(|error| ApiError::BadRequest(error.body_text()))?;
    let date = match params.date.as_deref() {
        Some(text) => {
            parse_date(text).map_err(|error| ApiError::BadRequest(format!("date: {error}")))?
        }
        None => today(),
    };
    let view = View::load(&state, &user).await?;
    let vacancies = view.reach.counted_vacancies(&view.workforce);
    let months = first_opening(&vacancies)
        .map(|first| vacancy_fte_by_month(&vacancies, first, today()))
        .unwrap_or_default();
    Ok(Json(VacancyMeasures {
        months: months
            .into_iter()
            .map(|m| MonthEndBody {
                on: m.on,
                count: m.count,
                fte: m.fte,
            })
            .collect(),
        date,
        by_stage: by_stage_at(&vacancies, &view.recruitment, date)
            .into_iter()
            .map(|c| StageCountBody {
                stage: c.stage,
                count: c.count,
                fte: c.fte,
            })
            .collect(),
        fill_times_by_year: fill_times_by_year(&vacancies, &view.recruitment)
            .into_iter()
            .map(|(year, times)| FillYearBody {
                year,
                filled: times.filled,
                median_days_to_fill: times.median_days,
            })
            .collect(),
    }))
}
