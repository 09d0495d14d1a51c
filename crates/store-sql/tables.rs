//! How each record of the bulk format maps to its table, and the column readers
//! every table shares (the academy's and recruitment's too).

use std::fmt::Display;

use crate::db::{Db, DbConnection};
use crate::db::{DbArguments, DbRow, sql};
use chrono::NaiveTime;
use pathway_app::StoreError;
use pathway_domain::codes::{
    AbsenceReason, AsyeOutcome, Contract, Destination, Ethnicity, ExitReason, Gender,
    LeavingReason, PlacementNumber, PlacementOutcome, Programme, QualificationLevel, Role, Route,
    Service, StartOrigin, VacancyStage, WouldReturn,
};
use pathway_domain::ids::{
    CohortId, EmploymentId, EventId, PlacementId, TeamId, VacancyId, WorkerId,
};
use pathway_domain::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, ExitInterview, Placement,
    RecruitmentEvent, Team, Vacancy, Worker,
};
use pathway_domain::values::{Date, Fte, Span, SweNumber, WorkingDays};
use pathway_domain::workforce::Record;
use sqlx::error::BoxDynError;
use sqlx::{Arguments, Decode, Row, Type};

use crate::query_failed;

/// A record with a table of its own, keyed by the council and [`StoredRecord::KEY_COLUMNS`]:
/// the bulk format's records and recruitment's.
pub(crate) trait StoredRecord: Sized + Sync + 'static {
    /// The table's name.
    const TABLE: &'static str;
    /// The columns after `council` that make up the table's key, in key order (for a
    /// record of the bulk format, its [`Record::KEY_COLUMNS`]).
    const KEY_COLUMNS: &'static [&'static str];
    /// The table's columns after `council`, in the order [`StoredRecord::bind`] binds
    /// them. The key columns are among them.
    const COLUMNS: &'static [&'static str];
    /// Binds the record's values, in [`StoredRecord::COLUMNS`] order.
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError>;
    /// Reads a record back from a row of the table.
    fn read(row: &DbRow) -> Result<Self, StoreError>;
}

/// Reads one column, reporting a value of the wrong type as corruption.
pub(crate) fn get<'r, T>(
    row: &'r DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<T, StoreError>
where
    T: Decode<'r, Db> + Type<Db>,
{
    row.try_get(column).map_err(|error| StoreError::Corrupt {
        table,
        column,
        reason: error.to_string(),
    })
}

/// Turns a domain parse failure of a stored value into a corruption report.
pub(crate) fn checked<T, E: Display>(
    table: &'static str,
    column: &'static str,
    parsed: Result<T, E>,
) -> Result<T, StoreError> {
    parsed.map_err(|error| StoreError::Corrupt {
        table,
        column,
        reason: error.to_string(),
    })
}

pub(crate) fn required<T, E: Display>(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<T, StoreError> {
    let text: &str = get(row, table, column)?;
    checked(table, column, parse(text))
}

pub(crate) fn optional<T, E: Display>(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, StoreError> {
    let text: Option<&str> = get(row, table, column)?;
    text.map(|text| checked(table, column, parse(text)))
        .transpose()
}

pub(crate) use crate::db::{date, optional_date};

/// How times of day are stored: `HH:MM`, which also sorts and compares as text.
const TIME_FORMAT: &str = "%H:%M";

pub(crate) fn time_text(time: NaiveTime) -> String {
    time.format(TIME_FORMAT).to_string()
}

pub(crate) fn time(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<NaiveTime, StoreError> {
    required(row, table, column, |text| {
        NaiveTime::parse_from_str(text, TIME_FORMAT)
    })
}

pub(crate) fn optional_time(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Option<NaiveTime>, StoreError> {
    optional(row, table, column, |text| {
        NaiveTime::parse_from_str(text, TIME_FORMAT)
    })
}

/// A small whole number (a session or day number, a position, pence).
pub(crate) fn small<T: TryFrom<i64>>(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<T, StoreError>
where
    T::Error: Display,
{
    let value: i64 = get(row, table, column)?;
    checked(table, column, T::try_from(value))
}

pub(crate) fn optional_small<T: TryFrom<i64>>(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Option<T>, StoreError>
where
    T::Error: Display,
{
    let value: Option<i64> = get(row, table, column)?;
    value
        .map(|value| checked(table, column, T::try_from(value)))
        .transpose()
}

/// The rows of one council's table.
pub(crate) async fn fetch(
    connection: &mut DbConnection,
    council: &str,
    statement: &'static str,
) -> Result<Vec<DbRow>, StoreError> {
    sqlx::query(sql(statement))
        .bind(council)
        .fetch_all(&mut *connection)
        .await
        .map_err(query_failed)
}

fn span(
    row: &DbRow,
    table: &'static str,
    start: &'static str,
    end: &'static str,
) -> Result<Span, StoreError> {
    let start_date = date(row, table, start)?;
    let end_date = optional_date(row, table, end)?;
    checked(table, end, Span::new(start_date, end_date))
}

fn count(
    row: &DbRow,
    table: &'static str,
    column: &'static str,
) -> Result<Option<u32>, StoreError> {
    let value: Option<i64> = get(row, table, column)?;
    value
        .map(|value| checked(table, column, u32::try_from(value)))
        .transpose()
}

macro_rules! bind_all {
    ($arguments:expr, $($value:expr),+ $(,)?) => {{
        $( $arguments.add($value)?; )+
        Ok(())
    }};
}
pub(crate) use bind_all;

impl StoredRecord for Team {
    const TABLE: &'static str = "teams";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &["team_id", "name", "service", "locality"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.name.as_str(),
            self.service.as_str(),
            self.locality.as_deref()
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            id: required(row, t, "team_id", TeamId::parse)?,
            name: get(row, t, "name")?,
            service: required(row, t, "service", Service::parse)?,
            locality: get(row, t, "locality")?,
        })
    }
}

impl StoredRecord for Worker {
    const TABLE: &'static str = "workers";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "worker_id",
        "given_name",
        "family_name",
        "swe_number",
        "gender",
        "date_of_birth",
        "ethnicity",
        "qualified_on",
        "qualification_institution",
        "qualification_level",
        "route",
        "bsl",
        "languages",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.given_name.as_str(),
            self.family_name.as_str(),
            self.swe_number.as_ref().map(SweNumber::as_str),
            self.gender.map(Gender::as_str),
            self.date_of_birth,
            self.ethnicity.map(Ethnicity::as_str),
            self.qualified_on,
            self.qualification_institution.as_deref(),
            self.qualification_level.map(QualificationLevel::as_str),
            self.route.map(Route::as_str),
            self.bsl,
            self.languages.join(";"),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let languages: &str = get(row, t, "languages")?;
        Ok(Self {
            id: required(row, t, "worker_id", WorkerId::parse)?,
            given_name: get(row, t, "given_name")?,
            family_name: get(row, t, "family_name")?,
            swe_number: optional(row, t, "swe_number", SweNumber::parse)?,
            gender: optional(row, t, "gender", Gender::parse)?,
            date_of_birth: optional_date(row, t, "date_of_birth")?,
            ethnicity: optional(row, t, "ethnicity", Ethnicity::parse)?,
            qualified_on: optional_date(row, t, "qualified_on")?,
            qualification_institution: get(row, t, "qualification_institution")?,
            qualification_level: optional(
                row,
                t,
                "qualification_level",
                QualificationLevel::parse,
            )?,
            route: optional(row, t, "route", Route::parse)?,
            bsl: get(row, t, "bsl")?,
            languages: languages
                .split(';')
                .filter(|language| !language.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }
}

impl StoredRecord for Employment {
    const TABLE: &'static str = "employments";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "employment_id",
        "worker_id",
        "start_date",
        "end_date",
        "start_origin",
        "leaving_reason",
        "destination",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        let leaving = self.leaving();
        bind_all!(
            arguments,
            self.id().as_str(),
            self.worker_id().as_str(),
            self.span().start(),
            self.span().end(),
            self.start_origin().map(StartOrigin::as_str),
            leaving.map(|leaving| leaving.reason.as_str()),
            leaving
                .and_then(|leaving| leaving.destination)
                .map(Destination::as_str),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let employment = Employment::new(
            required(row, t, "employment_id", EmploymentId::parse)?,
            required(row, t, "worker_id", WorkerId::parse)?,
            span(row, t, "start_date", "end_date")?,
            optional(row, t, "start_origin", StartOrigin::parse)?,
            optional(row, t, "leaving_reason", LeavingReason::parse)?,
            optional(row, t, "destination", Destination::parse)?,
        );
        checked(t, "leaving_reason", employment)
    }
}

impl StoredRecord for Assignment {
    const TABLE: &'static str = "assignments";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "employment_id",
        "start_date",
        "end_date",
        "team_id",
        "role",
        "contract",
        "fte",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.employment_id.as_str(),
            self.span.start(),
            self.span.end(),
            self.team_id.as_ref().map(TeamId::as_str),
            self.role.as_str(),
            self.contract.as_str(),
            self.fte.value(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            employment_id: required(row, t, "employment_id", EmploymentId::parse)?,
            span: span(row, t, "start_date", "end_date")?,
            team_id: optional(row, t, "team_id", TeamId::parse)?,
            role: required(row, t, "role", Role::parse)?,
            contract: required(row, t, "contract", Contract::parse)?,
            fte: checked(t, "fte", Fte::new(get(row, t, "fte")?))?,
        })
    }
}

impl StoredRecord for Caseload {
    const TABLE: &'static str = "caseloads";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &["worker_id", "as_of", "cases"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.worker_id.as_str(),
            self.as_of,
            i64::from(self.cases)
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            worker_id: required(row, t, "worker_id", WorkerId::parse)?,
            as_of: date(row, t, "as_of")?,
            cases: count(row, t, "cases")?.ok_or(StoreError::Corrupt {
                table: t,
                column: "cases",
                reason: "empty".into(),
            })?,
        })
    }
}

impl StoredRecord for Vacancy {
    const TABLE: &'static str = "vacancies";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "vacancy_id",
        "team_id",
        "role",
        "fte",
        "opened_on",
        "closed_on",
        "stage",
        "covered_by_agency",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.team_id.as_ref().map(TeamId::as_str),
            self.role.as_str(),
            self.fte.value(),
            self.open.start(),
            self.open.end(),
            self.stage.as_str(),
            self.covered_by_agency,
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            id: required(row, t, "vacancy_id", VacancyId::parse)?,
            team_id: optional(row, t, "team_id", TeamId::parse)?,
            role: required(row, t, "role", Role::parse)?,
            fte: checked(t, "fte", Fte::new(get(row, t, "fte")?))?,
            open: span(row, t, "opened_on", "closed_on")?,
            stage: required(row, t, "stage", VacancyStage::parse)?,
            covered_by_agency: get(row, t, "covered_by_agency")?,
        })
    }
}

impl StoredRecord for Cohort {
    const TABLE: &'static str = "cohorts";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &["cohort_id", "name", "programme", "start_date"];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.name.as_str(),
            self.programme.as_str(),
            self.start_date
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            id: required(row, t, "cohort_id", CohortId::parse)?,
            name: get(row, t, "name")?,
            programme: required(row, t, "programme", Programme::parse)?,
            start_date: date(row, t, "start_date")?,
        })
    }
}

impl StoredRecord for AcademyMember {
    const TABLE: &'static str = "academy_members";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "cohort_id",
        "worker_id",
        "joined_on",
        "completed_on",
        "asye_outcome",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.cohort_id().as_str(),
            self.worker_id().as_str(),
            self.joined_on(),
            self.completed_on(),
            self.asye_outcome().map(AsyeOutcome::as_str),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let member = AcademyMember::new(
            required(row, t, "cohort_id", CohortId::parse)?,
            required(row, t, "worker_id", WorkerId::parse)?,
            date(row, t, "joined_on")?,
            optional_date(row, t, "completed_on")?,
            optional(row, t, "asye_outcome", AsyeOutcome::parse)?,
        );
        checked(t, "completed_on", member)
    }
}

impl StoredRecord for Placement {
    const TABLE: &'static str = "placements";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "placement_id",
        "student_name",
        "university",
        "placement_number",
        "team_id",
        "start_date",
        "end_date",
        "outcome",
        "hired_worker_id",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        let number: i64 = match self.number {
            PlacementNumber::First => 1,
            PlacementNumber::Final => 2,
        };
        bind_all!(
            arguments,
            self.id.as_str(),
            self.student_name.as_str(),
            self.university.as_str(),
            number,
            self.team_id.as_ref().map(TeamId::as_str),
            self.span.start(),
            self.span.end(),
            self.outcome.map(PlacementOutcome::as_str),
            self.hired_worker_id.as_ref().map(WorkerId::as_str),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let number: i64 = get(row, t, "placement_number")?;
        Ok(Self {
            id: required(row, t, "placement_id", PlacementId::parse)?,
            student_name: get(row, t, "student_name")?,
            university: get(row, t, "university")?,
            number: checked(
                t,
                "placement_number",
                PlacementNumber::parse(&number.to_string()),
            )?,
            team_id: optional(row, t, "team_id", TeamId::parse)?,
            span: span(row, t, "start_date", "end_date")?,
            outcome: optional(row, t, "outcome", PlacementOutcome::parse)?,
            hired_worker_id: optional(row, t, "hired_worker_id", WorkerId::parse)?,
        })
    }
}

impl StoredRecord for RecruitmentEvent {
    const TABLE: &'static str = "recruitment_events";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "event_id",
        "held_on",
        "location",
        "out_of_hours",
        "attendees",
        "applications",
        "offers",
        "hires",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.id.as_str(),
            self.held_on,
            self.location.as_str(),
            self.out_of_hours,
            self.attendees.map(i64::from),
            self.applications.map(i64::from),
            self.offers.map(i64::from),
            self.hires.map(i64::from),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            id: required(row, t, "event_id", EventId::parse)?,
            held_on: date(row, t, "held_on")?,
            location: get(row, t, "location")?,
            out_of_hours: get(row, t, "out_of_hours")?,
            attendees: count(row, t, "attendees")?,
            applications: count(row, t, "applications")?,
            offers: count(row, t, "offers")?,
            hires: count(row, t, "hires")?,
        })
    }
}

impl StoredRecord for Absence {
    const TABLE: &'static str = "absences";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "worker_id",
        "start_date",
        "end_date",
        "reason",
        "working_days_lost",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.worker_id().as_str(),
            self.start_date(),
            self.end_date(),
            self.reason().as_str(),
            self.working_days_lost().value(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        let worker_id = required(row, t, "worker_id", WorkerId::parse)?;
        let start_date: Date = date(row, t, "start_date")?;
        let end_date: Option<Date> = get(row, t, "end_date")?;
        let reason = required(row, t, "reason", AbsenceReason::parse)?;
        let days = checked(
            t,
            "working_days_lost",
            WorkingDays::new(get(row, t, "working_days_lost")?),
        )?;
        match end_date.filter(|end| *end < start_date) {
            Some(end_date) => Ok(Absence::with_reversed_dates(
                worker_id, start_date, end_date, reason, days,
            )),
            None => {
                let span = checked(t, "end_date", Span::new(start_date, end_date))?;
                checked(
                    t,
                    "working_days_lost",
                    Absence::new(worker_id, span, reason, days),
                )
            }
        }
    }
}

impl StoredRecord for ExitInterview {
    const TABLE: &'static str = "exit_interviews";
    const KEY_COLUMNS: &'static [&'static str] = <Self as Record>::KEY_COLUMNS;
    const COLUMNS: &'static [&'static str] = &[
        "worker_id",
        "held_on",
        "primary_reason",
        "would_return",
        "comments",
    ];
    fn bind(&self, arguments: &mut DbArguments) -> Result<(), BoxDynError> {
        bind_all!(
            arguments,
            self.worker_id.as_str(),
            self.held_on,
            self.primary_reason.as_str(),
            self.would_return.map(WouldReturn::as_str),
            self.comments.as_deref(),
        )
    }
    fn read(row: &DbRow) -> Result<Self, StoreError> {
        let t = Self::TABLE;
        Ok(Self {
            worker_id: required(row, t, "worker_id", WorkerId::parse)?,
            held_on: date(row, t, "held_on")?,
            primary_reason: required(row, t, "primary_reason", ExitReason::parse)?,
            would_return: optional(row, t, "would_return", WouldReturn::parse)?,
            comments: get(row, t, "comments")?,
        })
    }
}
