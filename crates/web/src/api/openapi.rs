//! The OpenAPI 3.1 document of the JSON API, generated from the handlers and their
//! types, served at `GET /api/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use super::error::ErrorBody;
use super::leavers;
use super::{
    academy, feedback, measures, recruitment_candidates, recruitment_partners,
    recruitment_pipeline, teams, tokens, workers,
};

/// The API's description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pathway API",
        version = "1",
        description = "Workforce records of a council's children's social care, for programs \
            acting as a user. Send `Authorization: Bearer <token>` with a token made on the \
            API tokens page; the token's user's role decides what it may see, exactly as in \
            the pages. Dates are `YYYY-MM-DD`; codes are spelt as in the bulk format. Every \
            error is `{\"error\": \"...\"}`.",
        license(name = "MIT", identifier = "MIT")
    ),
    paths(
        workers::list,
        workers::show,
        teams::list,
        measures::show,
        tokens::list,
        tokens::revoke,
        academy::show_programme,
        academy::replace_programme,
        academy::list_cohorts,
        academy::show_cohort,
        academy::put_session,
        academy::put_attendance,
        academy::show_asye,
        academy::record_review,
        academy::add_log_entry,
        academy::due,
        recruitment_candidates::list_candidates,
        recruitment_candidates::create_candidate,
        recruitment_candidates::show_candidate,
        recruitment_candidates::update_candidate,
        recruitment_candidates::move_candidate,
        recruitment_candidates::list_events,
        recruitment_candidates::show_event,
        recruitment_candidates::put_event_details,
        recruitment_candidates::list_attendees,
        recruitment_candidates::add_attendee,
        recruitment_candidates::remove_attendee,
        recruitment_pipeline::list_posts,
        recruitment_pipeline::put_post,
        recruitment_pipeline::list_vacancies,
        recruitment_pipeline::show_vacancy,
        recruitment_pipeline::move_vacancy,
        recruitment_pipeline::measures,
        recruitment_partners::list_universities,
        recruitment_partners::put_university,
        recruitment_partners::list_placements,
        recruitment_partners::put_placement_details,
        recruitment_partners::international,
        recruitment_partners::put_recruit,
        recruitment_partners::add_check_in,
        recruitment_partners::list_engagements,
        recruitment_partners::put_engagement,
        recruitment_partners::sign_off,
        recruitment_partners::show_settings,
        recruitment_partners::put_settings,
        crate::api::caseloads::show,
        crate::api::caseloads::alerts,
        crate::api::caseloads::worker,
        crate::api::caseloads::record,
        crate::api::caseloads::show_settings,
        crate::api::caseloads::put_settings,
        super::career::show_framework,
        super::career::put_framework,
        super::career::show_person,
        super::career::create_assessment,
        super::career::sign_off,
        super::career::measures,
        super::training::list_courses,
        super::training::put_course,
        super::training::show_attendance,
        super::training::put_attendance,
        super::training::mandatory,
        super::training::reminder_list,
        super::training::search,
        super::training::put_person_skills,
        feedback::list_sessions,
        feedback::create_session,
        feedback::show_session,
        feedback::put_action,
        feedback::you_said,
        feedback::survey_results,
        feedback::import_responses,
        leavers::list,
        leavers::put_interview,
        leavers::analysis,
        leavers::profile,
        // [issue 8: committee]
        super::committee::show_report,
        super::committee::show_details,
        super::committee::put_details,
        // [issue 9: benchmarking]
        super::benchmarking::show,
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerScheme, &BodyAnswers),
    tags(
        // [issue 9: benchmarking]
        (name = "benchmarking", description = "Benchmarking: the user's council beside the quartiles of its region and of the installation, or a regional viewer's group; other councils only as quartiles or by name when they chose to be, groups of fewer than 5 councils not shown"),
        // [issue 8: committee]
        (name = "reports", description = "The committee report pack: its model as JSON (public for every role but the workforce lead, who may ask for the internal version, recorded in the audit trail) and its own words (meeting, recommendations, background, implications), which only the workforce lead changes"),
        (name = "workers", description = "People's records, within the user's reach"),
        (name = "teams", description = "Teams and their headcount"),
        (name = "measures", description = "Workforce measures"),
        (name = "tokens", description = "The caller's own API tokens"),
        (name = "academy", description = "The social work academy: programmes, cohorts, sessions, registers, ASYE records and the due list, within the user's reach"),
        (name = "caseloads", description = "Caseloads: bands, teams and caseload per FTE at a date, the alert list, each worker's trend, recording counts and the settings, within the user's reach"),
        (name = "leavers", description = "Leavers and their exit interviews (people's words: RecordExitInterviews), the exit interview analysis and the workforce profile (small numbers shown as c outside the workforce lead's view)"),
        (name = "recruitment", description = "Recruitment: candidates and their stages (a start makes a worker), recruitment events with their funnels and attendees; the establishment's posts, vacancies with their stage histories, and the vacancy measures; university partners and placements with their conversion into hires, international recruits with check-ins and alerts, agency engagements with their breaches and sign-offs, and the recruitment settings"),
    )
)]
pub struct ApiDoc;

/// Adds the bearer token scheme the paths name.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token made on Pathway's API tokens page (/account/tokens).",
                    ))
                    .build(),
            ),
        );
    }
}

/// Adds the answers every operation with a body may give, whatever its handler: 400
/// when a JSON body does not parse, and 413 past the operation's size limit
/// (`request_limits`).
struct BodyAnswers;

impl Modify for BodyAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = |description: &str| {
            ResponseBuilder::new()
                .description(description)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.put,
                &mut item.post,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                let Some(body) = &operation.request_body else {
                    continue;
                };
                let json = body.content.contains_key("application/json");
                let answers = &mut operation.responses.responses;
                if json && !answers.contains_key("400") {
                    answers.insert("400".to_owned(), error("The body is not JSON").into());
                }
                answers.insert(
                    "413".to_owned(),
                    error("The body is larger than this operation accepts").into(),
                );
            }
        }
    }
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
