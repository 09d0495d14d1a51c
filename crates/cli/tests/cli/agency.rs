//! `pathway agency export`: the quarter's engagements as the documented CSV, with
//! their days in the quarter, breaches under the council's settings and sign-offs;
//! a quarter or council that cannot be used is refused in words.

use crate::support;

use pathway_app::{RecruitmentRequest, change_recruitment};
use pathway_domain::CouncilCode;
use pathway_domain::ids::EngagementId;
use pathway_domain::recruitment::agency::QUARTER_COLUMNS;
use pathway_domain::recruitment::{
    AgencyEngagement, AgencyJobType, RecruitmentChange, RecruitmentSettings, SignOff,
};
use pathway_domain::values::{Date, parse_date};
use pathway_store_sqlite::SqliteStore;
use support::{Scratch, read_csv};

fn date(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn engagement(id: &str, starts_on: &str, ends_on: Option<&str>) -> AgencyEngagement {
    AgencyEngagement {
        id: EngagementId::parse(id).unwrap(),
        worker_name: format!("Worker {id}"),
        agency: "Locums, Direct & Co".to_owned(),
        job_type: AgencyJobType::SeniorSocialWorker,
        vacancy_id: None,
        team_id: None,
        starts_on: date(starts_on),
        ends_on: ends_on.map(date),
        qualified_on: date("2015-07-01"),
        left_permanent_on: None,
        left_permanent_council: None,
        notice_weeks: 4,
        hourly_rate_pence: 4_400,
        sign_off: None,
    }
}

/// The small fixture council (888) with a region and four engagements: one ended
/// before the quarter, one across its start with a signed-off short notice, one
/// starting on its last day 2 months after leaving a post in the region, one after.
fn with_engagements() -> Scratch {
    let scratch = Scratch::new();
    let data = scratch.small_council("small");
    scratch.pathway_ok(&["import", data.to_str().unwrap()]);
    let mut across = engagement("E2", "2024-06-20", Some("2024-07-05"));
    across.notice_weeks = 1;
    across.sign_off = Some(SignOff {
        by: "Head of Service".to_owned(),
        on: date("2024-06-18"),
        reason: "Court deadline".to_owned(),
    });
    let mut cooling = engagement("E3", "2024-09-30", None);
    cooling.left_permanent_on = Some(date("2024-07-31"));
    cooling.left_permanent_council = Some(CouncilCode::parse("889").unwrap());
    cooling.hourly_rate_pence = 4_600;
    let changes = vec![
        RecruitmentChange::PutSettings(RecruitmentSettings {
            region: vec![CouncilCode::parse("889").unwrap()],
            ..RecruitmentSettings::default()
        }),
        RecruitmentChange::PutEngagement(engagement("E1", "2024-01-02", Some("2024-06-30"))),
        RecruitmentChange::PutEngagement(across),
        RecruitmentChange::PutEngagement(cooling),
        RecruitmentChange::PutEngagement(engagement("E4", "2024-10-01", None)),
    ];
    let database = scratch.database();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let store = SqliteStore::open(database.to_str().unwrap()).await.unwrap();
            change_recruitment(
                &store,
                CouncilCode::parse("888").unwrap(),
                RecruitmentRequest {
                    actor: "test",
                    action: "recruitment",
                    description: "agency engagements",
                },
                None,
                changes,
            )
            .await
            .unwrap();
            store.close().await;
        });
    scratch
}

#[test]
fn the_quarters_file_has_the_documented_header_and_the_engagements_running_in_it() {
    let scratch = with_engagements();
    let file = scratch.path("agency-2024Q3.csv");
    let said = scratch.pathway_ok(&[
        "agency",
        "export",
        "--council",
        "888",
        "--quarter",
        "2024Q3",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        said.contains("Wrote 2 engagements running in 2024Q3"),
        "{said}"
    );
    let rows = read_csv(&file);
    assert_eq!(rows[0], QUARTER_COLUMNS);
    let cell = |row: usize, column: &str| {
        rows[row][QUARTER_COLUMNS.iter().position(|c| *c == column).unwrap()].clone()
    };
    assert_eq!(rows.len(), 3);
    assert_eq!(cell(1, "engagement_id"), "E2");
    assert_eq!(cell(1, "days_in_quarter"), "5");
    assert_eq!(cell(1, "agency"), "Locums, Direct & Co");
    assert_eq!(cell(1, "job_type"), "senior_social_worker");
    assert_eq!(cell(1, "breaches"), "notice");
    assert_eq!(cell(1, "signed_off_by"), "Head of Service");
    assert_eq!(cell(1, "price_cap"), "45.00");
    assert_eq!(cell(2, "engagement_id"), "E3");
    assert_eq!(cell(2, "days_in_quarter"), "1");
    assert_eq!(cell(2, "breaches"), "cooling_off;above_cap");
    assert_eq!(cell(2, "signed_off_by"), "");
    assert_eq!(cell(2, "council"), "888");
    assert_eq!(cell(2, "quarter"), "2024Q3");

    let audit = scratch.pathway_ok(&["audit", "--council", "888"]);
    assert!(audit.contains("export agency quarter"), "{audit}");
}

#[test]
fn a_quarter_that_cannot_be_read_or_an_unknown_council_is_refused() {
    let scratch = with_engagements();
    let file = scratch.path("out.csv");
    let wrong = scratch.pathway(&[
        "agency",
        "export",
        "--council",
        "888",
        "--quarter",
        "2024Q5",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("2024Q3"));
    let unknown = scratch.pathway(&[
        "agency",
        "export",
        "--council",
        "777",
        "--quarter",
        "2024Q3",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(!unknown.status.success());
    assert!(!file.exists());
}
