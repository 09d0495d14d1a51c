//! Recruitment's tables: posts and vacancies' links to them, stage histories,
//! candidates, events' details and attendees, university partners, placements'
//! practice educators, international recruits and check-ins, agency engagements, and
//! the council's settings.
//!
//! Each record is a [`StoredRecord`], so it loads in key order and is written as an
//! upsert by its key with the same code as the bulk format's records; recruitment
//! changes are few at a time (a stage move, an attendee), so each is one statement
//! inside the caller's transaction. The settings are a row with two child tables.

use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::codes::{Role, VacancyStage};
use pathway_domain::ids::{
    CandidateId, EngagementId, EventId, PlacementId, PostId, TeamId, UniversityId, VacancyId,
    WorkerId,
};
use pathway_domain::recruitment::{
    AgencyEngagement, AgencyJobType, Candidate, CandidateSource, CandidateStage,
    CandidateStageChange, CheckIn, EventAttendee, EventDetails, InternationalRecruit,
    PlacementDetails, Post, PriceCap, Recruitment, RecruitmentChange, RecruitmentSettings,
    Settling, SignOff, StageChange, SweStatus, University, VacancyPost, VisaType,
};
use pathway_domain::values::{Fte, SweNumber};
use std::iter::once;

use crate::db::DbConnection;
use crate::db::{DbArguments, DbRow, sql};
use sqlx::Arguments;
use sqlx::error::BoxDynError;

use crate::query_failed;
use crate::store::{load as load_table, upsert};
use crate::tables::{
    StoredRecord, bind_all, checked, date, fetch, get, optional, optional_date, optional_small,
    optional_time, required, small, time_text,
};

/// Pence in a signed 64-bit column, as both databases store whole numbers.
fn pence(value: u64) -> Result<i64, BoxDynError> {
    Ok(i64::try_from(value)?)
}

fn fte(row: &DbRow, table: &'static str, column: &'static str) -> Result<Fte, StoreError> {
    checked(table, column, Fte::new(get(row, table, column)?))
}

impl StoredRecord for Post {
    const TABLE: &'static str = "posts";
    const KEY_COLUMNS: &'static [&'static str] = &["post_id"];
    const COLUMNS: &'static [&'static str] =
        &["post_id", "title", "team_id", "role", "fte", "funded"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.title.as_str(),
            self.team_id.as_ref().map(TeamId::as_str),
            self.role.as_str(),
            self.fte.value(),
            self.funded,
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            id: required(row, t, "post_id", PostId::parse)?,
            title: get(row, t, "title")?,
            team_id: optional(row, t, "team_id", TeamId::parse)?,
            role: required(row, t, "role", Role::parse)?,
            fte: fte(row, t, "fte")?,
            funded: get(row, t, "funded")?,
        })
    }
}

impl StoredRecord for VacancyPost {
    const TABLE: &'static str = "vacancy_posts";
    const KEY_COLUMNS: &'static [&'static str] = &["vacancy_id"];
    const COLUMNS: &'static [&'static str] = &["vacancy_id", "post_id"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(arguments, self.vacancy_id.as_str(), self.post_id.as_str())
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            vacancy_id: required(row, t, "vacancy_id", VacancyId::parse)?,
            post_id: required(row, t, "post_id", PostId::parse)?,
        })
    }
}

impl StoredRecord for StageChange {
    const TABLE: &'static str = "vacancy_stage_changes";
    const KEY_COLUMNS: &'static [&'static str] = &["vacancy_id", "number"];
    const COLUMNS: &'static [&'static str] =
        &["vacancy_id", "number", "moved_on", "stage", "moved_by"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.vacancy_id.as_str(),
            i64::from(self.number),
            self.on,
            self.stage.as_str(),
            self.by.as_str(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            vacancy_id: required(row, t, "vacancy_id", VacancyId::parse)?,
            number: small(row, t, "number")?,
            on: date(row, t, "moved_on")?,
            stage: required(row, t, "stage", VacancyStage::parse)?,
            by: get(row, t, "moved_by")?,
        })
    }
}

impl StoredRecord for Candidate {
    const TABLE: &'static str = "candidates";
    const KEY_COLUMNS: &'static [&'static str] = &["candidate_id"];
    const COLUMNS: &'static [&'static str] = &[
        "candidate_id",
        "given_name",
        "family_name",
        "email",
        "phone",
        "source",
        "vacancy_id",
        "event_id",
        "placement_id",
        "applied_on",
        "stage",
        "swe_number",
        "start_date",
        "role",
        "team_id",
        "fte",
        "worker_id",
        "anonymised_on",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.given_name.as_str(),
            self.family_name.as_str(),
            self.email.as_str(),
            self.phone.as_str(),
            self.source.as_str(),
            self.vacancy_id.as_ref().map(VacancyId::as_str),
            self.event_id.as_ref().map(EventId::as_str),
            self.placement_id.as_ref().map(PlacementId::as_str),
            self.applied_on,
            self.stage.as_str(),
            self.swe_number.as_ref().map(SweNumber::as_str),
            self.start_date,
            self.role.map(Role::as_str),
            self.team_id.as_ref().map(TeamId::as_str),
            self.fte.map(Fte::value),
            self.worker_id.as_ref().map(WorkerId::as_str),
            self.anonymised_on,
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let fte: Option<f64> = get(row, t, "fte")?;
        Ok(Self {
            id: required(row, t, "candidate_id", CandidateId::parse)?,
            given_name: get(row, t, "given_name")?,
            family_name: get(row, t, "family_name")?,
            email: get(row, t, "email")?,
            phone: get(row, t, "phone")?,
            source: required(row, t, "source", CandidateSource::parse)?,
            vacancy_id: optional(row, t, "vacancy_id", VacancyId::parse)?,
            event_id: optional(row, t, "event_id", EventId::parse)?,
            placement_id: optional(row, t, "placement_id", PlacementId::parse)?,
            applied_on: date(row, t, "applied_on")?,
            stage: required(row, t, "stage", CandidateStage::parse)?,
            swe_number: optional(row, t, "swe_number", SweNumber::parse)?,
            start_date: optional_date(row, t, "start_date")?,
            role: optional(row, t, "role", Role::parse)?,
            team_id: optional(row, t, "team_id", TeamId::parse)?,
            fte: fte
                .map(|value| checked(t, "fte", Fte::new(value)))
                .transpose()?,
            worker_id: optional(row, t, "worker_id", WorkerId::parse)?,
            anonymised_on: optional_date(row, t, "anonymised_on")?,
        })
    }
}

impl StoredRecord for CandidateStageChange {
    const TABLE: &'static str = "candidate_stage_changes";
    const KEY_COLUMNS: &'static [&'static str] = &["candidate_id", "number"];
    const COLUMNS: &'static [&'static str] =
        &["candidate_id", "number", "moved_on", "stage", "moved_by"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.candidate_id.as_str(),
            i64::from(self.number),
            self.on,
            self.stage.as_str(),
            self.by.as_str(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            candidate_id: required(row, t, "candidate_id", CandidateId::parse)?,
            number: small(row, t, "number")?,
            on: date(row, t, "moved_on")?,
            stage: required(row, t, "stage", CandidateStage::parse)?,
            by: get(row, t, "moved_by")?,
        })
    }
}

impl StoredRecord for EventDetails {
    const TABLE: &'static str = "event_details";
    const KEY_COLUMNS: &'static [&'static str] = &["event_id"];
    const COLUMNS: &'static [&'static str] =
        &["event_id", "name", "starts_at", "ends_at", "cost_pence"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.event_id.as_str(),
            self.name.as_str(),
            self.starts_at.map(time_text),
            self.ends_at.map(time_text),
            self.cost_pence.map(pence).transpose()?,
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            event_id: required(row, t, "event_id", EventId::parse)?,
            name: get(row, t, "name")?,
            starts_at: optional_time(row, t, "starts_at")?,
            ends_at: optional_time(row, t, "ends_at")?,
            cost_pence: optional_small(row, t, "cost_pence")?,
        })
    }
}

impl StoredRecord for EventAttendee {
    const TABLE: &'static str = "event_attendees";
    const KEY_COLUMNS: &'static [&'static str] = &["event_id", "number"];
    const COLUMNS: &'static [&'static str] = &[
        "event_id",
        "number",
        "name",
        "email",
        "interested_in",
        "candidate_id",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.event_id.as_str(),
            i64::from(self.number),
            self.name.as_str(),
            self.email.as_str(),
            self.interested_in.as_str(),
            self.candidate_id.as_ref().map(CandidateId::as_str),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            event_id: required(row, t, "event_id", EventId::parse)?,
            number: small(row, t, "number")?,
            name: get(row, t, "name")?,
            email: get(row, t, "email")?,
            interested_in: get(row, t, "interested_in")?,
            candidate_id: optional(row, t, "candidate_id", CandidateId::parse)?,
        })
    }
}

impl StoredRecord for University {
    const TABLE: &'static str = "universities";
    const KEY_COLUMNS: &'static [&'static str] = &["university_id"];
    const COLUMNS: &'static [&'static str] = &["university_id", "name", "contact", "partner_since"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.name.as_str(),
            self.contact.as_str(),
            self.partner_since,
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            id: required(row, t, "university_id", UniversityId::parse)?,
            name: get(row, t, "name")?,
            contact: get(row, t, "contact")?,
            partner_since: optional_date(row, t, "partner_since")?,
        })
    }
}

impl StoredRecord for PlacementDetails {
    const TABLE: &'static str = "placement_details";
    const KEY_COLUMNS: &'static [&'static str] = &["placement_id"];
    const COLUMNS: &'static [&'static str] = &["placement_id", "practice_educator"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.placement_id.as_str(),
            self.practice_educator.as_str(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            placement_id: required(row, t, "placement_id", PlacementId::parse)?,
            practice_educator: get(row, t, "practice_educator")?,
        })
    }
}

impl StoredRecord for InternationalRecruit {
    const TABLE: &'static str = "international_recruits";
    const KEY_COLUMNS: &'static [&'static str] = &["worker_id"];
    const COLUMNS: &'static [&'static str] = &[
        "worker_id",
        "country",
        "visa_type",
        "right_to_work_expires",
        "swe_status",
        "arrived_on",
        "relocation_support",
        "buddy_worker_id",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.worker_id.as_str(),
            self.country.as_str(),
            self.visa_type.as_str(),
            self.right_to_work_expires,
            self.swe_status.as_str(),
            self.arrived_on,
            self.relocation_support.as_str(),
            self.buddy_worker_id.as_ref().map(WorkerId::as_str),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            worker_id: required(row, t, "worker_id", WorkerId::parse)?,
            country: get(row, t, "country")?,
            visa_type: required(row, t, "visa_type", VisaType::parse)?,
            right_to_work_expires: optional_date(row, t, "right_to_work_expires")?,
            swe_status: required(row, t, "swe_status", SweStatus::parse)?,
            arrived_on: optional_date(row, t, "arrived_on")?,
            relocation_support: get(row, t, "relocation_support")?,
            buddy_worker_id: optional(row, t, "buddy_worker_id", WorkerId::parse)?,
        })
    }
}

impl StoredRecord for CheckIn {
    const TABLE: &'static str = "check_ins";
    const KEY_COLUMNS: &'static [&'static str] = &["worker_id", "number"];
    const COLUMNS: &'static [&'static str] = &[
        "worker_id",
        "number",
        "held_on",
        "held_by",
        "settling",
        "notes",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.worker_id.as_str(),
            i64::from(self.number),
            self.on,
            self.by.as_str(),
            self.settling.as_str(),
            self.notes.as_str(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            worker_id: required(row, t, "worker_id", WorkerId::parse)?,
            number: small(row, t, "number")?,
            on: date(row, t, "held_on")?,
            by: get(row, t, "held_by")?,
            settling: required(row, t, "settling", Settling::parse)?,
            notes: get(row, t, "notes")?,
        })
    }
}

impl StoredRecord for AgencyEngagement {
    const TABLE: &'static str = "agency_engagements";
    const KEY_COLUMNS: &'static [&'static str] = &["engagement_id"];
    const COLUMNS: &'static [&'static str] = &[
        "engagement_id",
        "worker_name",
        "agency",
        "job_type",
        "vacancy_id",
        "team_id",
        "starts_on",
        "ends_on",
        "qualified_on",
        "left_permanent_on",
        "left_permanent_council",
        "notice_weeks",
        "hourly_rate_pence",
        "signed_off_by",
        "signed_off_on",
        "sign_off_reason",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        let sign_off = self.sign_off.as_ref();
        bind_all!(
            arguments,
            self.id.as_str(),
            self.worker_name.as_str(),
            self.agency.as_str(),
            self.job_type.as_str(),
            self.vacancy_id.as_ref().map(VacancyId::as_str),
            self.team_id.as_ref().map(TeamId::as_str),
            self.starts_on,
            self.ends_on,
            self.qualified_on,
            self.left_permanent_on,
            self.left_permanent_council.map(|code| code.to_string()),
            i64::from(self.notice_weeks),
            i64::from(self.hourly_rate_pence),
            sign_off.map(|s| s.by.as_str()),
            sign_off.map(|s| s.on),
            sign_off.map(|s| s.reason.as_str()),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let signed_off_by: Option<String> = get(row, t, "signed_off_by")?;
        let signed_off_on = optional_date(row, t, "signed_off_on")?;
        let sign_off_reason: Option<String> = get(row, t, "sign_off_reason")?;
        let sign_off = match (signed_off_by, signed_off_on, sign_off_reason) {
            (Some(by), Some(on), Some(reason)) => Some(SignOff { by, on, reason }),
            (None, None, None) => None,
            _ => {
                return Err(StoreError::Corrupt {
                    table: t,
                    column: "signed_off_by",
                    reason: "a sign-off without all of who, when and why".to_owned(),
                });
            }
        };
        Ok(Self {
            id: required(row, t, "engagement_id", EngagementId::parse)?,
            worker_name: get(row, t, "worker_name")?,
            agency: get(row, t, "agency")?,
            job_type: required(row, t, "job_type", AgencyJobType::parse)?,
            vacancy_id: optional(row, t, "vacancy_id", VacancyId::parse)?,
            team_id: optional(row, t, "team_id", TeamId::parse)?,
            starts_on: date(row, t, "starts_on")?,
            ends_on: optional_date(row, t, "ends_on")?,
            qualified_on: date(row, t, "qualified_on")?,
            left_permanent_on: optional_date(row, t, "left_permanent_on")?,
            left_permanent_council: optional(row, t, "left_permanent_council", CouncilCode::parse)?,
            notice_weeks: small(row, t, "notice_weeks")?,
            hourly_rate_pence: small(row, t, "hourly_rate_pence")?,
            sign_off,
        })
    }
}

/// The council's settings: its row and child rows, or the defaults without a row.
async fn load_settings(
    connection: &mut DbConnection,
    council: &str,
) -> Result<RecruitmentSettings, StoreError> {
    let rows = fetch(
        connection,
        council,
        "select anonymise_after_months, visa_alert_days from recruitment_settings \
         where council = ?",
    )
    .await?;
    let Some(row) = rows.first() else {
        return Ok(RecruitmentSettings::default());
    };
    let t = "recruitment_settings";
    let anonymise_after_months = small(row, t, "anonymise_after_months")?;
    let visa_alert_days = small(row, t, "visa_alert_days")?;
    let region = fetch(
        connection,
        council,
        "select member from recruitment_region where council = ? order by member",
    )
    .await?
    .iter()
    .map(|row| required(row, "recruitment_region", "member", CouncilCode::parse))
    .collect::<Result<_, _>>()?;
    let mut price_caps: Vec<PriceCap> = fetch(
        connection,
        council,
        "select job_type, hourly_pence from agency_price_caps where council = ?",
    )
    .await?
    .iter()
    .map(|row| {
        let t = "agency_price_caps";
        Ok(PriceCap {
            job_type: required(row, t, "job_type", AgencyJobType::parse)?,
            hourly_pence: small(row, t, "hourly_pence")?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    // In the job types' own order (the DfE's), as the default caps are listed.
    price_caps.sort_by_key(|cap| cap.job_type);
    Ok(RecruitmentSettings {
        anonymise_after_months,
        visa_alert_days,
        region,
        price_caps,
    })
}

/// Loads one council's recruitment, every table in key order (the region by council
/// code, the price caps by job type), inside the caller's read transaction.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<Recruitment, StoreError> {
    let code = council.to_string();
    let code = code.as_str();
    Ok(Recruitment {
        settings: load_settings(connection, code).await?,
        posts: load_table(connection, code).await?,
        vacancy_posts: load_table(connection, code).await?,
        stage_changes: load_table(connection, code).await?,
        candidates: load_table(connection, code).await?,
        candidate_stage_changes: load_table(connection, code).await?,
        event_details: load_table(connection, code).await?,
        attendees: load_table(connection, code).await?,
        universities: load_table(connection, code).await?,
        placement_details: load_table(connection, code).await?,
        international_recruits: load_table(connection, code).await?,
        check_ins: load_table(connection, code).await?,
        engagements: load_table(connection, code).await?,
    })
}

/// Writes one council's recruitment changes, in order, inside the caller's
/// transaction: each an upsert by its record's key, or a delete.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    changes: &[RecruitmentChange],
) -> Result<(), StoreError> {
    let council = council.to_string();
    let council = council.as_str();
    for change in changes {
        match change {
            RecruitmentChange::PutSettings(settings) => {
                put_settings(connection, council, settings)
                    .await
                    .map_err(query_failed)?;
            }
            RecruitmentChange::PutPost(post) => upsert(connection, council, once(post)).await?,
            RecruitmentChange::RemovePost(id) => {
                // The links first: they refer to the post.
                for statement in [
                    "delete from vacancy_posts where council = ? and post_id = ?",
                    "delete from posts where council = ? and post_id = ?",
                ] {
                    sqlx::query(sql(statement))
                        .bind(council)
                        .bind(id.as_str())
                        .execute(&mut *connection)
                        .await
                        .map_err(query_failed)?;
                }
            }
            RecruitmentChange::PutVacancyPost(link) => {
                upsert(connection, council, once(link)).await?;
            }
            RecruitmentChange::PutStageChange(moved) => {
                upsert(connection, council, once(moved)).await?;
            }
            RecruitmentChange::PutCandidate(candidate) => {
                upsert(connection, council, once(candidate)).await?;
            }
            RecruitmentChange::PutCandidateStageChange(moved) => {
                upsert(connection, council, once(moved)).await?;
            }
            RecruitmentChange::PutEventDetails(details) => {
                upsert(connection, council, once(details)).await?;
            }
            RecruitmentChange::PutAttendee(attendee) => {
                upsert(connection, council, once(attendee)).await?;
            }
            RecruitmentChange::RemoveAttendee { event_id, number } => {
                sqlx::query(sql(
                    "delete from event_attendees where council = ? and event_id = ? and number = ?",
                ))
                .bind(council)
                .bind(event_id.as_str())
                .bind(i64::from(*number))
                .execute(&mut *connection)
                .await
                .map_err(query_failed)?;
            }
            RecruitmentChange::PutUniversity(university) => {
                upsert(connection, council, once(university)).await?;
            }
            RecruitmentChange::PutPlacementDetails(details) => {
                upsert(connection, council, once(details)).await?;
            }
            RecruitmentChange::PutInternationalRecruit(recruit) => {
                upsert(connection, council, once(recruit)).await?;
            }
            RecruitmentChange::PutCheckIn(check_in) => {
                upsert(connection, council, once(check_in)).await?;
            }
            RecruitmentChange::PutEngagement(engagement) => {
                upsert(connection, council, once(engagement)).await?;
            }
        }
    }
    Ok(())
}

/// Replaces the settings row and its region and price caps.
async fn put_settings(
    connection: &mut DbConnection,
    council: &str,
    settings: &RecruitmentSettings,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql(
        "insert into recruitment_settings (council, anonymise_after_months, visa_alert_days) \
         values (?, ?, ?) on conflict (council) do update set \
         anonymise_after_months = excluded.anonymise_after_months, \
         visa_alert_days = excluded.visa_alert_days",
    ))
    .bind(council)
    .bind(i64::from(settings.anonymise_after_months))
    .bind(i64::from(settings.visa_alert_days))
    .execute(&mut *connection)
    .await?;
    for table in ["recruitment_region", "agency_price_caps"] {
        sqlx::query(sql(format!("delete from {table} where council = ?")))
            .bind(council)
            .execute(&mut *connection)
            .await?;
    }
    for member in &settings.region {
        sqlx::query(sql(
            "insert into recruitment_region (council, member) values (?, ?)",
        ))
        .bind(council)
        .bind(member.to_string())
        .execute(&mut *connection)
        .await?;
    }
    for cap in &settings.price_caps {
        sqlx::query(sql(
            "insert into agency_price_caps (council, job_type, hourly_pence) values (?, ?, ?)",
        ))
        .bind(council)
        .bind(cap.job_type.as_str())
        .bind(i64::from(cap.hourly_pence))
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}
