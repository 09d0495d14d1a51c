//! The retention schedule's setting: how many years a council keeps employment and
//! training records after the person left.

use crate::db::{DbConnection, sql};
use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::retention::RetentionSettings;

use crate::query_failed;
use crate::tables::{fetch, small};

/// One council's settings; Pathway's default (6 years) if it has none stored.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<RetentionSettings, StoreError> {
    let code = council.to_string();
    let Some(row) = fetch(
        connection,
        &code,
        "select employment_years from retention_settings where council = ?",
    )
    .await?
    .into_iter()
    .next() else {
        return Ok(RetentionSettings::default());
    };
    let t = "retention_settings";
    let years: u32 = small(&row, t, "employment_years")?;
    RetentionSettings::new(years).map_err(|error| StoreError::Corrupt {
        table: t,
        column: "employment_years",
        reason: error.to_string(),
    })
}

/// Replaces one council's settings, inside the caller's transaction.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    settings: &RetentionSettings,
) -> Result<(), StoreError> {
    sqlx::query(sql(
        "insert into retention_settings (council, employment_years) values (?, ?) \
         on conflict (council) do update set employment_years = excluded.employment_years",
    ))
    .bind(council.to_string())
    .bind(i64::from(settings.employment_years()))
    .execute(&mut *connection)
    .await
    .map_err(query_failed)?;
    Ok(())
}
