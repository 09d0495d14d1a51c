//! The caseload settings: the bands' lower bounds, the thresholds per role and what
//! "rising fast" means. The counts are the workforce table `caseloads`.

use std::collections::BTreeMap;

use crate::db::{DbConnection, sql};
use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::caseload::CaseloadSettings;
use pathway_domain::codes::Role;

use crate::query_failed;
use crate::tables::{fetch, get, required, small};

/// One council's settings; Pathway's defaults if it has none stored.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<CaseloadSettings, StoreError> {
    let code = council.to_string();
    let Some(row) = fetch(
        connection,
        &code,
        "select band_bounds, rising_cases, rising_days from caseload_settings where council = ?",
    )
    .await?
    .into_iter()
    .next() else {
        return Ok(CaseloadSettings::default());
    };
    let t = "caseload_settings";
    let bounds: String = get(&row, t, "band_bounds")?;
    let band_bounds = bounds
        .split(',')
        .map(|bound| bound.trim().parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| StoreError::Corrupt {
            table: t,
            column: "band_bounds",
            reason: error.to_string(),
        })?;
    let mut thresholds = BTreeMap::new();
    for row in fetch(
        connection,
        &code,
        "select role, cases from caseload_thresholds where council = ? order by role",
    )
    .await?
    {
        let role = required(&row, "caseload_thresholds", "role", Role::parse)?;
        thresholds.insert(role, small(&row, "caseload_thresholds", "cases")?);
    }
    Ok(CaseloadSettings {
        band_bounds,
        thresholds,
        rising_cases: small(&row, t, "rising_cases")?,
        rising_days: small(&row, t, "rising_days")?,
    })
}

/// Replaces one council's settings, inside the caller's transaction.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    settings: &CaseloadSettings,
) -> Result<(), StoreError> {
    let code = council.to_string();
    let bounds: Vec<String> = settings.band_bounds.iter().map(u32::to_string).collect();
    sqlx::query(sql("delete from caseload_thresholds where council = ?"))
        .bind(&code)
        .execute(&mut *connection)
        .await
        .map_err(query_failed)?;
    sqlx::query(sql(
        "insert into caseload_settings (council, band_bounds, rising_cases, rising_days) \
         values (?, ?, ?, ?) on conflict (council) do update set \
         band_bounds = excluded.band_bounds, rising_cases = excluded.rising_cases, \
         rising_days = excluded.rising_days",
    ))
    .bind(&code)
    .bind(bounds.join(","))
    .bind(i64::from(settings.rising_cases))
    .bind(i64::from(settings.rising_days))
    .execute(&mut *connection)
    .await
    .map_err(query_failed)?;
    for (role, cases) in &settings.thresholds {
        sqlx::query(sql(
            "insert into caseload_thresholds (council, role, cases) values (?, ?, ?)",
        ))
        .bind(&code)
        .bind(role.as_str())
        .bind(i64::from(*cases))
        .execute(&mut *connection)
        .await
        .map_err(query_failed)?;
    }
    Ok(())
}
