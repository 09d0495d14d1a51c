//! The SQLite store keeps each council's academy as it is changed, all or nothing, and
//! `change_academy` writes only checked changes, completing members by their attendance.

use chrono::{NaiveTime, TimeZone, Utc};
use pathway_app::{
    AcademyChangeError, AcademyRequest, AuditEntry, SaveBatch, Store, change_academy,
};
use pathway_domain::academy::programme::{default_days, layout};
use pathway_domain::academy::session::completion;
use pathway_domain::academy::{
    Academy, AcademyChange, AcademyChanges, AcademyError, AcademySettings, AsyeRecord, Attendance,
    CalendarScope, ChecklistItem, ChecklistTick, Delivery, LogEntry, LogKind, Mark,
    ModerationDecision, Review, ReviewKind, Session, SessionKind,
};
use pathway_domain::codes::{AsyeOutcome, Contract, Programme, Role, Service};
use pathway_domain::ids::{ChecklistItemId, CohortId, EmploymentId, TeamId, WorkerId};
use pathway_domain::import::{self, ImportPlan};
use pathway_domain::records::{AcademyMember, Assignment, Cohort, Employment, Team, Worker};
use pathway_domain::values::{Date, Fte, Span, parse_date};
use pathway_domain::workforce::SourceRows;
use pathway_domain::{Council, CouncilCode, Workforce};
use pathway_store_sqlite::SqliteStore;

fn code(text: &str) -> CouncilCode {
    CouncilCode::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    parse_date(text).unwrap()
}

fn cohort() -> CohortId {
    CohortId::parse("2024-03-FULL").unwrap()
}

fn worker(index: usize) -> WorkerId {
    WorkerId::parse(&format!("W{index}")).unwrap()
}

fn at(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
}

/// A council with a team, `people` social workers in post, and (if `members`) a full
/// cohort starting on 4 March 2024 that all of them joined.
fn workforce(council: &str, people: usize, members: bool) -> Workforce {
    let mut workforce = Workforce::new(code(council));
    workforce.teams.push(Team {
        id: TeamId::parse("T1").unwrap(),
        name: "Front door".into(),
        service: Service::Children,
        locality: None,
    });
    for index in 0..people {
        workforce.workers.push(Worker {
            id: worker(index),
            given_name: format!("Person {index}"),
            family_name: "Smith".into(),
            swe_number: None,
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: Some(day("2023-07-01")),
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: Vec::new(),
        });
        let employment_id = EmploymentId::parse(&format!("E{index}")).unwrap();
        let span = Span::new(day("2024-03-04"), None).unwrap();
        workforce.employments.push(
            Employment::new(employment_id.clone(), worker(index), span, None, None, None).unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id,
            span,
            team_id: Some(TeamId::parse("T1").unwrap()),
            role: Role::SocialWorker,
            contract: Contract::Permanent,
            fte: Fte::new(1.0).unwrap(),
        });
    }
    if members {
        workforce.cohorts.push(full_cohort());
        for index in 0..people {
            workforce.academy_members.push(member(index));
        }
    }
    workforce
}

fn full_cohort() -> Cohort {
    Cohort {
        id: cohort(),
        name: "March 2024 ASYE academy".into(),
        programme: Programme::Full,
        start_date: day("2024-03-04"),
    }
}

fn member(index: usize) -> AcademyMember {
    AcademyMember::new(
        cohort(),
        worker(index),
        day("2024-03-04"),
        None,
        Some(AsyeOutcome::InProgress),
    )
    .unwrap()
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

/// A store holding council 888 (and, if `others`, 840) with two members in a cohort.
async fn store_with_cohort(others: bool) -> (tempfile::TempDir, SqliteStore) {
    let (dir, store) = open().await;
    let mut councils = vec![Council::unnamed(code("888"))];
    let mut plans = vec![plan(Workforce::new(code("888")), workforce("888", 2, true))];
    if others {
        councils.push(Council::unnamed(code("840")));
        plans.push(plan(Workforce::new(code("840")), workforce("840", 2, true)));
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

async fn save_academy(
    store: &SqliteStore,
    council: &str,
    changes: Vec<AcademyChange>,
) -> Result<(), pathway_app::StoreError> {
    store
        .save(SaveBatch {
            councils: &[],
            plans: &[],
            academy: &[AcademyChanges {
                council: code(council),
                changes,
            }],
            recruitment: &[],
            audit: &[],
            ..SaveBatch::default()
        })
        .await
}

fn session(number: u16, date: &str, catches_up: Option<u16>) -> Session {
    Session {
        cohort_id: cohort(),
        number,
        kind: if catches_up.is_some() {
            SessionKind::CatchUp
        } else {
            SessionKind::Induction
        },
        date: day(date),
        starts_at: at(9, 30),
        ends_at: at(16, 45),
        topic: format!("Day {number}"),
        delivery: Delivery::Online,
        venue: "Online (Teams)".into(),
        facilitator: "Academy team".into(),
        required: catches_up.is_none(),
        catches_up,
    }
}

fn mark(session: u16, worker_index: usize, mark: Mark) -> Attendance {
    Attendance {
        cohort_id: cohort(),
        session,
        worker_id: worker(worker_index),
        mark,
        recorded_by: "academy@example.org".into(),
    }
}

fn tick(worker_index: usize, item: &str) -> ChecklistTick {
    ChecklistTick {
        cohort_id: cohort(),
        worker_id: worker(worker_index),
        item_id: ChecklistItemId::parse(item).unwrap(),
        done_on: day("2024-03-05"),
        done_by: "Academy team".into(),
    }
}

fn log_entry(number: u32, kind: LogKind, on: &str, hours: Option<f64>) -> LogEntry {
    LogEntry {
        cohort_id: cohort(),
        worker_id: worker(0),
        number,
        kind,
        on: day(on),
        by: "Jo Bloggs".into(),
        hours,
        notes: format!("Entry {number}"),
    }
}

/// The academy with every list in key order, as the store loads it.
fn in_key_order(mut academy: Academy) -> Academy {
    academy
        .programme_days
        .sort_by_key(|day| (day.programme, day.number));
    academy
        .sessions
        .sort_by(|a, b| (&a.cohort_id, a.number).cmp(&(&b.cohort_id, b.number)));
    academy.attendance.sort_by(|a, b| {
        (&a.cohort_id, a.session, &a.worker_id).cmp(&(&b.cohort_id, b.session, &b.worker_id))
    });
    academy.checklist_items.sort_by(|a, b| a.id.cmp(&b.id));
    academy.ticks.sort_by(|a, b| {
        (&a.cohort_id, &a.worker_id, &a.item_id).cmp(&(&b.cohort_id, &b.worker_id, &b.item_id))
    });
    academy
        .asye_records
        .sort_by(|a, b| (&a.cohort_id, &a.worker_id).cmp(&(&b.cohort_id, &b.worker_id)));
    academy.reviews.sort_by(|a, b| {
        (&a.cohort_id, &a.worker_id, a.kind.as_str()).cmp(&(
            &b.cohort_id,
            &b.worker_id,
            b.kind.as_str(),
        ))
    });
    academy.log.sort_by(|a, b| {
        (&a.cohort_id, &a.worker_id, a.number).cmp(&(&b.cohort_id, &b.worker_id, b.number))
    });
    academy
}

/// One change of every kind but the removals.
fn every_kind_of_change() -> Vec<AcademyChange> {
    let mut full = default_days(Programme::Full);
    full[0].topic = "Welcome to Northfield".into();
    full[1].starts_at = at(10, 0);
    full[1].delivery = Delivery::Online;
    full[2].required = false;
    vec![
        AcademyChange::ReplaceProgramme {
            programme: Programme::Full,
            days: full,
        },
        AcademyChange::ReplaceProgramme {
            programme: Programme::Short,
            days: default_days(Programme::Short),
        },
        AcademyChange::ReplaceChecklist(vec![
            ChecklistItem {
                id: ChecklistItemId::parse("laptop").unwrap(),
                label: "Laptop issued".into(),
                position: 2,
            },
            ChecklistItem {
                id: ChecklistItemId::parse("car_parking").unwrap(),
                label: "Car parking permit".into(),
                position: 1,
            },
        ]),
        AcademyChange::PutSettings(AcademySettings {
            asye_caseload_limit: 16,
            weekly_hours: 36.5,
        }),
        AcademyChange::PutSession(session(1, "2024-03-04", None)),
        AcademyChange::PutSession(session(2, "2024-03-05", None)),
        AcademyChange::PutSession(session(3, "2024-03-06", None)),
        AcademyChange::PutSession(session(4, "2024-03-20", Some(2))),
        AcademyChange::PutAttendance(mark(1, 0, Mark::Present)),
        AcademyChange::PutAttendance(mark(1, 1, Mark::Absent)),
        AcademyChange::PutAttendance(mark(2, 0, Mark::Excused)),
        AcademyChange::PutAttendance(mark(4, 0, Mark::Present)),
        AcademyChange::PutAttendance(mark(3, 1, Mark::Present)),
        AcademyChange::PutTick(tick(0, "laptop")),
        AcademyChange::PutTick(tick(1, "car_parking")),
        AcademyChange::PutAsyeRecord(AsyeRecord {
            cohort_id: cohort(),
            worker_id: worker(0),
            starts_on: day("2024-03-04"),
            qualified_on: Some(day("2023-07-01")),
            registered_on: Some(day("2023-08-14")),
            agreement_on: Some(day("2024-03-25")),
            assessor: "Sam Assessor".into(),
            extended_to: Some(day("2025-06-30")),
            moderation: Some(ModerationDecision::Extend),
            moderated_on: Some(day("2025-03-20")),
            registration_claimed_on: Some(day("2024-04-01")),
            completion_claimed_on: None,
        }),
        AcademyChange::PutReview(Review {
            cohort_id: cohort(),
            worker_id: worker(0),
            kind: ReviewKind::ThreeMonth,
            held_on: day("2024-06-03"),
            assessor: "Sam Assessor".into(),
            notes: "Settling in well".into(),
        }),
        AcademyChange::PutLogEntry(log_entry(1, LogKind::Supervision, "2024-03-11", None)),
        AcademyChange::PutLogEntry(log_entry(
            2,
            LogKind::DevelopmentTime,
            "2024-03-15",
            Some(3.5),
        )),
    ]
}

#[tokio::test]
async fn every_kind_of_academy_change_reads_back_as_applied() {
    let (_dir, store) = store_with_cohort(false).await;
    let mut expected = Academy::default();
    let changes = every_kind_of_change();
    for change in &changes {
        expected.apply(change.clone());
    }
    save_academy(&store, "888", changes).await.unwrap();
    assert_eq!(
        store.academy(code("888")).await.unwrap(),
        in_key_order(expected.clone())
    );

    // Upserts by key, deletes, and replacements of a whole template or list.
    let mut moved = session(3, "2024-03-07", None);
    moved.topic = "Day 3, moved".into();
    let second = vec![
        AcademyChange::PutSession(moved),
        AcademyChange::RemoveSession {
            cohort_id: cohort(),
            number: 1,
        },
        AcademyChange::PutAttendance(mark(3, 1, Mark::Excused)),
        AcademyChange::RemoveTick {
            cohort_id: cohort(),
            worker_id: worker(0),
            item_id: ChecklistItemId::parse("laptop").unwrap(),
        },
        AcademyChange::ReplaceProgramme {
            programme: Programme::Full,
            days: default_days(Programme::Full)[..3].to_vec(),
        },
        AcademyChange::ReplaceChecklist(vec![ChecklistItem {
            id: ChecklistItemId::parse("phone").unwrap(),
            label: "Phone".into(),
            position: 1,
        }]),
        AcademyChange::PutReview(Review {
            cohort_id: cohort(),
            worker_id: worker(0),
            kind: ReviewKind::ThreeMonth,
            held_on: day("2024-06-05"),
            assessor: "Sam Assessor".into(),
            notes: "Moved to the 5th".into(),
        }),
        AcademyChange::PutLogEntry(log_entry(2, LogKind::Reflection, "2024-03-16", None)),
        AcademyChange::PutAsyeRecord(AsyeRecord::starting(cohort(), worker(0), day("2024-03-11"))),
    ];
    for change in &second {
        expected.apply(change.clone());
    }
    save_academy(&store, "888", second).await.unwrap();
    let reread = store.academy(code("888")).await.unwrap();
    assert_eq!(reread, in_key_order(expected));
    // The removed session's register went with it; the programme has three days.
    assert!(reread.attendance.iter().all(|mark| mark.session != 1));
    assert_eq!(reread.days(Programme::Full).len(), 3);
    assert_eq!(reread.days(Programme::Short).len(), 5);
    assert!(store.integrity_problems().await.unwrap().is_empty());
}

#[tokio::test]
async fn one_councils_academy_is_invisible_to_another() {
    let (_dir, store) = store_with_cohort(true).await;
    save_academy(&store, "888", every_kind_of_change())
        .await
        .unwrap();
    assert_eq!(
        store.academy(code("840")).await.unwrap(),
        Academy::default()
    );
    // A council not on the installation has the default academy too.
    assert_eq!(
        store.academy(code("895")).await.unwrap(),
        Academy::default()
    );
    assert_ne!(
        store.academy(code("888")).await.unwrap(),
        Academy::default()
    );
}

#[tokio::test]
async fn a_batch_whose_academy_part_fails_writes_nothing() {
    let (_dir, store) = open().await;
    // Records, then academy changes whose last one marks someone who is not a member:
    // the database refuses it, and the records and earlier changes vanish too.
    let records = plan(Workforce::new(code("888")), workforce("888", 3, true));
    let mut changes = every_kind_of_change();
    changes.push(AcademyChange::PutAttendance(mark(1, 7, Mark::Present)));
    let result = store
        .save(SaveBatch {
            councils: &[Council::unnamed(code("888"))],
            plans: &[records],
            academy: &[AcademyChanges {
                council: code("888"),
                changes,
            }],
            recruitment: &[],
            audit: &[AuditEntry {
                council: code("888"),
                actor: "test".into(),
                action: "academy".into(),
                detail: "everything".into(),
            }],
            ..SaveBatch::default()
        })
        .await;
    assert!(result.is_err());
    assert!(store.councils().await.unwrap().is_empty());
    assert!(store.workforce(code("888")).await.unwrap().is_empty());
    assert_eq!(
        store.academy(code("888")).await.unwrap(),
        Academy::default()
    );
}

#[tokio::test]
async fn replacing_a_calendar_feed_makes_the_old_link_unknown() {
    let (_dir, store) = store_with_cohort(true).await;
    let now = Utc.with_ymd_and_hms(2024, 3, 4, 9, 0, 0).unwrap();
    let whole_cohort = CalendarScope {
        cohort_id: cohort(),
        worker_id: None,
    };
    let one_member = CalendarScope {
        cohort_id: cohort(),
        worker_id: Some(worker(1)),
    };
    store
        .replace_calendar_feed(code("888"), &whole_cohort, "hash-cohort-1", now)
        .await
        .unwrap();
    store
        .replace_calendar_feed(code("888"), &one_member, "hash-member-1", now)
        .await
        .unwrap();
    store
        .replace_calendar_feed(code("840"), &whole_cohort, "hash-other-council", now)
        .await
        .unwrap();
    assert_eq!(
        store.calendar_feed("hash-cohort-1").await.unwrap(),
        Some((code("888"), whole_cohort.clone()))
    );

    store
        .replace_calendar_feed(code("888"), &whole_cohort, "hash-cohort-2", now)
        .await
        .unwrap();
    assert_eq!(store.calendar_feed("hash-cohort-1").await.unwrap(), None);
    assert_eq!(
        store.calendar_feed("hash-cohort-2").await.unwrap(),
        Some((code("888"), whole_cohort.clone()))
    );
    // The member's feed and the other council's are separate scopes and stay.
    assert_eq!(
        store.calendar_feed("hash-member-1").await.unwrap(),
        Some((code("888"), one_member))
    );
    assert_eq!(
        store.calendar_feed("hash-other-council").await.unwrap(),
        Some((code("840"), whole_cohort))
    );
    assert_eq!(store.calendar_feed("never-issued").await.unwrap(), None);
}

fn request(today: &str) -> AcademyRequest<'static> {
    AcademyRequest {
        actor: "academy@example.org",
        action: "academy",
        description: "attendance",
        today: day(today),
    }
}

#[tokio::test]
async fn a_refused_academy_change_writes_nothing() {
    let (_dir, store) = store_with_cohort(false).await;
    let trail_before = store.audit_trail(code("888"), 10).await.unwrap().len();
    let result = change_academy(
        &store,
        code("888"),
        request("2024-03-05"),
        None,
        vec![
            AcademyChange::PutSession(session(1, "2024-03-04", None)),
            // W5 is not a member of the cohort.
            AcademyChange::PutAttendance(mark(1, 5, Mark::Present)),
        ],
    )
    .await;
    match result {
        Err(AcademyChangeError::Refused(2, AcademyError::NotAMember { worker, .. })) => {
            assert_eq!(worker, self::worker(5));
        }
        other => panic!("expected the second change to be refused, got {other:?}"),
    }
    assert_eq!(
        store.academy(code("888")).await.unwrap(),
        Academy::default()
    );
    assert_eq!(
        store.audit_trail(code("888"), 10).await.unwrap().len(),
        trail_before
    );
}

#[tokio::test]
async fn recording_the_last_required_attendance_completes_the_member() {
    let (_dir, store) = open().await;
    // A council whose people are in post but in no cohort yet.
    store
        .save(SaveBatch {
            councils: &[Council::unnamed(code("888"))],
            plans: &[plan(
                Workforce::new(code("888")),
                workforce("888", 2, false),
            )],
            academy: &[],
            recruitment: &[],
            audit: &[],
            ..SaveBatch::default()
        })
        .await
        .unwrap();

    // The cohort and its members are created with its sessions, in one change.
    let mut records = Workforce::new(code("888"));
    records.cohorts.push(full_cohort());
    records.academy_members.extend([member(0), member(1)]);
    let sessions = layout(&cohort(), day("2024-03-04"), &default_days(Programme::Full));
    let last = sessions.last().unwrap().clone();
    let created = change_academy(
        &store,
        code("888"),
        request("2024-03-01"),
        Some(records),
        sessions
            .iter()
            .cloned()
            .map(AcademyChange::PutSession)
            .collect(),
    )
    .await
    .unwrap();
    assert_eq!(created.workforce.cohorts.len(), 1);
    assert_eq!(store.academy(code("888")).await.unwrap().sessions.len(), 14);

    // Everyone attends everything but the last recall day.
    let today = "2025-03-01";
    let all_but_last: Vec<AcademyChange> = sessions[..13]
        .iter()
        .flat_map(|s| {
            [0, 1].map(|w| AcademyChange::PutAttendance(mark(s.number, w, Mark::Present)))
        })
        .collect();
    let registers = change_academy(&store, code("888"), request(today), None, all_but_last)
        .await
        .unwrap();
    assert!(
        registers
            .workforce
            .academy_members
            .iter()
            .all(|m| m.completed_on().is_none())
    );

    // The last register: W0 present, W1 absent.
    change_academy(
        &store,
        code("888"),
        request(today),
        None,
        vec![
            AcademyChange::PutAttendance(mark(last.number, 0, Mark::Present)),
            AcademyChange::PutAttendance(mark(last.number, 1, Mark::Absent)),
        ],
    )
    .await
    .unwrap();
    let stored = store.workforce(code("888")).await.unwrap();
    let completed: Vec<Option<Date>> = stored
        .academy_members
        .iter()
        .map(|m| m.completed_on())
        .collect();
    assert_eq!(completed, [Some(last.date), None]);
    // The same as the domain computes from the stored register.
    let academy = store.academy(code("888")).await.unwrap();
    let stored_sessions: Vec<Session> = academy.sessions.clone();
    assert_eq!(
        completion(
            &stored_sessions,
            &academy.attendance,
            &worker(0),
            day(today)
        )
        .completed_on,
        Some(last.date)
    );
    let trail = store.audit_trail(code("888"), 10).await.unwrap();
    assert_eq!(trail.len(), 3);
    assert!(trail.iter().all(|event| event.entry.action == "academy"));
}

fn demo_source(names: &[Council]) -> pathway_app::ImportSource<'_> {
    pathway_app::ImportSource {
        actor: "test",
        description: "demo",
        action: "demo",
        council_names: names,
    }
}

#[tokio::test]
async fn an_import_writes_its_academy_changes_with_its_records() {
    let (_dir, store) = open().await;
    let names = [Council::unnamed(code("888"))];
    let changes = every_kind_of_change();
    let mut expected = Academy::default();
    for change in &changes {
        expected.apply(change.clone());
    }
    pathway_app::import_with_extras(
        &store,
        pathway_app::Upload::generated(vec![workforce("888", 2, true)]),
        pathway_app::ImportExtras {
            academy: &[AcademyChanges {
                council: code("888"),
                changes,
            }],
            recruitment: &[],
        },
        pathway_app::ImportMode::Write,
        demo_source(&names),
    )
    .await
    .unwrap();
    assert_eq!(store.workforce(code("888")).await.unwrap().cohorts.len(), 1);
    assert_eq!(
        store.academy(code("888")).await.unwrap(),
        in_key_order(expected)
    );
}

#[tokio::test]
async fn an_import_with_a_refused_academy_change_writes_nothing() {
    let (_dir, store) = open().await;
    let names = [Council::unnamed(code("888"))];
    let mut changes = every_kind_of_change();
    // A catch-up of a session the cohort does not have.
    changes.push(AcademyChange::PutSession(session(9, "2024-04-02", Some(8))));
    let place = changes.len();
    let result = pathway_app::import_with_extras(
        &store,
        pathway_app::Upload::generated(vec![workforce("888", 2, true)]),
        pathway_app::ImportExtras {
            academy: &[AcademyChanges {
                council: code("888"),
                changes,
            }],
            recruitment: &[],
        },
        pathway_app::ImportMode::Write,
        demo_source(&names),
    )
    .await;
    match result {
        Err(pathway_app::ImportError::Invalid(problems)) => {
            assert_eq!(problems.total(), 1);
            let message = problems.shown()[0].to_string();
            assert!(
                message.contains(&format!("academy change {place}:"))
                    && message.contains("no induction or recall session 8"),
                "{message}"
            );
        }
        other => panic!("expected the import to be refused, got {other:?}"),
    }
    assert!(store.councils().await.unwrap().is_empty());
    assert_eq!(
        store.academy(code("888")).await.unwrap(),
        Academy::default()
    );
}
