//! The SQLite store keeps each council's recruitment as it is changed, all or nothing,
//! and `change_recruitment` writes only checked changes, with the workforce records
//! they bring, in one transaction.

use chrono::NaiveTime;
use pathway_app::{
    AuditEntry, ImportError, ImportExtras, ImportMode, ImportSource, RecruitmentChangeError,
    RecruitmentRequest, SaveBatch, Store, Upload, change_recruitment, import_with_extras,
};
use pathway_domain::codes::{Contract, PlacementNumber, Role, Service, StartOrigin, VacancyStage};
use pathway_domain::ids::{
    CandidateId, EmploymentId, EngagementId, EventId, PlacementId, PostId, TeamId, UniversityId,
    VacancyId, WorkerId,
};
use pathway_domain::import::{self, ImportPlan};
use pathway_domain::records::{
    Assignment, Employment, Placement, RecruitmentEvent, Team, Vacancy, Worker,
};
use pathway_domain::recruitment::{
    AgencyEngagement, AgencyJobType, Candidate, CandidateSource, CandidateStage,
    CandidateStageChange, CheckIn, EventAttendee, EventDetails, InternationalRecruit,
    PlacementDetails, Post, PriceCap, Recruitment, RecruitmentChange, RecruitmentChanges,
    RecruitmentError, RecruitmentSettings, Settling, SignOff, StageChange, SweStatus, University,
    VacancyPost, VisaType,
};
use pathway_domain::values::{Date, Fte, Span, SweNumber, parse_date};
use pathway_domain::workforce::SourceRows;
use pathway_domain::{Council, CouncilCode, Workforce};
use pathway_store_sqlite::SqliteStore;

fn code(text: &str) -> CouncilCode {
    CouncilCode::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
}

fn team() -> TeamId {
    TeamId::parse("T1").unwrap()
}

fn worker(index: usize) -> WorkerId {
    WorkerId::parse(&format!("W{index}")).unwrap()
}

fn vacancy_id(number: u32) -> VacancyId {
    VacancyId::parse(&format!("V{number}")).unwrap()
}

fn post_id(number: u32) -> PostId {
    PostId::parse(&format!("P{number}")).unwrap()
}

fn candidate_id(number: u32) -> CandidateId {
    CandidateId::parse(&format!("C{number}")).unwrap()
}

fn event() -> EventId {
    EventId::parse("RE1").unwrap()
}

fn placement() -> PlacementId {
    PlacementId::parse("PL1").unwrap()
}

fn vacancy(number: u32, stage: VacancyStage, closed_on: Option<&str>) -> Vacancy {
    Vacancy {
        id: vacancy_id(number),
        team_id: Some(team()),
        role: Role::SocialWorker,
        fte: Fte::new(1.0).unwrap(),
        open: Span::new(day("2024-01-08"), closed_on.map(day)).unwrap(),
        stage,
        covered_by_agency: Some(false),
    }
}

/// A council with a team, two social workers in post, two advertised vacancies, a
/// recruitment event and a student placement.
fn workforce(council: &str) -> Workforce {
    let mut workforce = Workforce::new(code(council));
    workforce.teams.push(Team {
        id: team(),
        name: "Front door".into(),
        service: Service::Children,
        locality: None,
    });
    for index in 0..2 {
        workforce.workers.push(Worker {
            id: worker(index),
            given_name: format!("Person {index}"),
            family_name: "Smith".into(),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: Some(day("2019-07-01")),
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: Vec::new(),
        });
        let employment_id = EmploymentId::parse(&format!("E{index}")).unwrap();
        let span = Span::new(day("2023-03-06"), None).unwrap();
        workforce.employments.push(
            Employment::new(
                employment_id.clone(),
                worker(index),
                span,
                Some(StartOrigin::OutsideEngland),
                None,
                None,
            )
            .unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id,
            span,
            team_id: Some(team()),
            role: Role::SocialWorker,
            contract: Contract::Permanent,
            fte: Fte::new(1.0).unwrap(),
        });
    }
    workforce
        .vacancies
        .push(vacancy(1, VacancyStage::Advertised, None));
    workforce
        .vacancies
        .push(vacancy(2, VacancyStage::Advertised, None));
    workforce.recruitment_events.push(RecruitmentEvent {
        id: event(),
        held_on: day("2024-02-01"),
        location: "Civic Centre".into(),
        out_of_hours: Some(true),
        attendees: Some(2),
        applications: Some(1),
        offers: None,
        hires: None,
    });
    workforce.placements.push(Placement {
        id: placement(),
        student_name: "Sam Student".into(),
        university: "University of Northfield".into(),
        number: PlacementNumber::Final,
        team_id: Some(team()),
        span: Span::new(day("2024-01-08"), Some(day("2024-05-10"))).unwrap(),
        outcome: None,
        hired_worker_id: None,
    });
    workforce
}

fn plan(stored: Workforce, upload: Workforce) -> ImportPlan {
    import::plan(stored, upload, &SourceRows::default()).unwrap()
}

async fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("pathway.db").to_str().unwrap())
        .await
        .unwrap();
    (dir, store)
}

/// A store holding council 888 (and, if `others`, 840) with its records.
async fn store_with_records(others: bool) -> (tempfile::TempDir, SqliteStore) {
    let (dir, store) = open().await;
    let mut councils = vec![Council::unnamed(code("888"))];
    let mut plans = vec![plan(Workforce::new(code("888")), workforce("888"))];
    if others {
        councils.push(Council::unnamed(code("840")));
        plans.push(plan(Workforce::new(code("840")), workforce("840")));
    }
    store
        .save(SaveBatch {
            councils: &councils,
            plans: &plans,
            academy: &[],
            recruitment: &[],
            audit: &[],
            ..SaveBatch::default()
        })
        .await
        .unwrap();
    (dir, store)
}

async fn save_recruitment(
    store: &SqliteStore,
    council: &str,
    changes: Vec<RecruitmentChange>,
) -> Result<(), pathway_app::StoreError> {
    store
        .save(SaveBatch {
            councils: &[],
            plans: &[],
            academy: &[],
            recruitment: &[RecruitmentChanges {
                council: code(council),
                changes,
            }],
            audit: &[],
            ..SaveBatch::default()
        })
        .await
}

fn post(number: u32, title: &str) -> Post {
    Post {
        id: post_id(number),
        title: title.into(),
        team_id: Some(team()),
        role: Role::SocialWorker,
        fte: Fte::new(1.0).unwrap(),
        funded: true,
    }
}

fn stage_change(vacancy: u32, number: u32, on: &str, stage: VacancyStage) -> StageChange {
    StageChange {
        vacancy_id: vacancy_id(vacancy),
        number,
        on: day(on),
        stage,
        by: "recruitment@example.org".into(),
    }
}

fn candidate(number: u32) -> Candidate {
    Candidate {
        id: candidate_id(number),
        given_name: "Ama".into(),
        family_name: "Mensah".into(),
        email: "ama@example.org".into(),
        phone: "07700 900123".into(),
        source: CandidateSource::RecruitmentEvent,
        vacancy_id: Some(vacancy_id(1)),
        event_id: Some(event()),
        placement_id: Some(placement()),
        applied_on: day("2024-02-05"),
        stage: CandidateStage::Offered,
        swe_number: Some(SweNumber::parse("SW12345").unwrap()),
        start_date: Some(day("2024-05-06")),
        role: Some(Role::SocialWorker),
        team_id: Some(team()),
        fte: Some(Fte::new(0.8).unwrap()),
        worker_id: None,
        anonymised_on: None,
    }
}

fn attendee(number: u32, candidate: Option<u32>) -> EventAttendee {
    EventAttendee {
        event_id: event(),
        number,
        name: format!("Attendee {number}"),
        email: format!("attendee{number}@example.org"),
        interested_in: "child protection, part time".into(),
        candidate_id: candidate.map(candidate_id),
    }
}

fn engagement(signed_off: bool) -> AgencyEngagement {
    AgencyEngagement {
        id: EngagementId::parse("A1").unwrap(),
        worker_name: "Sam Locum".into(),
        agency: "Social Care Staffing Ltd".into(),
        job_type: AgencyJobType::SeniorSocialWorker,
        vacancy_id: Some(vacancy_id(2)),
        team_id: Some(team()),
        starts_on: day("2024-03-04"),
        ends_on: Some(day("2024-09-27")),
        qualified_on: day("2022-07-01"),
        left_permanent_on: Some(day("2024-01-31")),
        left_permanent_council: Some(code("889")),
        notice_weeks: 2,
        hourly_rate_pence: 4_750,
        sign_off: signed_off.then(|| SignOff {
            by: "Head of service".into(),
            on: day("2024-03-01"),
            reason: "Court work cannot wait".into(),
        }),
    }
}

/// One change of every kind but the removals; the settings' region and caps in key
/// order, as the store reads them back.
fn every_kind_of_change() -> Vec<RecruitmentChange> {
    let mut caps = pathway_domain::recruitment::agency::default_price_caps();
    caps[0].hourly_pence = 4_100;
    vec![
        RecruitmentChange::PutSettings(RecruitmentSettings {
            anonymise_after_months: 9,
            visa_alert_days: 60,
            region: vec![code("889"), code("890")],
            price_caps: caps,
        }),
        RecruitmentChange::PutPost(post(1, "Social worker, Front door")),
        RecruitmentChange::PutPost(Post {
            team_id: None,
            funded: false,
            fte: Fte::new(0.5).unwrap(),
            ..post(2, "Social worker, unfunded")
        }),
        RecruitmentChange::PutVacancyPost(VacancyPost {
            vacancy_id: vacancy_id(1),
            post_id: post_id(1),
        }),
        RecruitmentChange::PutStageChange(stage_change(
            1,
            1,
            "2024-01-08",
            VacancyStage::Advertised,
        )),
        RecruitmentChange::PutStageChange(stage_change(
            1,
            2,
            "2024-02-12",
            VacancyStage::Shortlisting,
        )),
        RecruitmentChange::PutCandidate(candidate(1)),
        RecruitmentChange::PutCandidate(Candidate {
            given_name: String::new(),
            family_name: String::new(),
            email: String::new(),
            phone: String::new(),
            source: CandidateSource::Advert,
            vacancy_id: None,
            event_id: None,
            placement_id: None,
            stage: CandidateStage::Rejected,
            swe_number: None,
            start_date: None,
            role: None,
            team_id: None,
            fte: None,
            anonymised_on: Some(day("2024-09-01")),
            ..candidate(2)
        }),
        RecruitmentChange::PutCandidateStageChange(CandidateStageChange {
            candidate_id: candidate_id(1),
            number: 1,
            on: day("2024-02-05"),
            stage: CandidateStage::Applied,
            by: "recruitment@example.org".into(),
        }),
        RecruitmentChange::PutEventDetails(EventDetails {
            event_id: event(),
            name: "Evening drop-in".into(),
            starts_at: Some(at(17, 30)),
            ends_at: Some(at(20, 0)),
            cost_pence: Some(45_000),
        }),
        RecruitmentChange::PutAttendee(attendee(1, Some(1))),
        RecruitmentChange::PutAttendee(attendee(2, None)),
        RecruitmentChange::PutUniversity(University {
            id: UniversityId::parse("U1").unwrap(),
            name: "University of Northfield".into(),
            contact: "Dr Jo Lecturer, placements lead".into(),
            partner_since: Some(day("2018-09-01")),
        }),
        RecruitmentChange::PutPlacementDetails(PlacementDetails {
            placement_id: placement(),
            practice_educator: "Pat Educator".into(),
        }),
        RecruitmentChange::PutInternationalRecruit(InternationalRecruit {
            worker_id: worker(0),
            country: "Zimbabwe".into(),
            visa_type: VisaType::HealthAndCareWorker,
            right_to_work_expires: Some(day("2026-03-05")),
            swe_status: SweStatus::Registered,
            arrived_on: Some(day("2023-02-20")),
            relocation_support: "Flights and four weeks' housing".into(),
            buddy_worker_id: Some(worker(1)),
        }),
        RecruitmentChange::PutCheckIn(CheckIn {
            worker_id: worker(0),
            number: 1,
            on: day("2023-04-03"),
            by: "Team manager".into(),
            settling: Settling::SomeConcerns,
            notes: "Finding housing hard; buddy to help.".into(),
        }),
        RecruitmentChange::PutEngagement(engagement(false)),
    ]
}

/// Recruitment with every list in key order, as the store loads it.
fn in_key_order(mut recruitment: Recruitment) -> Recruitment {
    recruitment.posts.sort_by(|a, b| a.id.cmp(&b.id));
    recruitment
        .vacancy_posts
        .sort_by(|a, b| a.vacancy_id.cmp(&b.vacancy_id));
    recruitment
        .stage_changes
        .sort_by(|a, b| (&a.vacancy_id, a.number).cmp(&(&b.vacancy_id, b.number)));
    recruitment.candidates.sort_by(|a, b| a.id.cmp(&b.id));
    recruitment
        .candidate_stage_changes
        .sort_by(|a, b| (&a.candidate_id, a.number).cmp(&(&b.candidate_id, b.number)));
    recruitment
        .event_details
        .sort_by(|a, b| a.event_id.cmp(&b.event_id));
    recruitment
        .attendees
        .sort_by(|a, b| (&a.event_id, a.number).cmp(&(&b.event_id, b.number)));
    recruitment.universities.sort_by(|a, b| a.id.cmp(&b.id));
    recruitment
        .placement_details
        .sort_by(|a, b| a.placement_id.cmp(&b.placement_id));
    recruitment
        .international_recruits
        .sort_by(|a, b| a.worker_id.cmp(&b.worker_id));
    recruitment
        .check_ins
        .sort_by(|a, b| (&a.worker_id, a.number).cmp(&(&b.worker_id, b.number)));
    recruitment.engagements.sort_by(|a, b| a.id.cmp(&b.id));
    recruitment
}

#[tokio::test]
async fn every_kind_of_recruitment_change_reads_back_as_applied() {
    let (_dir, store) = store_with_records(false).await;
    let mut expected = Recruitment::default();
    let changes = every_kind_of_change();
    for change in &changes {
        expected.apply(change.clone());
    }
    save_recruitment(&store, "888", changes).await.unwrap();
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        in_key_order(expected.clone())
    );

    // Upserts by key change records in place; removals delete them.
    let mut anonymised = candidate(1);
    anonymised.given_name.clear();
    anonymised.family_name.clear();
    anonymised.email.clear();
    anonymised.phone.clear();
    anonymised.stage = CandidateStage::Withdrawn;
    anonymised.anonymised_on = Some(day("2024-10-01"));
    let second = vec![
        RecruitmentChange::PutSettings(RecruitmentSettings::default()),
        RecruitmentChange::PutPost(post(1, "Senior social worker, Front door")),
        RecruitmentChange::RemovePost(post_id(2)),
        RecruitmentChange::PutStageChange(stage_change(
            1,
            2,
            "2024-02-13",
            VacancyStage::Interview,
        )),
        RecruitmentChange::PutCandidate(anonymised),
        RecruitmentChange::PutAttendee(attendee(1, None)),
        RecruitmentChange::RemoveAttendee {
            event_id: event(),
            number: 2,
        },
        RecruitmentChange::PutEventDetails(EventDetails {
            event_id: event(),
            name: "Evening drop-in, moved online".into(),
            starts_at: None,
            ends_at: None,
            cost_pence: None,
        }),
        RecruitmentChange::PutEngagement(engagement(true)),
    ];
    for change in &second {
        expected.apply(change.clone());
    }
    save_recruitment(&store, "888", second).await.unwrap();
    let reread = store.recruitment(code("888")).await.unwrap();
    assert_eq!(reread, in_key_order(expected));
    assert_eq!(reread.settings, RecruitmentSettings::default());
    assert_eq!(reread.posts.len(), 1);
    assert_eq!(reread.attendees.len(), 1);
    assert!(reread.engagements[0].sign_off.is_some());
    assert!(store.integrity_problems().await.unwrap().is_empty());
}

#[tokio::test]
async fn one_councils_recruitment_is_invisible_to_another() {
    let (_dir, store) = store_with_records(true).await;
    save_recruitment(&store, "888", every_kind_of_change())
        .await
        .unwrap();
    assert_eq!(
        store.recruitment(code("840")).await.unwrap(),
        Recruitment::default()
    );
    // A council not on the installation has none either, with the default settings.
    assert_eq!(
        store.recruitment(code("895")).await.unwrap(),
        Recruitment::default()
    );
    assert_ne!(
        store.recruitment(code("888")).await.unwrap(),
        Recruitment::default()
    );
    // The same IDs in the other council are its own records.
    save_recruitment(
        &store,
        "840",
        vec![RecruitmentChange::PutPost(post(
            1,
            "Another council's post",
        ))],
    )
    .await
    .unwrap();
    assert_eq!(
        store.recruitment(code("888")).await.unwrap().posts[0].title,
        "Social worker, Front door"
    );
}

#[tokio::test]
async fn a_batch_whose_recruitment_part_fails_writes_nothing() {
    let (_dir, store) = open().await;
    // Records, then recruitment changes whose last one moves a vacancy the council
    // does not have: the database refuses it, and everything before goes with it.
    let records = plan(Workforce::new(code("888")), workforce("888"));
    let mut changes = every_kind_of_change();
    changes.push(RecruitmentChange::PutStageChange(stage_change(
        9,
        1,
        "2024-01-08",
        VacancyStage::Advertised,
    )));
    let result = store
        .save(SaveBatch {
            councils: &[Council::unnamed(code("888"))],
            plans: &[records],
            academy: &[],
            recruitment: &[RecruitmentChanges {
                council: code("888"),
                changes,
            }],
            audit: &[AuditEntry {
                council: code("888"),
                actor: "test".into(),
                action: "recruitment".into(),
                detail: "everything".into(),
            }],
            ..SaveBatch::default()
        })
        .await;
    assert!(result.is_err());
    assert!(store.councils().await.unwrap().is_empty());
    assert!(store.workforce(code("888")).await.unwrap().is_empty());
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        Recruitment::default()
    );
    assert!(store.audit_trail(code("888"), 10).await.unwrap().is_empty());
}

fn request(description: &str) -> RecruitmentRequest<'_> {
    RecruitmentRequest {
        actor: "recruitment@example.org",
        action: "recruitment",
        description,
    }
}

#[tokio::test]
async fn a_refused_recruitment_change_writes_nothing() {
    let (_dir, store) = store_with_records(false).await;
    let trail_before = store.audit_trail(code("888"), 10).await.unwrap().len();
    let result = change_recruitment(
        &store,
        code("888"),
        request("a candidate"),
        None,
        vec![
            RecruitmentChange::PutPost(post(1, "Social worker, Front door")),
            // A candidate for a vacancy the council does not have.
            RecruitmentChange::PutCandidate(Candidate {
                vacancy_id: Some(vacancy_id(9)),
                ..candidate(1)
            }),
        ],
    )
    .await;
    match result {
        Err(RecruitmentChangeError::Refused(2, RecruitmentError::NoVacancy(id))) => {
            assert_eq!(id, vacancy_id(9));
        }
        other => panic!("expected the second change to be refused, got {other:?}"),
    }
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        Recruitment::default()
    );
    assert_eq!(
        store.audit_trail(code("888"), 10).await.unwrap().len(),
        trail_before
    );
}

#[tokio::test]
async fn a_candidate_for_a_worker_the_council_does_not_have_is_refused() {
    let (_dir, store) = store_with_records(false).await;
    let result = change_recruitment(
        &store,
        code("888"),
        request("a start"),
        None,
        vec![RecruitmentChange::PutCandidate(Candidate {
            stage: CandidateStage::Started,
            worker_id: Some(worker(7)),
            ..candidate(1)
        })],
    )
    .await;
    assert!(
        matches!(
            result,
            Err(RecruitmentChangeError::Refused(1, RecruitmentError::NoWorker(ref id))) if *id == worker(7)
        ),
        "{result:?}"
    );
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        Recruitment::default()
    );
}

#[tokio::test]
async fn a_vacancy_moved_to_filled_is_written_with_its_stage_change_and_audit_entry() {
    let (_dir, store) = store_with_records(false).await;
    // The vacancy with its new stage and closing date, laid over the stored one.
    let mut moved = Workforce::new(code("888"));
    moved
        .vacancies
        .push(vacancy(1, VacancyStage::Filled, Some("2024-04-29")));
    let changed = change_recruitment(
        &store,
        code("888"),
        request("vacancy V1 moved to filled"),
        Some(moved),
        vec![RecruitmentChange::PutStageChange(stage_change(
            1,
            1,
            "2024-04-29",
            VacancyStage::Filled,
        ))],
    )
    .await
    .unwrap();
    let stored = store.workforce(code("888")).await.unwrap();
    assert_eq!(stored, changed.workforce);
    let v1 = stored
        .vacancies
        .iter()
        .find(|v| v.id == vacancy_id(1))
        .unwrap();
    assert_eq!(v1.stage, VacancyStage::Filled);
    assert_eq!(v1.open.end(), Some(day("2024-04-29")));
    // The other vacancy is untouched.
    assert_eq!(stored.vacancies.len(), 2);
    let recruitment = store.recruitment(code("888")).await.unwrap();
    assert_eq!(recruitment, changed.recruitment);
    assert_eq!(
        recruitment.stage_changes,
        vec![stage_change(1, 1, "2024-04-29", VacancyStage::Filled)]
    );
    let trail = store.audit_trail(code("888"), 10).await.unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].entry.detail, "vacancy V1 moved to filled");

    // A move dated before the vacancy opened is refused with its vacancy unchanged.
    let mut early = Workforce::new(code("888"));
    early
        .vacancies
        .push(vacancy(2, VacancyStage::Interview, None));
    let result = change_recruitment(
        &store,
        code("888"),
        request("vacancy V2 moved to interview"),
        Some(early),
        vec![RecruitmentChange::PutStageChange(stage_change(
            2,
            1,
            "2023-12-01",
            VacancyStage::Interview,
        ))],
    )
    .await;
    assert!(
        matches!(
            result,
            Err(RecruitmentChangeError::Refused(
                1,
                RecruitmentError::StageBeforeOpening { .. }
            ))
        ),
        "{result:?}"
    );
    let v2 = store
        .workforce(code("888"))
        .await
        .unwrap()
        .vacancies
        .into_iter()
        .find(|v| v.id == vacancy_id(2))
        .unwrap();
    assert_eq!(v2.stage, VacancyStage::Advertised);
}

#[tokio::test]
async fn settings_naming_a_council_or_a_job_type_twice_are_refused_before_the_database() {
    let (_dir, store) = store_with_records(false).await;
    let twice_in_region = RecruitmentSettings {
        region: vec![code("889"), code("890"), code("889")],
        ..RecruitmentSettings::default()
    };
    let mut caps = RecruitmentSettings::default().price_caps;
    caps.push(PriceCap {
        job_type: AgencyJobType::TeamManager,
        hourly_pence: 6_000,
    });
    let two_caps = RecruitmentSettings {
        price_caps: caps,
        ..RecruitmentSettings::default()
    };
    for (settings, message) in [
        (twice_in_region, "council 889 is listed twice in the region"),
        (two_caps, "two price caps for team manager"),
    ] {
        let result = change_recruitment(
            &store,
            code("888"),
            request("settings"),
            None,
            vec![RecruitmentChange::PutSettings(settings)],
        )
        .await;
        match result {
            Err(RecruitmentChangeError::Refused(1, error)) => {
                assert_eq!(error.to_string(), message);
            }
            other => panic!("expected the settings to be refused, got {other:?}"),
        }
    }
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        Recruitment::default()
    );
}

fn demo_source(names: &[Council]) -> ImportSource<'_> {
    ImportSource {
        actor: "test",
        description: "demo",
        action: "demo",
        council_names: names,
    }
}

#[tokio::test]
async fn an_import_writes_its_recruitment_changes_with_its_records() {
    let (_dir, store) = open().await;
    let names = [Council::unnamed(code("888"))];
    let changes = every_kind_of_change();
    let mut expected = Recruitment::default();
    for change in &changes {
        expected.apply(change.clone());
    }
    import_with_extras(
        &store,
        Upload::generated(vec![workforce("888")]),
        ImportExtras {
            academy: &[],
            recruitment: &[RecruitmentChanges {
                council: code("888"),
                changes,
            }],
        },
        ImportMode::Write,
        demo_source(&names),
    )
    .await
    .unwrap();
    assert_eq!(
        store.workforce(code("888")).await.unwrap().vacancies.len(),
        2
    );
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        in_key_order(expected)
    );
}

#[tokio::test]
async fn an_import_with_a_refused_recruitment_change_writes_nothing() {
    let (_dir, store) = open().await;
    let names = [Council::unnamed(code("888"))];
    let mut changes = every_kind_of_change();
    changes.push(RecruitmentChange::RemovePost(post_id(1)));
    let place = changes.len();
    let result = import_with_extras(
        &store,
        Upload::generated(vec![workforce("888")]),
        ImportExtras {
            academy: &[],
            recruitment: &[RecruitmentChanges {
                council: code("888"),
                changes,
            }],
        },
        ImportMode::Write,
        demo_source(&names),
    )
    .await;
    match result {
        Err(ImportError::Invalid(problems)) => {
            assert_eq!(problems.total(), 1);
            let message = problems.shown()[0].to_string();
            assert!(
                message.contains(&format!("recruitment change {place}:"))
                    && message.contains("post P1 has vacancies"),
                "{message}"
            );
        }
        other => panic!("expected the import to be refused, got {other:?}"),
    }
    assert!(store.councils().await.unwrap().is_empty());
    assert_eq!(
        store.recruitment(code("888")).await.unwrap(),
        Recruitment::default()
    );
}
