//! The committee report's words: one row per council and reference date, replaced
//! when saved again.

use crate::db::DbRow;
use crate::db::{DbConnection, sql};
use chrono::{DateTime, Utc};
use pathway_app::{SavedCommitteeDetails, StoreError};
use pathway_domain::CouncilCode;
use pathway_domain::committee::CommitteeDetails;
use pathway_domain::values::Date;

use crate::accounts::stamp;
use crate::query_failed;
use crate::tables::{date, get, optional_date};

const TABLE: &str = "committee_reports";

fn read(council: CouncilCode, row: &DbRow) -> Result<SavedCommitteeDetails, StoreError> {
    let t = TABLE;
    let changed_at: String = get(row, t, "changed_at")?;
    let changed_at = DateTime::parse_from_rfc3339(&changed_at)
        .map_err(|error| StoreError::Corrupt {
            table: t,
            column: "changed_at",
            reason: error.to_string(),
        })?
        .with_timezone(&Utc);
    Ok(SavedCommitteeDetails {
        council,
        date: date(row, t, "reference_date")?,
        details: CommitteeDetails {
            meeting: get(row, t, "meeting")?,
            meeting_date: optional_date(row, t, "meeting_date")?,
            report_of: get(row, t, "report_of")?,
            contact_officer: get(row, t, "contact_officer")?,
            recommendations: get(row, t, "recommendations")?,
            background: get(row, t, "background")?,
            financial: get(row, t, "financial")?,
            legal: get(row, t, "legal")?,
            equalities: get(row, t, "equalities")?,
            risk: get(row, t, "risk")?,
        },
        changed_by: get(row, t, "changed_by")?,
        changed_at,
    })
}

const COLUMNS: &str = "reference_date, meeting, meeting_date, report_of, contact_officer, \
    recommendations, background, financial, legal, equalities, risk, changed_by, changed_at";

/// The words saved for exactly `on` (`before` false), or the latest saved before it.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
    on: Date,
    before: bool,
) -> Result<Option<SavedCommitteeDetails>, StoreError> {
    let statement = if before {
        format!(
            "select {COLUMNS} from committee_reports where council = ? and reference_date < ? \
             order by reference_date desc limit 1"
        )
    } else {
        format!("select {COLUMNS} from committee_reports where council = ? and reference_date = ?")
    };
    let row = sqlx::query(sql(statement))
        .bind(council.to_string())
        .bind(on)
        .fetch_optional(&mut *connection)
        .await
        .map_err(query_failed)?;
    row.map(|row| read(council, &row)).transpose()
}

/// Writes words, each replacing those of its council and date, inside the caller's
/// transaction.
pub(crate) async fn write(
    connection: &mut DbConnection,
    saved: &SavedCommitteeDetails,
) -> Result<(), StoreError> {
    let details = &saved.details;
    sqlx::query(sql(
        "insert into committee_reports (council, reference_date, meeting, meeting_date, \
         report_of, contact_officer, recommendations, background, financial, legal, \
         equalities, risk, changed_by, changed_at) \
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         on conflict (council, reference_date) do update set meeting = excluded.meeting, \
         meeting_date = excluded.meeting_date, report_of = excluded.report_of, \
         contact_officer = excluded.contact_officer, \
         recommendations = excluded.recommendations, background = excluded.background, \
         financial = excluded.financial, legal = excluded.legal, \
         equalities = excluded.equalities, risk = excluded.risk, \
         changed_by = excluded.changed_by, changed_at = excluded.changed_at",
    ))
    .bind(saved.council.to_string())
    .bind(saved.date)
    .bind(details.meeting.as_str())
    .bind(details.meeting_date)
    .bind(details.report_of.as_str())
    .bind(details.contact_officer.as_str())
    .bind(details.recommendations.as_str())
    .bind(details.background.as_str())
    .bind(details.financial.as_str())
    .bind(details.legal.as_str())
    .bind(details.equalities.as_str())
    .bind(details.risk.as_str())
    .bind(saved.changed_by.as_str())
    .bind(stamp(saved.changed_at))
    .execute(&mut *connection)
    .await
    .map_err(query_failed)?;
    Ok(())
}
