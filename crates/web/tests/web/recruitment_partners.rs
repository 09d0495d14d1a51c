//! Recruitment's partners through the pages and the API: university partners and
//! placements with their conversion into hires, international recruits with their
//! right-to-work alerts and check-ins, agency engagements under the DfE's rules with
//! their sign-offs and the quarterly export; who may see and do what.

use crate::support;

use axum::http::{StatusCode, header};
use chrono::{Days, Utc};
use pathway_app::accounts::add_user_with_password;
use pathway_app::{ImportMode, ImportSource, Store, Upload};
use pathway_domain::Workforce;
use pathway_domain::access::UserRole;
use pathway_domain::codes::{PlacementNumber, PlacementOutcome};
use pathway_domain::ids::{PlacementId, WorkerId};
use pathway_domain::records::Placement;
use pathway_domain::recruitment::agency::QUARTER_COLUMNS;
use pathway_domain::values::{Date, Span, parse_date};
use serde_json::json;
use support::{Client, PASSWORD, Page, TestApp};

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn today() -> Date {
    Utc::now().date_naive()
}

/// The text of each cell of the table row with this id, tags removed.
fn row(page: &Page, id: &str) -> Vec<String> {
    let start = page
        .body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no row {id} on the page:\n{}", page.body));
    let rest = &page.body[start..];
    let end = rest.find("</tr>").unwrap();
    let mut cells = Vec::new();
    for piece in rest[..end].split("</t") {
        let Some(open) = piece.rfind("<t") else {
            continue;
        };
        let inner = &piece[open..];
        let Some(close) = inner.find('>') else {
            continue;
        };
        cells.push(text_of(&inner[close + 1..]));
    }
    cells
}

/// Text without tags, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in html.chars() {
        match character {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of a page from the element with this id to the end of its section.
fn section<'p>(page: &'p Page, id: &str, until: &str) -> &'p str {
    let start = page
        .body
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} on the page"));
    let rest = &page.body[start..];
    &rest[..rest.find(until).unwrap_or(rest.len())]
}

async fn post(client: &mut Client, path: &str, fields: &[(&str, String)]) -> Page {
    let form = client.get(path_of_form(path)).await;
    let token = form.form_token();
    let mut pairs: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
    pairs.push(("csrf_token", &token));
    client.post_form(path, &pairs).await
}

/// The page whose form posts to `path`.
fn path_of_form(path: &str) -> &str {
    path.strip_suffix("/sign-off")
        .or_else(|| path.strip_suffix("/check-ins"))
        .unwrap_or(path)
}

/// The three boxes of a date input.
fn date_fields(id: &str, day: Date) -> Vec<(String, String)> {
    vec![
        (format!("{id}-day"), day.format("%-d").to_string()),
        (format!("{id}-month"), day.format("%-m").to_string()),
        (format!("{id}-year"), day.format("%Y").to_string()),
    ]
}

fn fields(pairs: &[(&'static str, &str)], dates: &[(&str, Date)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    for (id, day) in dates {
        all.extend(date_fields(id, *day));
    }
    all
}

async fn post_owned(client: &mut Client, path: &str, fields: &[(String, String)]) -> Page {
    let borrowed: Vec<(&str, String)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.clone()))
        .collect();
    post(client, path, &borrowed).await
}

/// Writes workforce records (placements) into the first council, as an import would.
async fn import(app: &TestApp, workforce: Workforce) {
    let source = ImportSource {
        actor: "test",
        description: "placements",
        action: "import",
        council_names: &[],
    };
    pathway_app::import(
        app.store.as_ref(),
        Upload::generated(vec![workforce]),
        ImportMode::Write,
        source,
    )
    .await
    .unwrap();
}

/// Workers of the first council with an employment running today who are not yet
/// international recruits (the demo council has some), in council order.
async fn employed_workers(app: &TestApp) -> Vec<WorkerId> {
    let workforce = &app.councils[0].1;
    let recruits = app.store.recruitment(app.council()).await.unwrap();
    let mut workers: Vec<WorkerId> = Vec::new();
    for employment in &workforce.employments {
        let worker = employment.worker_id();
        if employment.span().end().is_none()
            && !workers.contains(worker)
            && !recruits
                .international_recruits
                .iter()
                .any(|r| &r.worker_id == worker)
        {
            workers.push(worker.clone());
        }
    }
    workers
}

/// The link of the first anchor on the page whose text is `text`.
fn href_of(page: &Page, text: &str) -> String {
    let end = page
        .body
        .find(&format!(">{text}<"))
        .unwrap_or_else(|| panic!("no link {text} on the page"));
    let start = page.body[..end].rfind("href=\"").unwrap() + "href=\"".len();
    page.body[start..end].split('"').next().unwrap().to_owned()
}

fn placement(
    id: &str,
    university: &str,
    number: PlacementNumber,
    team: Option<&pathway_domain::ids::TeamId>,
    end: Option<&str>,
    outcome: Option<PlacementOutcome>,
    hired: Option<&WorkerId>,
) -> Placement {
    Placement {
        id: PlacementId::parse(id).unwrap(),
        student_name: format!("Student {id}"),
        university: university.to_owned(),
        number,
        team_id: team.cloned(),
        span: Span::new(date("2023-01-09"), end.map(date)).unwrap(),
        outcome,
        hired_worker_id: hired.cloned(),
    }
}

// ---------------------------------------------------------------- universities and placements

#[tokio::test]
async fn conversion_into_hires_is_shown_per_university_and_per_placement_number() {
    let app = TestApp::new().await;
    let council = app.council();
    let team = app.councils[0].1.teams[0].id.clone();
    let worker = employed_workers(&app).await[0].clone();
    let mut workforce = Workforce::new(council);
    use PlacementNumber::{Final, First};
    workforce.placements = vec![
        placement(
            "TP1",
            "Test University of Pathway",
            Final,
            Some(&team),
            Some("2023-05-26"),
            Some(PlacementOutcome::Accepted),
            Some(&worker),
        ),
        placement(
            "TP2",
            "Test University of Pathway",
            Final,
            Some(&team),
            Some("2023-05-26"),
            Some(PlacementOutcome::Declined),
            None,
        ),
        placement(
            "TP3",
            "test university of  pathway",
            First,
            Some(&team),
            Some("2023-05-26"),
            Some(PlacementOutcome::NotOffered),
            None,
        ),
        // Still running: counted as placed, not in the rate.
        placement(
            "TP4",
            "Test University of Pathway",
            First,
            Some(&team),
            None,
            None,
            None,
        ),
    ];
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    // The demo's own placements are counted too: compare before and after.
    let before = officer.get("/recruitment/placements").await;
    import(&app, workforce).await;

    // The university becomes a partner, under the name the placements use.
    let added = post_owned(
        &mut officer,
        "/recruitment/universities",
        &fields(
            &[
                ("name", "Test University of Pathway"),
                ("contact", "Dr Ada Tutor"),
            ],
            &[("partner_since", date("2019-09-01"))],
        ),
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let universities = officer.get("/recruitment/universities").await;
    assert!(universities.body.contains("Dr Ada Tutor"));
    assert!(universities.body.contains("1 September 2019"));

    let page = officer.get("/recruitment/placements").await;
    assert_eq!(page.status, StatusCode::OK);
    // Placed, running, offered, accepted, hired, hired of those ended.
    assert_eq!(
        row(&page, "conversion-university-test-university-of-pathway")[1..],
        ["4", "1", "2", "1", "1", "33.3%"]
    );
    // Placed, running, offered, accepted and hired added to each placement number.
    let added = |id: &str| -> Vec<i64> {
        row(&page, id)[1..6]
            .iter()
            .zip(&row(&before, id)[1..6])
            .map(|(after, before)| after.parse::<i64>().unwrap() - before.parse::<i64>().unwrap())
            .collect()
    };
    assert_eq!(added("conversion-number-2"), [2, 0, 2, 1, 1]);
    assert_eq!(added("conversion-number-1"), [2, 1, 0, 0, 0]);
    let hired = row(&page, "placement-tp1");
    assert_eq!(hired[0], "Student TP1");
    assert!(hired[2].contains("Final placement"));
    assert_eq!(row(&page, "placement-tp4")[6], "Still running");
}

#[tokio::test]
async fn a_practice_educator_is_recorded_on_the_placement_and_a_team_manager_sees_only_their_teams_placements()
 {
    let app = TestApp::new().await;
    let teams = &app.councils[0].1.teams;
    let mut workforce = Workforce::new(app.council());
    workforce.placements = vec![
        placement(
            "MINE",
            "Salford",
            PlacementNumber::Final,
            Some(&teams[0].id),
            Some("2023-05-26"),
            None,
            None,
        ),
        placement(
            "THEIRS",
            "Salford",
            PlacementNumber::Final,
            Some(&teams[1].id),
            Some("2023-05-26"),
            None,
            None,
        ),
    ];
    import(&app, workforce).await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let saved = post(
        &mut officer,
        "/recruitment/placements/MINE",
        &[("practice_educator", "Pat Educator".to_owned())],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = officer.get("/recruitment/placements/MINE").await;
    assert!(page.body.contains("Pat Educator"));
    assert!(page.body.contains("Student MINE"));

    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let list = manager.get("/recruitment/placements").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("id=\"placement-mine\""));
    assert!(!list.body.contains("id=\"placement-theirs\""));
    // Students' names are for those who run recruitment.
    assert!(!list.body.contains("Student MINE"));
    assert_eq!(
        manager.get("/recruitment/placements/THEIRS").await.status,
        StatusCode::NOT_FOUND
    );
    // Seeing is not changing.
    let form = manager.get("/recruitment/placements/MINE").await;
    assert!(!form.body.contains("name=\"practice_educator\""));
    let refused = manager
        .post_form(
            "/recruitment/placements/MINE",
            &[
                ("practice_educator", "Someone"),
                ("csrf_token", &form.form_token()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_university_form_with_errors_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let page = post_owned(
        &mut officer,
        "/recruitment/universities",
        &[
            ("name".to_owned(), "   ".to_owned()),
            ("contact".to_owned(), "Dr Kept Contact".to_owned()),
            ("partner_since-day".to_owned(), "31".to_owned()),
            ("partner_since-month".to_owned(), "2".to_owned()),
            ("partner_since-year".to_owned(), "2020".to_owned()),
        ],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("There is a problem"));
    assert!(
        page.body
            .contains("href=\"#name\">Enter the university&#39;s name")
    );
    assert!(page.body.contains("Partner since must be a real date"));
    assert!(page.body.contains("value=\"Dr Kept Contact\""));
    assert!(page.body.contains("value=\"31\""));
}

// ---------------------------------------------------------------- international recruits

async fn add_recruit(client: &mut Client, worker: &WorkerId, expires: Option<Date>) -> Page {
    let mut form = fields(
        &[
            ("worker_id", worker.as_str()),
            ("country", "Zimbabwe"),
            ("visa_type", "health_and_care_worker"),
            ("swe_status", "registered"),
            ("relocation_support", "Flights and a month's housing"),
        ],
        &[("arrived_on", today() - Days::new(20))],
    );
    if let Some(expires) = expires {
        form.extend(date_fields("right_to_work_expires", expires));
    }
    post_owned(client, "/recruitment/international/new", &form).await
}

#[tokio::test]
async fn a_right_to_work_is_flagged_from_the_first_day_of_the_alert_window() {
    let app = TestApp::new().await;
    let workers = employed_workers(&app).await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    // The default window is 90 days: the 90th day is in it, the 91st is not.
    for (worker, days) in [(&workers[0], 90), (&workers[1], 91), (&workers[2], 0)] {
        let added = add_recruit(&mut officer, worker, Some(today() + Days::new(days))).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let expired = add_recruit(&mut officer, &workers[3], Some(today() - Days::new(1))).await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);

    let page = officer.get("/recruitment/international").await;
    assert_eq!(page.status, StatusCode::OK);
    let alerts = section(&page, "visa-alerts", "</table>");
    let name = |worker: &WorkerId| {
        let w = app.councils[0]
            .1
            .workers
            .iter()
            .find(|w| &w.id == worker)
            .unwrap();
        format!("{} {}", w.given_name, w.family_name).replace('\'', "&#39;")
    };
    assert!(alerts.contains(&name(&workers[0])), "{alerts}");
    assert!(alerts.contains("Right to work ends in 90 days"));
    assert!(!alerts.contains(&name(&workers[1])));
    assert!(alerts.contains("Right to work ends today"));
    assert!(alerts.contains("Right to work expired"));
    let later = row(&page, &format!("recruit-{}", workers[1]));
    assert!(!later[3].contains("Right to work"), "{later:?}");

    // A shorter window in the settings drops the 90-day one.
    let settings = officer.get("/recruitment/settings").await;
    assert!(settings.body.contains("value=\"90\""));
    let saved = post(
        &mut officer,
        "/recruitment/settings",
        &[
            ("anonymise_after_months", "6".to_owned()),
            ("visa_alert_days", "89".to_owned()),
            ("region", String::new()),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = officer.get("/recruitment/international").await;
    let alerts = section(&page, "visa-alerts", "</table>");
    assert!(!alerts.contains(&name(&workers[0])));
}

#[tokio::test]
async fn a_recruits_check_ins_are_recorded_and_the_retention_comparison_is_drawn_with_its_table() {
    let app = TestApp::new().await;
    let workers = employed_workers(&app).await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let added = add_recruit(&mut officer, &workers[0], None).await;
    let href = added.location.clone().unwrap();
    assert_eq!(
        href,
        format!("/recruitment/international/{}?saved=1", workers[0])
    );
    let page_href = format!("/recruitment/international/{}", workers[0]);

    // Arrived 20 days ago: the first check-in is due within 14 days.
    let list = officer.get("/recruitment/international").await;
    assert!(section(&list, "check-ins-due", "</table>").contains("Due soon"));

    let check_in = post_owned(
        &mut officer,
        &format!("{page_href}/check-ins"),
        &fields(
            &[
                ("by", "Their team manager"),
                ("settling", "some_concerns"),
                ("notes", "Finding a school place"),
            ],
            &[("on", today())],
        ),
    )
    .await;
    assert_eq!(check_in.status, StatusCode::SEE_OTHER, "{}", check_in.body);
    let page = officer.get(&page_href).await;
    assert!(page.body.contains("Finding a school place"));
    assert!(page.body.contains("Some concerns"));
    assert!(page.body.contains("Zimbabwe"));
    let list = officer.get("/recruitment/international").await;
    assert!(list.body.contains("No check-in is due."));

    // A check-in form with errors keeps what was typed.
    let refused = post_owned(
        &mut officer,
        &format!("{page_href}/check-ins"),
        &fields(&[("by", ""), ("notes", "Kept notes")], &[]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("href=\"#on\">Enter the date held"));
    assert!(refused.body.contains("Enter who held the check-in"));
    assert!(refused.body.contains("Select how they are settling"));
    assert!(refused.body.contains("Kept notes"));

    // Retention against other starters: a chart with its table.
    assert!(list.body.contains("id=\"chart-international-survival\""));
    assert!(list.body.contains("id=\"survival-table\""));
    assert!(list.body.contains("International recruits: "));
    // The worker is a recruit once.
    let again = add_recruit(&mut officer, &workers[0], None).await;
    assert_eq!(again.status, StatusCode::OK);
    assert!(again.body.contains("is already an international recruit"));
    // Every view of the recruits was recorded.
    let audit = app.store.audit_trail(app.council(), 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "view international recruit")
    );
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "view international recruits")
    );
}

// ---------------------------------------------------------------- agency

/// An engagement's form fields; `starts`, `qualified` and `left` are dates.
fn engagement_form(
    reference: &str,
    name: &str,
    starts: Date,
    ends: Option<Date>,
    qualified: Date,
    left: Option<(Date, &str)>,
) -> Vec<(String, String)> {
    let mut form = fields(
        &[
            ("reference", reference),
            ("worker_name", name),
            ("agency", "Social Care Staffing Ltd"),
            ("job_type", "social_worker"),
            ("notice_weeks", "4"),
            ("hourly_rate", "38.50"),
        ],
        &[("starts_on", starts), ("qualified_on", qualified)],
    );
    if let Some(ends) = ends {
        form.extend(date_fields("ends_on", ends));
    }
    if let Some((left, council)) = left {
        form.extend(date_fields("left_permanent_on", left));
        form.push(("left_permanent_council".to_owned(), council.to_owned()));
    }
    form
}

/// The region and the agency engagements of the issue's cases, added through the
/// pages: experience of 2 years 11 months (AX1) and 3 years (AX2); starting 89 days
/// (AC1) and 92 days (AC2) after leaving a permanent post in a council of the region.
/// How many engagements the agency page says need sign-off.
fn needing_sign_off(page: &Page) -> usize {
    let marker = "id=\"needing-sign-off\">";
    page.body.find(marker).map_or(0, |at| {
        page.body[at + marker.len()..]
            .split('<')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    })
}

async fn issue_cases(app: &TestApp) -> Client {
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let region = app.other_council().to_string();
    let saved = post(
        &mut officer,
        "/recruitment/settings",
        &[
            ("anonymise_after_months", "6".to_owned()),
            ("visa_alert_days", "90".to_owned()),
            ("region", region.clone()),
            ("cap-social_worker", "40.00".to_owned()),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let left = date("2024-01-01");
    for form in [
        engagement_form(
            "AX1",
            "Ann Short",
            date("2024-02-15"),
            Some(date("2024-06-30")),
            date("2021-03-15"),
            None,
        ),
        engagement_form(
            "AX2",
            "Ben Enough",
            date("2024-02-15"),
            None,
            date("2021-02-15"),
            None,
        ),
        engagement_form(
            "AC1",
            "Cat Cooling",
            left + Days::new(89),
            None,
            date("2015-07-01"),
            Some((left, &region)),
        ),
        engagement_form(
            "AC2",
            "Dan Cooled",
            left + Days::new(92),
            None,
            date("2015-07-01"),
            Some((left, &region)),
        ),
    ] {
        let added = post_owned(&mut officer, "/recruitment/agency/new", &form).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    officer
}

#[tokio::test]
async fn the_issues_agency_cases_are_flagged_through_the_pages_and_a_sign_off_clears_them() {
    let app = TestApp::new().await;
    let mut officer = issue_cases(&app).await;

    let short = officer.get("/recruitment/agency/AX1").await;
    assert!(short.body.contains(
        "2 years 11 months of post-qualifying experience at the start: 3 years are required"
    ));
    assert!(short.body.contains("Needs sign-off"));
    let enough = officer.get("/recruitment/agency/AX2").await;
    assert!(enough.body.contains("The engagement keeps every rule."));
    let cooling = officer.get("/recruitment/agency/AC1").await;
    assert!(cooling.body.contains(&format!(
        "Left a permanent post with council {} on 2024-01-01: no agency work in the region for 3 months",
        app.other_council()
    )));
    let cooled = officer.get("/recruitment/agency/AC2").await;
    assert!(cooled.body.contains("The engagement keeps every rule."));

    // Those needing sign-off come first (the demo council has engagements of its own).
    let list = officer.get("/recruitment/agency").await;
    let needing = needing_sign_off(&list);
    assert!(row(&list, "engagement-AX1")[6].contains("Needs sign-off"));
    assert!(row(&list, "engagement-AC1")[6].contains("Needs sign-off"));
    assert!(!row(&list, "engagement-AX2")[6].contains("Needs sign-off"));
    assert!(!row(&list, "engagement-AC2")[6].contains("Needs sign-off"));
    let order: Vec<usize> = ["engagement-AX1", "engagement-AC1", "engagement-AX2"]
        .iter()
        .map(|id| list.body.find(&format!("id=\"{id}\"")).unwrap())
        .collect();
    assert!(order[0] < order[2] && order[1] < order[2], "{order:?}");
    assert!(row(&list, "engagement-AX1")[6].contains("Under 3 years&#39; experience"));

    // A sign-off needs who, when and why; then it clears "needs sign-off".
    let incomplete = post(
        &mut officer,
        "/recruitment/agency/AX1/sign-off",
        &[("by", "Jo Head".to_owned())],
    )
    .await;
    assert_eq!(incomplete.status, StatusCode::OK);
    assert!(incomplete.body.contains("Enter the date signed off"));
    assert!(
        incomplete
            .body
            .contains("Enter why the breaches are accepted")
    );
    assert!(incomplete.body.contains("value=\"Jo Head\""));
    let sign_off = fields(
        &[
            ("by", "Jo Head, Head of Service"),
            ("reason", "Court deadlines; no permanent worker available"),
        ],
        &[("on", date("2024-02-10"))],
    );
    let signed = post_owned(&mut officer, "/recruitment/agency/AX1/sign-off", &sign_off).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let page = officer.get("/recruitment/agency/AX1").await;
    assert!(page.body.contains("id=\"status\">Signed off<"));
    assert!(
        page.body
            .contains("Court deadlines; no permanent worker available")
    );
    let list = officer.get("/recruitment/agency").await;
    assert_eq!(needing_sign_off(&list), needing - 1);
    assert!(!row(&list, "engagement-AX1")[6].contains("Needs sign-off"));

    // Changing the engagement so that it breaks another rule needs a new sign-off.
    let mut dearer = engagement_form(
        "",
        "Ann Short",
        date("2024-02-15"),
        Some(date("2024-06-30")),
        date("2021-03-15"),
        None,
    );
    dearer.retain(|(name, _)| name != "reference" && name != "hourly_rate");
    dearer.push(("hourly_rate".to_owned(), "£45".to_owned()));
    let changed = post_owned(&mut officer, "/recruitment/agency/AX1/edit", &dearer).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let page = officer.get("/recruitment/agency/AX1").await;
    assert!(page.body.contains("id=\"status\">Needs sign-off<"));
    assert!(
        page.body
            .contains("£45.00 an hour is above the region&#39;s cap of £40.00")
    );
}

#[tokio::test]
async fn without_the_region_in_the_settings_leaving_a_neighbouring_council_is_not_flagged() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let region = app.other_council().to_string();
    let left = date("2024-01-01");
    let added = post_owned(
        &mut officer,
        "/recruitment/agency/new",
        &engagement_form(
            "",
            "Cat Cooling",
            left + Days::new(89),
            None,
            date("2015-07-01"),
            Some((left, &region)),
        ),
    )
    .await;
    // Numbered by Pathway when no reference is given.
    assert_eq!(
        added.location.as_deref(),
        Some("/recruitment/agency/A1?saved=1")
    );
    let page = officer.get("/recruitment/agency/A1").await;
    assert!(page.body.contains("The engagement keeps every rule."));
}

#[tokio::test]
async fn the_quarterly_export_has_the_documented_header_and_the_engagements_running_in_the_quarter()
{
    let app = TestApp::new().await;
    let mut officer = issue_cases(&app).await;
    let first = officer
        .get("/recruitment/agency/export.csv?quarter=2024Q1")
        .await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        first.headers[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(
        first.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains(&format!("agency-{}-2024Q1.csv", app.council()))
    );
    let mut reader = csv::Reader::from_reader(first.body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, QUARTER_COLUMNS);
    // The documented columns are these, in this order.
    let documented = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/agency-export.md"
    ))
    .unwrap();
    let in_docs: Vec<&str> = documented
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|line| line.split('`').next())
        .collect();
    assert_eq!(in_docs, QUARTER_COLUMNS);
    let column = |name: &str| QUARTER_COLUMNS.iter().position(|c| *c == name).unwrap();
    let all: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Every line is an engagement that ran on at least one day of the quarter, by
    // start date (the demo council has engagements of its own).
    let (first_day, last_day) = (date("2024-01-01"), date("2024-03-31"));
    for line in &all {
        let starts = date(&line[column("starts_on")]);
        let ends = Some(&line[column("ends_on")])
            .filter(|text| !text.is_empty())
            .map(date);
        assert!(
            starts <= last_day && ends.is_none_or(|end| end >= first_day),
            "{line:?}"
        );
        assert!(line[column("days_in_quarter")].parse::<u32>().unwrap() >= 1);
        assert_eq!(&line[column("council")], app.council().to_string());
    }
    let starts: Vec<Date> = all.iter().map(|l| date(&l[column("starts_on")])).collect();
    assert!(starts.windows(2).all(|pair| pair[0] <= pair[1]));
    let ours = ["AX1", "AX2", "AC1", "AC2"];
    let rows: Vec<&csv::StringRecord> = all
        .iter()
        .filter(|r| ours.contains(&&r[column("engagement_id")]))
        .collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[column("engagement_id")]).collect();
    // AC2 starts on 2 April: not in the first quarter.
    assert_eq!(ids, ["AX1", "AX2", "AC1"]);
    assert_eq!(&rows[0][column("days_in_quarter")], "46");
    assert_eq!(&rows[0][column("pq_experience_months")], "35");
    assert_eq!(&rows[0][column("breaches")], "experience");
    assert_eq!(&rows[0][column("hourly_rate")], "38.50");
    assert_eq!(&rows[0][column("price_cap")], "40.00");
    assert_eq!(&rows[1][column("breaches")], "");
    assert_eq!(&rows[2][column("days_in_quarter")], "2");
    assert_eq!(&rows[2][column("breaches")], "cooling_off");
    assert_eq!(
        &rows[2][column("left_permanent_council")],
        app.other_council().to_string()
    );

    let second = officer
        .get("/recruitment/agency/export.csv?quarter=2024Q3")
        .await;
    let mut reader = csv::Reader::from_reader(second.body.as_bytes());
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column("engagement_id")].to_owned())
        .filter(|id| ours.contains(&id.as_str()))
        .collect();
    // AX1 ended on 30 June.
    assert_eq!(ids, ["AX2", "AC1", "AC2"]);

    let audit = app.store.audit_trail(app.council(), 50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.entry.action == "export agency quarter"
                && e.entry.detail == format!("2024Q1: {} engagements", all.len()))
    );

    // A quarter that cannot be read is explained on the page, as typed.
    let wrong = officer
        .get("/recruitment/agency/export.csv?quarter=2024Q5")
        .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert!(
        wrong
            .body
            .contains("href=\"#quarter\">Enter the quarter as the year")
    );
    assert!(wrong.body.contains("value=\"2024Q5\""));
}

#[tokio::test]
async fn an_engagement_form_with_errors_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let page = post_owned(
        &mut officer,
        "/recruitment/agency/new",
        &fields(
            &[
                ("worker_name", "Sam Kept"),
                ("agency", ""),
                ("notice_weeks", "four"),
                ("hourly_rate", "forty"),
                ("left_permanent_council", "Lancs"),
            ],
            &[
                ("starts_on", date("2024-05-01")),
                ("ends_on", date("2024-04-01")),
            ],
        ),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    for message in [
        "Enter the agency",
        "Select the job",
        "End date must be the same as or after the start date",
        "Enter the qualification date",
        "Enter the notice period in whole weeks, from 0 to 52",
        "Enter the hourly rate in pounds and pence, such as 42.50",
        "Enter the council&#39;s 3-digit DfE code",
    ] {
        assert!(page.body.contains(message), "{message}");
    }
    assert!(page.body.contains("value=\"Sam Kept\""));
    assert!(page.body.contains("value=\"forty\""));
    assert!(page.body.contains("value=\"Lancs\""));
    assert!(page.body.contains("href=\"#hourly_rate\""));
    let settings = post(
        &mut officer,
        "/recruitment/settings",
        &[
            ("anonymise_after_months", "0".to_owned()),
            ("visa_alert_days", "90".to_owned()),
            ("region", "991 Lancs".to_owned()),
        ],
    )
    .await;
    assert_eq!(settings.status, StatusCode::OK);
    assert!(settings.body.contains("Lancs is not"));
    assert!(settings.body.contains("value=\"991 Lancs\""));
}

// ---------------------------------------------------------------- roles and councils

#[tokio::test]
async fn team_managers_and_viewers_cannot_open_the_agency_or_international_pages() {
    let app = TestApp::new().await;
    let mut clients = Vec::new();
    for role in [
        UserRole::TeamManager,
        UserRole::Viewer,
        UserRole::Practitioner,
    ] {
        let mut client = app.signed_in(role).await;
        for path in [
            "/recruitment/agency",
            "/recruitment/agency/new",
            "/recruitment/agency/export.csv?quarter=2024Q1",
            "/recruitment/international",
            "/recruitment/international/new",
            "/recruitment/settings",
        ] {
            assert_eq!(
                client.get(path).await.status,
                StatusCode::FORBIDDEN,
                "{role} {path}"
            );
        }
        clients.push(client);
    }
    // Team managers see the placements; viewers see no recruitment at all.
    assert_eq!(
        clients[0].get("/recruitment/placements").await.status,
        StatusCode::OK
    );
    assert_eq!(
        clients[1].get("/recruitment/placements").await.status,
        StatusCode::FORBIDDEN
    );
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    assert_eq!(lead.get("/recruitment/agency").await.status, StatusCode::OK);
}

#[tokio::test]
async fn another_councils_engagements_recruits_and_universities_are_not_found() {
    let app = TestApp::new().await;
    let mut officer = issue_cases(&app).await;
    let worker = employed_workers(&app).await[0].clone();
    add_recruit(&mut officer, &worker, None).await;
    post_owned(
        &mut officer,
        "/recruitment/universities",
        &fields(&[("name", "Only Ours University")], &[]),
    )
    .await;

    let email = "officer@other.example";
    add_user_with_password(
        app.store.as_ref(),
        Some(app.other_council()),
        email,
        UserRole::RecruitmentOfficer,
        None,
        Vec::new(),
        PASSWORD,
    )
    .await
    .unwrap();
    let mut other = app.client();
    other.sign_in(email, PASSWORD).await;
    assert_eq!(
        other.get("/recruitment/agency/AX1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        other
            .get(&format!("/recruitment/international/{worker}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let universities = officer.get("/recruitment/universities").await;
    let ours = href_of(
        &universities,
        "Only Ours University<span class=\"govuk-visually-hidden\">: change</span>",
    );
    assert_eq!(officer.get(&ours).await.status, StatusCode::OK);
    assert_eq!(other.get(&ours).await.status, StatusCode::NOT_FOUND);
    let list = other.get("/recruitment/agency").await;
    assert!(!list.body.contains("Ann Short"));
    let csv = other
        .get("/recruitment/agency/export.csv?quarter=2024Q1")
        .await;
    assert!(!csv.body.contains("Ann Short"));
    assert!(
        csv.body
            .lines()
            .skip(1)
            .all(|line| line.starts_with(&format!("{},", app.other_council())))
    );
    // Posting to another council's engagement changes nothing there.
    let form = other.get("/recruitment/agency").await;
    let refused = other
        .post_form(
            "/recruitment/agency/AX1/sign-off",
            &[
                ("by", "Someone"),
                ("reason", "Because"),
                ("on-day", "1"),
                ("on-month", "2"),
                ("on-year", "2024"),
                ("csrf_token", &form.form_token()),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let stored = app.store.recruitment(app.council()).await.unwrap();
    let ax1 = stored
        .engagements
        .iter()
        .find(|e| e.id.as_str() == "AX1")
        .unwrap();
    assert_eq!(ax1.sign_off, None);
    let theirs = app.store.recruitment(app.other_council()).await.unwrap();
    assert!(theirs.engagements.iter().all(|e| e.id.as_str() != "AX1"));
}

// ---------------------------------------------------------------- the API

#[tokio::test]
async fn the_api_reports_breaches_takes_a_sign_off_and_keeps_recruits_to_those_who_run_recruitment()
{
    let app = TestApp::new().await;
    let mut officer = app.signed_in(UserRole::RecruitmentOfficer).await;
    let officer_token = officer.api_token().await;
    let region = app.other_council().to_string();
    let (status, settings) = app
        .api(
            "PUT",
            "/api/v1/recruitment/settings",
            &officer_token,
            Some(json!({
                "anonymise_after_months": 6,
                "visa_alert_days": 60,
                "region": [region],
                "price_caps": [{"job_type": "social_worker", "hourly_pence": 4000}],
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["region"], json!([region]));
    let (status, engagement) = app
        .api(
            "PUT",
            "/api/v1/recruitment/agency/API1",
            &officer_token,
            Some(json!({
                "worker_name": "Eve Api",
                "agency": "Locums Direct",
                "job_type": "social_worker",
                "starts_on": "2024-03-30",
                "qualified_on": "2015-07-01",
                "left_permanent_on": "2024-01-01",
                "left_permanent_council": region,
                "notice_weeks": 2,
                "hourly_rate_pence": 3900,
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{engagement}");
    let codes: Vec<&str> = engagement["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["cooling_off", "notice"]);
    assert_eq!(engagement["needs_sign_off"], json!(true));
    let (status, signed) = app
        .api(
            "POST",
            "/api/v1/recruitment/agency/API1/sign-off",
            &officer_token,
            Some(json!({"by": "Jo Head", "on": "2024-03-28", "reason": "Court work"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(signed["needs_sign_off"], json!(false));
    let (status, list) = app
        .api("GET", "/api/v1/recruitment/agency", &officer_token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let api1 = list["engagements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["engagement_id"] == json!("API1"))
        .unwrap();
    assert_eq!(api1["sign_off"]["by"], json!("Jo Head"));

    let worker = employed_workers(&app).await[0].clone();
    let expires = (today() + Days::new(60)).to_string();
    let (status, recruit) = app
        .api(
            "PUT",
            &format!("/api/v1/recruitment/international/{worker}"),
            &officer_token,
            Some(json!({
                "country": "India",
                "visa_type": "skilled_worker",
                "right_to_work_expires": expires,
                "swe_status": "applied",
            })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{recruit}");
    assert_eq!(recruit["visa_alert"]["days_left"], json!(60));
    let (status, international) = app
        .api(
            "GET",
            "/api/v1/recruitment/international",
            &officer_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(international["visa_alerts"].as_array().unwrap().iter().any(
        |alert| alert["worker_id"] == json!(worker.as_str()) && alert["days_left"] == json!(60)
    ));

    let mut manager = app.signed_in(UserRole::TeamManager).await;
    let manager_token = manager.api_token().await;
    for path in [
        "/api/v1/recruitment/international",
        "/api/v1/recruitment/agency",
        "/api/v1/recruitment/settings",
    ] {
        let (status, _) = app.api("GET", path, &manager_token, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    let (status, placements) = app
        .api(
            "GET",
            "/api/v1/recruitment/placements",
            &manager_token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        placements["placements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["student_name"].is_null())
    );
}
