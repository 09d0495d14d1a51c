//! Every route of the application, and the permission each needs, in one place.

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post};
use pathway_domain::access::Permission;

use crate::api::tokens as api_tokens;
use crate::error::WebError;
use crate::html::academy::calendar as academy_calendar;
use crate::html::academy::{
    cohorts as academy_cohorts, new_cohort as academy_new_cohort, programmes as academy_programmes,
    sessions as academy_sessions, settings as academy_settings,
};
use crate::html::academy::{due as academy_due, members as academy_members};
use crate::html::caseloads;
use crate::html::recruitment::{
    agency as recruitment_agency, international as recruitment_international,
    placements as recruitment_placements,
};
use crate::html::recruitment::{
    candidates as recruitment_candidates, events as recruitment_events,
};
use crate::html::recruitment::{
    home as recruitment_home, measures as recruitment_measures, posts as recruitment_posts,
    vacancies as recruitment_vacancies,
};
use crate::html::{audit, dashboard, employment, import, person, register, sign_in, teams};
use crate::html::{leavers, profile};
use crate::session::{authenticate, check_origin, require};
use crate::{AppState, assets, request_limits};

/// A route that only users whose role allows `permission` may use.
fn guarded(permission: Permission, route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.route_layer(from_fn(move |request, next| {
        require(permission, request, next)
    }))
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        // Open to everyone: the assets and signing in.
        .route("/assets/pathway.css", get(assets::stylesheet))
        .route("/assets/govuk-frontend.min.js", get(assets::govuk_frontend))
        .route("/assets/init.js", get(assets::init))
        .route("/sign-in", get(sign_in::show).post(sign_in::submit))
        .route("/health", get(health))
        // Signed in, with the permission named.
        .route("/sign-out", post(sign_in::sign_out))
        .route("/", guarded(Permission::SeeFigures, get(dashboard::show)))
        // The workforce register and people's pages (each within the role's reach).
        .route(
            "/workers",
            guarded(Permission::SeePeople, get(register::show)),
        )
        .route(
            "/workers/export.xlsx",
            guarded(Permission::ExportPeople, get(register::export)),
        )
        .route(
            "/workers/{worker_id}",
            guarded(Permission::SeePeople, get(person::show)),
        )
        .route(
            "/workers/{worker_id}/edit",
            guarded(Permission::EditPeople, get(person::edit).post(person::save)),
        )
        .route(
            "/workers/{worker_id}/employments/{employment_id}/edit",
            guarded(
                Permission::EditPeople,
                get(employment::edit).post(employment::save),
            ),
        )
        // [issue 11: subject access] Everything held about one person: the workforce
        // lead only; the page and each download are audited.
        .route(
            "/workers/{worker_id}/subject-access",
            guarded(
                Permission::AnswerSubjectAccess,
                get(crate::html::subject_access::show),
            ),
        )
        .route(
            "/workers/{worker_id}/subject-access.json",
            guarded(
                Permission::AnswerSubjectAccess,
                get(crate::html::subject_access::json),
            ),
        )
        .route(
            "/workers/{worker_id}/subject-access.pdf",
            guarded(
                Permission::AnswerSubjectAccess,
                get(crate::html::subject_access::pdf),
            ),
        )
        .route("/teams", guarded(Permission::SeePeople, get(teams::show)))
        // "/import" (the upload) is added below, after the forms' body limit.
        .route(
            "/import/confirm",
            guarded(Permission::ImportData, post(import::confirm)),
        )
        .route(
            "/import/format",
            guarded(Permission::ImportData, get(import::format)),
        )
        .route("/audit", guarded(Permission::SeeAuditLog, get(audit::show)))
        // RECRUITMENT-PIPELINE: posts, vacancies, the board and the vacancy measures
        // (html/recruitment/vacancies.rs and its neighbours).
        // Seeing needs SeeRecruitment (a team manager: their teams' records); changing,
        // RunRecruitment.
        .route(
            "/recruitment",
            guarded(Permission::SeeRecruitment, get(recruitment_home::home)),
        )
        .route(
            "/recruitment/posts",
            guarded(Permission::SeeRecruitment, get(recruitment_posts::list)),
        )
        .route(
            "/recruitment/posts/new",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_posts::new).post(recruitment_posts::create),
            ),
        )
        .route(
            "/recruitment/posts/{post_id}",
            guarded(Permission::SeeRecruitment, get(recruitment_posts::show)).merge(guarded(
                Permission::RunRecruitment,
                post(recruitment_posts::save),
            )),
        )
        .route(
            "/recruitment/posts/{post_id}/remove",
            guarded(Permission::RunRecruitment, post(recruitment_posts::remove)),
        )
        .route(
            "/recruitment/vacancies",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_vacancies::board),
            ),
        )
        .route(
            "/recruitment/vacancies/new",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_vacancies::new).post(recruitment_vacancies::create),
            ),
        )
        .route(
            "/recruitment/vacancies/measures",
            guarded(Permission::SeeRecruitment, get(recruitment_measures::show)),
        )
        .route(
            "/recruitment/vacancies/{vacancy_id}",
            guarded(Permission::SeeRecruitment, get(recruitment_vacancies::show)).merge(guarded(
                Permission::RunRecruitment,
                post(recruitment_vacancies::save),
            )),
        )
        .route(
            "/recruitment/vacancies/{vacancy_id}/stage",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_vacancies::move_stage),
            ),
        )
        // RECRUITMENT-CANDIDATES: candidates and recruitment events
        // (html/recruitment/candidates.rs, events.rs).
        // Candidates hold personal data: every page of theirs needs RunRecruitment. Events
        // and their funnels need SeeRecruitment; attendees' names show only with
        // RunRecruitment, which changing an event needs.
        .route(
            "/recruitment/candidates",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::list),
            ),
        )
        .route(
            "/recruitment/candidates/new",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::new_form).post(recruitment_candidates::create),
            ),
        )
        .route(
            "/recruitment/candidates/anonymise",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::anonymise_page).post(recruitment_candidates::anonymise),
            ),
        )
        .route(
            "/recruitment/candidates/{candidate_id}",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::show),
            ),
        )
        .route(
            "/recruitment/candidates/{candidate_id}/edit",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_candidates::edit_form).post(recruitment_candidates::save),
            ),
        )
        .route(
            "/recruitment/candidates/{candidate_id}/stage",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_candidates::move_stage),
            ),
        )
        .route(
            "/recruitment/events",
            guarded(Permission::SeeRecruitment, get(recruitment_events::list)),
        )
        .route(
            "/recruitment/events/new",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_events::new_form).post(recruitment_events::create),
            ),
        )
        .route(
            "/recruitment/events/{event_id}",
            guarded(Permission::SeeRecruitment, get(recruitment_events::show)).merge(guarded(
                Permission::RunRecruitment,
                post(recruitment_events::save),
            )),
        )
        .route(
            "/recruitment/events/{event_id}/attendees",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_events::add_attendee),
            ),
        )
        .route(
            "/recruitment/events/{event_id}/attendees/{number}/remove",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_events::remove_attendee),
            ),
        )
        // RECRUITMENT-PARTNERS: universities and placements, international recruits,
        // agency engagements (html/recruitment/placements.rs, international.rs, agency.rs).
        // Universities and placements need SeeRecruitment (a team manager: their teams'
        // placements); changing them, and everything international or agency (personal
        // data, contracts), RunRecruitment.
        .route(
            "/recruitment/universities",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_placements::universities),
            )
            .merge(guarded(
                Permission::RunRecruitment,
                post(recruitment_placements::add_university),
            )),
        )
        .route(
            "/recruitment/universities/{university_id}",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_placements::edit_university)
                    .post(recruitment_placements::save_university),
            ),
        )
        .route(
            "/recruitment/placements",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_placements::list),
            ),
        )
        .route(
            "/recruitment/placements/{placement_id}",
            guarded(
                Permission::SeeRecruitment,
                get(recruitment_placements::show),
            )
            .merge(guarded(
                Permission::RunRecruitment,
                post(recruitment_placements::save),
            )),
        )
        .route(
            "/recruitment/international",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_international::list),
            ),
        )
        .route(
            "/recruitment/international/new",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_international::new_recruit)
                    .post(recruitment_international::add_recruit),
            ),
        )
        .route(
            "/recruitment/international/{worker_id}",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_international::show),
            ),
        )
        .route(
            "/recruitment/international/{worker_id}/edit",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_international::edit_recruit)
                    .post(recruitment_international::change_recruit),
            ),
        )
        .route(
            "/recruitment/international/{worker_id}/check-ins",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_international::add_check_in),
            ),
        )
        .route(
            "/recruitment/agency",
            guarded(Permission::RunRecruitment, get(recruitment_agency::list)),
        )
        .route(
            "/recruitment/agency/export.csv",
            guarded(Permission::RunRecruitment, get(recruitment_agency::export)),
        )
        .route(
            "/recruitment/agency/new",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_agency::new_engagement).post(recruitment_agency::add_engagement),
            ),
        )
        .route(
            "/recruitment/agency/{engagement_id}",
            guarded(Permission::RunRecruitment, get(recruitment_agency::show)),
        )
        .route(
            "/recruitment/agency/{engagement_id}/edit",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_agency::edit_engagement)
                    .post(recruitment_agency::change_engagement),
            ),
        )
        .route(
            "/recruitment/agency/{engagement_id}/sign-off",
            guarded(
                Permission::RunRecruitment,
                post(recruitment_agency::sign_off),
            ),
        )
        .route(
            "/recruitment/settings",
            guarded(
                Permission::RunRecruitment,
                get(recruitment_agency::settings).post(recruitment_agency::save_settings),
            ),
        )
        // ACADEMY-COHORTS: the academy's programmes, cohorts, sessions and attendance
        // (html/academy/cohorts.rs and its neighbours).
        // Reading a programme or a session needs SeeAcademy; changing it RunAcademy.
        .route(
            "/academy",
            guarded(Permission::SeeAcademy, get(academy_cohorts::home)),
        )
        .route(
            "/academy/programmes/{programme}",
            guarded(Permission::SeeAcademy, get(academy_programmes::show)).merge(guarded(
                Permission::RunAcademy,
                post(academy_programmes::save),
            )),
        )
        .route(
            "/academy/settings",
            guarded(
                Permission::RunAcademy,
                get(academy_settings::show).post(academy_settings::save),
            ),
        )
        .route(
            "/academy/cohorts/new",
            guarded(
                Permission::RunAcademy,
                get(academy_new_cohort::show).post(academy_new_cohort::create),
            ),
        )
        .route(
            "/academy/cohorts/{cohort_id}",
            guarded(Permission::SeeAcademy, get(academy_cohorts::show)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members",
            guarded(
                Permission::RunAcademy,
                get(academy_new_cohort::show_add).post(academy_new_cohort::add),
            ),
        )
        .route(
            "/academy/cohorts/{cohort_id}/sessions/{number}",
            guarded(Permission::SeeAcademy, get(academy_sessions::show)).merge(guarded(
                Permission::RunAcademy,
                post(academy_sessions::save),
            )),
        )
        .route(
            "/academy/cohorts/{cohort_id}/sessions/{number}/catch-up",
            guarded(Permission::RunAcademy, post(academy_sessions::catch_up)),
        )
        // ACADEMY-MEMBERS: members' checklists, the ASYE tracker and the due list
        // (html/academy/members.rs and its neighbours).
        .route(
            "/academy/due",
            guarded(Permission::SeeAcademy, get(academy_due::show)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}",
            guarded(Permission::SeeAcademy, get(academy_members::show)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/checklist",
            guarded(Permission::RunAcademy, post(academy_members::checklist)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/asye",
            guarded(Permission::RunAcademy, post(academy_members::record)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/outcome",
            guarded(Permission::RunAcademy, post(academy_members::outcome)),
        )
        // Reviews and log entries: which ones, the role says (UserRole::may_record).
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/reviews",
            guarded(Permission::RecordAsye, post(academy_members::review)),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/log",
            guarded(Permission::RecordAsye, post(academy_members::log)),
        )
        // ACADEMY-CALENDAR: the academy's iCalendar downloads and secret feeds.
        .route(
            "/academy/cohorts/{cohort_id}/calendar.ics",
            guarded(
                Permission::SeeAcademy,
                get(academy_calendar::cohort_download),
            ),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/calendar.ics",
            guarded(
                Permission::SeeAcademy,
                get(academy_calendar::member_download),
            ),
        )
        .route(
            "/academy/cohorts/{cohort_id}/calendar-feed",
            guarded(
                Permission::SeeAcademy,
                get(academy_calendar::cohort_feed_page).post(academy_calendar::cohort_feed_create),
            ),
        )
        .route(
            "/academy/cohorts/{cohort_id}/members/{worker_id}/calendar-feed",
            guarded(
                Permission::SeeAcademy,
                get(academy_calendar::member_feed_page).post(academy_calendar::member_feed_create),
            ),
        )
        // Open to calendar programs, which have no session: the secret token is the key.
        .route("/calendar/{file}", get(academy_calendar::feed))
        // Any signed-in user: their own API tokens.
        .route(
            api_tokens::TOKENS_PATH,
            get(api_tokens::show).post(api_tokens::create),
        )
        .route(
            "/account/tokens/{token_id}/revoke",
            post(api_tokens::revoke_page),
        )
        // Seeing needs SeeCaseloads (within the role's reach); recording counts,
        // RecordCaseloads; the settings check for the workforce lead in the handler.
        .route(
            "/caseloads",
            guarded(Permission::SeeCaseloads, get(caseloads::overview::home)),
        )
        .route(
            "/caseloads/alerts",
            guarded(Permission::SeeCaseloads, get(caseloads::overview::alerts)),
        )
        .route(
            "/caseloads/teams/{team_id}",
            guarded(Permission::SeeCaseloads, get(caseloads::overview::team)),
        )
        .route(
            "/caseloads/workers/{worker_id}",
            guarded(Permission::SeeCaseloads, get(caseloads::worker::show)).merge(guarded(
                Permission::RecordCaseloads,
                post(caseloads::worker::save),
            )),
        )
        .route(
            "/caseloads/record",
            guarded(
                Permission::RecordCaseloads,
                get(caseloads::record::show).post(caseloads::record::save),
            ),
        )
        .route(
            "/caseloads/settings",
            guarded(
                Permission::RecordCaseloads,
                get(caseloads::settings::show).post(caseloads::settings::save),
            ),
        )
        // The career pathway (html/career): seeing needs SeeCareer (within the role's
        // reach); rating oneself or signing off, AssessCareer; the framework,
        // EditFramework.
        .route(
            "/career",
            guarded(Permission::SeeCareer, get(crate::html::career::home::show)),
        )
        .route(
            "/career/framework",
            guarded(
                Permission::SeeCareer,
                get(crate::html::career::framework::show),
            )
            .merge(guarded(
                Permission::EditFramework,
                post(crate::html::career::framework::save),
            )),
        )
        .route(
            "/career/measures",
            guarded(
                Permission::SeeCareer,
                get(crate::html::career::measures::show),
            ),
        )
        .route(
            "/career/people/{worker_id}",
            guarded(
                Permission::SeeCareer,
                get(crate::html::career::person::show),
            ),
        )
        .route(
            "/career/people/{worker_id}/assessments/new",
            guarded(
                Permission::AssessCareer,
                get(crate::html::career::assessment::new)
                    .post(crate::html::career::assessment::create),
            ),
        )
        .route(
            "/career/people/{worker_id}/assessments/{number}",
            guarded(
                Permission::SeeCareer,
                get(crate::html::career::assessment::show),
            )
            .merge(guarded(
                Permission::AssessCareer,
                post(crate::html::career::assessment::save),
            )),
        )
        .route(
            "/career/people/{worker_id}/assessments/{number}/sign-off",
            guarded(
                Permission::AssessCareer,
                post(crate::html::career::assessment::sign_off),
            ),
        )
        .route(
            "/career/people/{worker_id}/plan",
            guarded(Permission::SeeCareer, get(crate::html::career::plan::show)).merge(guarded(
                Permission::AssessCareer,
                post(crate::html::career::plan::save),
            )),
        )
        .route(
            "/training",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::courses::home),
            ),
        )
        .route(
            "/training/courses/new",
            guarded(
                Permission::RunTraining,
                get(crate::html::training::courses::new)
                    .post(crate::html::training::courses::create),
            ),
        )
        .route(
            "/training/courses/{course_id}",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::courses::show),
            )
            .merge(guarded(
                Permission::RunTraining,
                post(crate::html::training::courses::save),
            )),
        )
        .route(
            "/training/courses/{course_id}/dates/{number}",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::dates::show),
            )
            .merge(guarded(
                Permission::RunTraining,
                post(crate::html::training::dates::save),
            )),
        )
        .route(
            "/training/mandatory",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::mandatory::matrix),
            ),
        )
        .route(
            "/training/reminders",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::mandatory::reminder_list),
            ),
        )
        .route(
            "/training/reminders.csv",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::mandatory::reminder_csv),
            ),
        )
        .route(
            "/training/people/{worker_id}",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::people::show),
            )
            .merge(guarded(
                Permission::RunTraining,
                post(crate::html::training::people::save),
            )),
        )
        .route(
            "/skills",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::skills::search),
            ),
        )
        .route(
            "/skills/people/{worker_id}",
            guarded(
                Permission::SeeTraining,
                get(crate::html::training::skills::show),
            )
            .merge(guarded(
                Permission::RunTraining,
                post(crate::html::training::skills::save),
            )),
        )
        // Feedback sessions: seeing needs SeeFeedback (the viewer too); recording,
        // RunFeedback.
        .route(
            crate::html::feedback::HOME_HREF,
            guarded(Permission::SeeFeedback, get(crate::html::feedback::home)),
        )
        .route(
            "/feedback/sessions/new",
            guarded(
                Permission::RunFeedback,
                get(crate::html::feedback::new_session).post(crate::html::feedback::create_session),
            ),
        )
        .route(
            "/feedback/sessions/{session_id}",
            guarded(
                Permission::SeeFeedback,
                get(crate::html::feedback::show_session),
            ),
        )
        .route(
            "/feedback/sessions/{session_id}/themes",
            guarded(
                Permission::RunFeedback,
                post(crate::html::feedback::add_theme),
            ),
        )
        .route(
            "/feedback/sessions/{session_id}/actions",
            guarded(
                Permission::RunFeedback,
                post(crate::html::feedback::add_action),
            ),
        )
        .route(
            "/feedback/sessions/{session_id}/actions/{number}",
            guarded(
                Permission::RunFeedback,
                get(crate::html::feedback::edit_action).post(crate::html::feedback::save_action),
            ),
        )
        .route(
            "/feedback/you-said-we-did",
            guarded(
                Permission::SeeFeedback,
                get(crate::html::feedback::you_said),
            ),
        )
        // The staff survey: its list and results are for anyone who sees figures or
        // answers the survey (checked by the pages themselves, as two permissions
        // qualify); changing it needs RunSurvey; answering, AnswerSurvey.
        .route(
            crate::html::survey::HOME_HREF,
            get(crate::html::survey::home).merge(guarded(
                Permission::RunSurvey,
                post(crate::html::survey::change),
            )),
        )
        .route("/survey/{year}", get(crate::html::survey::show))
        .route(
            "/survey/{year}/answer",
            guarded(
                Permission::AnswerSurvey,
                get(crate::html::survey::answer_form).post(crate::html::survey::answer),
            ),
        )
        // "/survey/{year}/import" (the responses file) is added below, after the forms'
        // body limit.
        // The list of leavers and the exit interview form need RecordExitInterviews
        // (the list sends anyone else on to the analysis); the analysis and the
        // profile, SeeFigures, with small numbers held back outside the lead's view.
        .route(
            "/leavers",
            guarded(Permission::SeeFigures, get(leavers::list)),
        )
        .route(
            "/leavers/exit-interviews",
            guarded(Permission::SeeFigures, get(leavers::analysis)),
        )
        .route(
            "/leavers/{worker_id}/exit-interview",
            guarded(
                Permission::RecordExitInterviews,
                get(leavers::form).post(leavers::save),
            ),
        )
        .route(
            "/profile",
            guarded(Permission::SeeFigures, get(profile::show)),
        )
        // [issue 8: committee]
        .route(
            crate::html::committee::REPORTS_HREF,
            guarded(
                Permission::SeeCommitteeReport,
                get(crate::html::committee::home),
            ),
        )
        .route(
            crate::html::committee::COMMITTEE_HREF,
            guarded(
                Permission::SeeCommitteeReport,
                get(crate::html::committee::show),
            ),
        )
        // One handler for every format: the file's extension names it.
        .route(
            "/reports/committee.html",
            guarded(
                Permission::SeeCommitteeReport,
                get(crate::html::committee::download),
            ),
        )
        .route(
            "/reports/committee.pdf",
            guarded(
                Permission::SeeCommitteeReport,
                get(crate::html::committee::download),
            ),
        )
        .route(
            "/reports/committee.docx",
            guarded(
                Permission::SeeCommitteeReport,
                get(crate::html::committee::download),
            ),
        )
        .route(
            "/reports/committee.xlsx",
            guarded(
                Permission::SeeCommitteeReport,
                get(crate::html::committee::download),
            ),
        )
        // The committee report's words (EDIT_HREF) are added below, after the forms'
        // body limit.
        // [issue 8: census]
        // MakeCensusReturn only; other roles get 404 (see census::only_census_makers).
        .route(
            "/census",
            get(crate::html::census::show)
                .route_layer(from_fn(crate::html::census::only_census_makers)),
        )
        .route(
            "/census/{file}",
            get(crate::html::census::download)
                .route_layer(from_fn(crate::html::census::only_census_makers)),
        )
        // [issue 9: benchmarking]
        // A council's benchmark (a regional viewer's: their group's); the lead names the
        // council or not; the administrator's councils and regional viewers.
        .route(
            crate::html::benchmarking::BENCHMARKING_HREF,
            guarded(
                Permission::SeeBenchmarks,
                get(crate::html::benchmarking::show),
            ),
        )
        .route(
            "/benchmarking/naming",
            guarded(
                Permission::NameCouncilInBenchmarks,
                post(crate::html::benchmarking::save_naming),
            ),
        )
        .route(
            crate::html::admin_councils::COUNCILS_HREF,
            guarded(
                Permission::ManageUsers,
                get(crate::html::admin_councils::list).post(crate::html::admin_councils::add),
            ),
        )
        .route(
            "/admin/councils/{code}",
            guarded(
                Permission::ManageUsers,
                get(crate::html::admin_councils::edit).post(crate::html::admin_councils::save),
            ),
        )
        .route(
            crate::html::admin_councils::REGIONAL_VIEWERS_HREF,
            guarded(
                Permission::ManageUsers,
                get(crate::html::admin_councils::new_regional_viewer)
                    .post(crate::html::admin_councils::add_regional_viewer),
            ),
        )
        // Every form above is refused past FORM_BYTES, with a page saying so.
        .route_layer(from_fn(|request, next| {
            request_limits::page_body(request_limits::FORM_BYTES, request, next)
        }))
        // The committee report's words: six texts of up to 20,000 characters each.
        .route(
            crate::html::committee::EDIT_HREF,
            guarded(
                Permission::EditCommitteeReport,
                get(crate::html::committee::edit).post(crate::html::committee::save),
            )
            .route_layer(from_fn(|request, next| {
                request_limits::page_body(request_limits::REPORT_WORDS_BYTES, request, next)
            })),
        )
        // The uploads: files of up to MAX_UPLOAD_BYTES, streamed to disk.
        .route(
            "/import",
            guarded(
                Permission::ImportData,
                get(import::show).post(import::check),
            )
            .layer(import::body_limit()),
        )
        .route(
            "/survey/{year}/import",
            guarded(
                Permission::RunSurvey,
                get(crate::html::survey::import_form).post(crate::html::survey::import),
            )
            .layer(crate::html::import::body_limit()),
        )
        // [issue 8: xlsx]
        // Every page above offers its tables as XLSX (`?format=xlsx`).
        .layer(from_fn_with_state(
            state.clone(),
            crate::html::tables_xlsx::offer,
        ))
        // The JSON API (bearer tokens, not the session cookie) and its OpenAPI document.
        .nest("/api", crate::api::router(state.clone()))
        .fallback(|| async { WebError::NotFound })
        .layer(from_fn(check_origin))
        .layer(from_fn_with_state(state.clone(), authenticate))
        // Outermost, so that every response has them, errors and assets included.
        .layer(from_fn(crate::security_headers::add))
        .with_state(state)
}

/// For a load balancer: 200 while this server can reach the database, else 503, so
/// that traffic moves to a server that can.
async fn health(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
) -> (axum::http::StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(error) => {
            tracing::warn!("health check: {error}");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the database cannot be reached",
            )
        }
    }
}
