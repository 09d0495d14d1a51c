//! The dashboard: headline figures at a reference date, the five-year trend drawn as
//! SVG charts, each followed by its table, and sentences that match the figures.

use crate::support;

use axum::http::StatusCode;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use pathway_domain::measures::{self, MeasureOptions, ScopeMeasures};
use pathway_domain::values::parse_date;
use support::TestApp;

/// The part of the page from its first `<h2 id="trend">`-style marker on.
fn after<'a>(body: &'a str, marker: &str) -> &'a str {
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} on the page"));
    &body[start..]
}

/// The measures of the app's first council at `date`, computed directly.
async fn measures_at(app: &TestApp, date: &str) -> ScopeMeasures {
    let workforce = app.store.workforce(app.council()).await.unwrap();
    let mut report =
        measures::compute(&[workforce], &MeasureOptions::at(parse_date(date).unwrap()));
    report
        .authorities
        .remove(&app.council().to_string())
        .unwrap()
}

#[tokio::test]
async fn the_trend_table_shows_five_years_ending_at_the_reference_date() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/?date=2024-09-30").await;
    assert_eq!(page.status, StatusCode::OK);
    let trend = after(&page.body, "id=\"rates\"");
    let table = &trend[trend.find("<table").unwrap()..trend.find("</table>").unwrap()];
    for year in 2020..=2024 {
        assert!(
            table.contains(&format!(">30 September {year}</th>")),
            "{year} in the trend table: {table}"
        );
    }
    assert!(!table.contains("30 September 2019"));
    assert_eq!(table.matches("scope=\"row\"").count(), 5);
}

#[tokio::test]
async fn every_chart_is_an_image_with_a_title_and_description_followed_by_a_table() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/?date=2024-09-30").await;
    let charts: Vec<&str> = page.body.split("<svg ").skip(1).collect();
    assert_eq!(charts.len(), 5, "five charts");
    for chart in charts {
        let svg = &chart[..chart.find("</svg>").unwrap()];
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(svg.contains("<title id="), "{svg}");
        assert!(svg.contains("<desc id="), "{svg}");
        assert!(!svg.contains("NaN"), "{svg}");
        let rest = &chart[chart.find("</svg>").unwrap()..];
        let table = rest.find("<table").expect("a table after the chart");
        assert!(
            rest.find("<svg").is_none_or(|next| table < next),
            "the table comes before the next chart"
        );
        let table = &rest[table..];
        assert!(table.contains("<caption"));
        assert!(table.contains("scope=\"col\""));
        assert!(table.contains("govuk-table__cell--numeric"));
    }
}

#[tokio::test]
async fn the_summary_sentences_match_the_figures() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/?date=2024-09-30").await;
    let first = measures_at(&app, "2020-09-30").await;
    let last = measures_at(&app, "2024-09-30").await;
    let verb = |from: f64, to: f64| {
        if format!("{from:.1}") == format!("{to:.1}") {
            "stayed at"
        } else if to > from {
            "rose"
        } else {
            "fell"
        }
    };
    let (from, to) = (first.workforce.vacancy_fte, last.workforce.vacancy_fte);
    let expected = if verb(from, to) == "stayed at" {
        format!("Vacancies stayed at {from:.1} FTE from 30 September 2020 to 30 September 2024.")
    } else {
        format!(
            "Vacancies {} from {from:.1} FTE at 30 September 2020 to {to:.1} FTE at 30 September 2024.",
            verb(from, to)
        )
    };
    assert!(page.body.contains(&expected), "{expected} not in the page");
    let (from, to) = (first.workforce.fte, last.workforce.fte);
    assert!(
        page.body
            .contains(&format!("Social workers in post {} ", verb(from, to))),
        "in post sentence"
    );
    // The same sentence is the chart's description.
    assert!(page.body.contains(&format!("{expected}</desc>")));
    let rate = |value: Option<f64>| value.map(|v| format!("{:.1}%", v * 100.0));
    if let (Some(from), Some(to)) = (
        rate(first.workforce.turnover_rate),
        rate(last.workforce.turnover_rate),
    ) && from != to
    {
        assert!(page.body.contains(&format!(
            "from {from} at 30 September 2020 to {to} at 30 September 2024."
        )));
    }
}

#[tokio::test]
async fn a_date_in_the_query_changes_the_reference_date() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/?date=2023-09-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Workforce at 30 September 2023"));
    assert!(page.body.contains("value=\"2023-09-30\""));
    assert!(page.body.contains(">30 September 2019</th>"));
    let expected = measures_at(&app, "2023-09-30").await;
    assert!(page.body.contains(&format!(
        "({:.1} FTE vacant)",
        expected.workforce.vacancy_fte
    )));
}

#[tokio::test]
async fn a_bad_date_shows_an_error_and_the_census_date_figures() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/?date=2023-02-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("govuk-error-summary"));
    assert!(page.body.contains("govuk-error-message"));
    assert!(
        page.body
            .contains("Enter the reference date as a real date")
    );
    assert!(page.body.contains("href=\"#date\""));
    assert!(page.body.contains("<title>Error: Dashboard"));
    assert!(
        page.body.contains("value=\"2023-02-30\""),
        "what was typed is kept"
    );
    let census = measures::census_date_on_or_before(chrono::Utc::now().date_naive());
    assert!(
        page.body
            .contains(&format!("Workforce at {}", census.format("%-d %B %Y")))
    );
    assert_eq!(page.body.matches("<svg ").count(), 5);

    let page = lead.get("/?date=nonsense%3Cscript%3E").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("nonsense<script>"));
}

#[tokio::test]
async fn a_viewer_sees_the_dashboard() {
    let app = TestApp::new().await;
    let mut viewer = app.signed_in(UserRole::Viewer).await;
    let page = viewer.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&app.councils[0].0.name));
    assert!(page.body.contains("Five-year trend"));
}

#[tokio::test]
async fn an_administrator_sees_every_council_pooled() {
    let app = TestApp::new().await;
    let mut admin = app.signed_in(UserRole::Admin).await;
    let page = admin.get("/?date=2024-09-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("All councils"));
    let one = measures_at(&app, "2024-09-30").await;
    let workforces = vec![
        app.store.workforce(app.council()).await.unwrap(),
        app.store.workforce(app.other_council()).await.unwrap(),
    ];
    let all = measures::compute(
        &workforces,
        &MeasureOptions::at(parse_date("2024-09-30").unwrap()),
    );
    let pooled = &all.authorities["all"].workforce;
    assert!(pooled.fte > one.workforce.fte);
    assert!(page.body.contains(&format!("({:.1} FTE)", pooled.fte)));
}

#[tokio::test]
async fn missing_values_are_shown_as_z_with_an_explanation() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    // Long before the demo council's records begin, nothing can be divided.
    let page = lead.get("/?date=2001-09-30").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("<abbr title=\"not applicable\">z</abbr>")
    );
    assert!(
        page.body
            .contains("no figure at 30 September 1997 or at 30 September 2001")
    );
    assert!(!page.body.contains("NaN"));
}

/// Adds one permanent full-time social worker in post since 2020 to the app's first
/// council, as an import would.
async fn add_a_social_worker(app: &TestApp) {
    use pathway_app::{AuditEntry, SaveBatch};
    use pathway_domain::codes::{Contract, Role, Service};
    use pathway_domain::ids::{EmploymentId, WorkerId};
    use pathway_domain::records::{Assignment, Employment, Worker};
    use pathway_domain::values::{Fte, Span};
    use pathway_domain::workforce::SourceRows;
    use pathway_domain::{BulkFile, import};

    let stored = app.store.workforce(app.council()).await.unwrap();
    let mut upload = stored.clone();
    let team = stored
        .teams
        .iter()
        .find(|team| team.service == Service::Children)
        .unwrap()
        .id
        .clone();
    let worker = WorkerId::parse("WCACHE1").unwrap();
    let employment = EmploymentId::parse("ECACHE1").unwrap();
    let span = Span::new(parse_date("2020-01-06").unwrap(), None).unwrap();
    upload.workers.push(Worker {
        id: worker.clone(),
        given_name: "Ngozi".into(),
        family_name: "Cachebuster".into(),
        swe_number: None,
        gender: None,
        date_of_birth: None,
        ethnicity: None,
        qualified_on: None,
        qualification_institution: None,
        qualification_level: None,
        route: None,
        bsl: None,
        languages: vec![],
    });
    upload
        .employments
        .push(Employment::new(employment.clone(), worker, span, None, None, None).unwrap());
    upload.assignments.push(Assignment {
        employment_id: employment,
        span,
        team_id: Some(team),
        role: Role::SocialWorker,
        contract: Contract::Permanent,
        fte: Fte::new(1.0).unwrap(),
    });
    let mut rows = SourceRows::default();
    for file in BulkFile::ALL {
        for index in 0..upload.count(file) {
            rows.push(file, Some(index as u32 + 2));
        }
    }
    let plan = import::plan(stored, upload, &rows).unwrap();
    app.store
        .save(SaveBatch {
            plans: &[plan],
            audit: &[AuditEntry {
                council: app.council(),
                actor: "test".into(),
                action: "import".into(),
                detail: "one social worker".into(),
            }],
            ..SaveBatch::default()
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_change_to_the_records_shows_at_once_on_pages_seen_before_it() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let before = measures_at(&app, "2024-09-30").await.workforce.headcount;
    let in_post = |count: u64| format!("pathway-figure\">{count}</span>");
    let first = lead.get("/?date=2024-09-30").await;
    assert!(
        first.body.contains(&in_post(before)),
        "{before} in post at first"
    );
    // Seen again unchanged (from the server's cache): the same figures.
    let again = lead.get("/?date=2024-09-30").await;
    assert_eq!(first.body, again.body);
    assert!(
        !lead
            .get("/workers?q=Cachebuster")
            .await
            .body
            .contains("Ngozi")
    );

    add_a_social_worker(&app).await;

    let after = lead.get("/?date=2024-09-30").await;
    assert!(
        after.body.contains(&in_post(before + 1)),
        "{} in post after the change",
        before + 1
    );
    assert!(
        lead.get("/workers?q=Cachebuster")
            .await
            .body
            .contains("Ngozi")
    );
}
