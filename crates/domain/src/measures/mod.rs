//! The workforce measures of `metrics.md`, computed from loaded records at a reference
//! date D, for each council and for all councils pooled.
//!
//! Each area has its module: [`workforce`] (in post, vacancies, turnover, caseloads,
//! sickness absence), [`leavers`] (reasons, destinations, attrition, returners),
//! [`academy`] (cohort retention), [`employment_survival`] (how long employments
//! last, with the Kaplan–Meier mathematics in [`survival`]) and [`recruitment`]. They
//! share one [`index::CouncilIndex`] per council, built once. Results are plain data
//! whose serialisation is the measures JSON layout (`pathway measures --json`); a
//! rate whose denominator is zero is `None`, never NaN, infinity or 0.

pub mod academy;
pub mod calendar;
pub mod employment_survival;
pub mod exit_interviews;
pub mod index;
pub mod leavers;
pub mod profile;
pub mod recruitment;
pub mod suppression;
pub mod survival;
pub mod workforce;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::values::Date;
use crate::workforce::Workforce;

pub use calendar::{census_date_on_or_before, year_start};
pub use employment_survival::SurvivalGrouping;
use index::CouncilIndex;

/// The survival times reported, in years: S(t) is given at 1, 2, 3 and 5 years.
pub const SURVIVAL_YEARS: [u32; 4] = [1, 2, 3, 5];

/// Days in a year for service lengths and survival times, as the DfE and the peer
/// count them.
pub const YEAR_DAYS: f64 = 365.25;

/// The default caseload bands' lower bounds after the first band: 0-19, 20-24, 25-29,
/// 30+.
pub const DEFAULT_BAND_BOUNDS: [u32; 3] = [20, 25, 30];

/// What to compute: the reference date and the choices a user can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureOptions {
    /// The reference date D.
    pub date: Date,
    /// Lower bounds of the caseload bands after the first, ascending.
    pub band_bounds: Vec<u32>,
    /// How to split the survival of employments.
    pub grouping: SurvivalGrouping,
    /// Whether to include each scope's whole overall survival curve.
    pub curves: bool,
}

impl MeasureOptions {
    /// The defaults at a reference date: bands 0-19/20-24/25-29/30+, survival by route.
    pub fn at(date: Date) -> Self {
        Self {
            date,
            band_bounds: DEFAULT_BAND_BOUNDS.to_vec(),
            grouping: SurvivalGrouping::Route,
            curves: false,
        }
    }
}

/// `numerator / denominator`, or `None` when the denominator is zero: a rate of
/// nothing is not applicable, not 0.
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// The median, averaging the two middle values of an even count; `None` when empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle]
    } else {
        (values[middle - 1] + values[middle]) / 2.0
    })
}

/// Figures keyed by a label, in a meaningful order (bands ascending, codes in the
/// spec's order); serialised as a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed<T>(pub Vec<(String, T)>);

impl<T> Keyed<T> {
    /// The figure with this label.
    pub fn get(&self, label: &str) -> Option<&T> {
        self.0
            .iter()
            .find(|(key, _)| key == label)
            .map(|(_, value)| value)
    }
}

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (label, value) in &self.0 {
            map.serialize_entry(label, value)?;
        }
        map.end()
    }
}

/// Every measure for one scope: one council, or all councils pooled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeMeasures {
    /// The workforce at D.
    pub workforce: workforce::WorkforceFigures,
    /// Leavers in the year to D.
    pub leavers: leavers::LeaverFigures,
    /// Academy cohort retention at D.
    pub academy: academy::AcademyFigures,
    /// How long employments last.
    pub survival: employment_survival::SurvivalFigures,
    /// Vacancies, events and placements.
    pub recruitment: recruitment::RecruitmentFigures,
}

/// The measures of every council and of all councils pooled, in the measures JSON
/// layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasuresReport {
    /// Always `pathway-measures`.
    pub format: &'static str,
    /// The layout's version, 1.
    pub version: u32,
    /// D.
    pub reference_date: Date,
    /// D minus one year: the year to D is (this, D].
    pub year_from_exclusive: Date,
    /// The survival grouping asked for.
    pub group: SurvivalGrouping,
    /// The caseload bands' lower bounds after the first.
    pub caseload_band_bounds: Vec<u32>,
    /// The survival times reported, in days.
    pub survival_times_days: Vec<f64>,
    /// Each council by its code, and `all`.
    pub authorities: BTreeMap<String, ScopeMeasures>,
}

/// Arranges every council's records for measuring, councils shared out between the
/// machine's cores.
fn build_indexes(workforces: &[Workforce]) -> Vec<CouncilIndex<'_>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .max(1);
    let chunk = workforces.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = workforces
            .chunks(chunk)
            .map(|councils| {
                scope.spawn(move || councils.iter().map(CouncilIndex::new).collect::<Vec<_>>())
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("indexing a council panicked"))
            .collect()
    })
}

/// Computes only the survival of employments (the Kaplan–Meier curves, medians and
/// log-rank tests of [`compute`]) for each council and for all of them pooled, by
/// scope: the part to set beside a survival library on its own.
pub fn survival(
    workforces: &[Workforce],
    options: &MeasureOptions,
) -> BTreeMap<String, employment_survival::SurvivalFigures> {
    let indexes = build_indexes(workforces);
    let mut figures = BTreeMap::new();
    std::thread::scope(|threads| {
        let handles: Vec<_> = indexes
            .iter()
            .map(|index| {
                threads.spawn(move || {
                    let council = index.council().to_string();
                    (
                        council,
                        employment_survival::figures(&[index], options, false),
                    )
                })
            })
            .collect();
        let everyone: Vec<&CouncilIndex<'_>> = indexes.iter().collect();
        figures.insert(
            "all".to_owned(),
            employment_survival::figures(&everyone, options, true),
        );
        for handle in handles {
            let (code, survival) = handle.join().expect("a survival computation panicked");
            figures.insert(code, survival);
        }
    });
    figures
}

/// Computes every measure for each council and for all of them pooled.
pub fn compute(workforces: &[Workforce], options: &MeasureOptions) -> MeasuresReport {
    let indexes = build_indexes(workforces);
    let year_from = year_start(options.date);
    let mut authorities = BTreeMap::new();
    let scope = |councils: &[&CouncilIndex<'_>], pooled: bool| {
        let workforce = workforce::figures(councils, options, year_from);
        ScopeMeasures {
            leavers: leavers::figures(councils, options.date, year_from, workforce.fte),
            academy: academy::figures(councils, options.date, !pooled),
            survival: employment_survival::figures(councils, options, pooled),
            recruitment: recruitment::figures(councils, options.date, year_from),
            workforce,
        }
    };
    std::thread::scope(|threads| {
        let handles: Vec<_> = indexes
            .iter()
            .map(|index| {
                let scope = &scope;
                threads.spawn(move || (index.council().to_string(), scope(&[index], false)))
            })
            .collect();
        let everyone: Vec<&CouncilIndex<'_>> = indexes.iter().collect();
        authorities.insert("all".to_owned(), scope(&everyone, true));
        for handle in handles {
            let (code, measures) = handle.join().expect("a measure computation panicked");
            authorities.insert(code, measures);
        }
    });
    MeasuresReport {
        format: "pathway-measures",
        version: 1,
        reference_date: options.date,
        year_from_exclusive: year_from,
        group: options.grouping,
        caseload_band_bounds: options.band_bounds.clone(),
        survival_times_days: SURVIVAL_YEARS
            .iter()
            .map(|years| YEAR_DAYS * f64::from(*years))
            .collect(),
        authorities,
    }
}
