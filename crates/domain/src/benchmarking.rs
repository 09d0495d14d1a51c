//! Benchmarking between the councils of one installation: each council's measures
//! beside the median and quartiles of its region and of the whole installation,
//! without exposing any council that has not chosen to be named.
//!
//! The measures themselves are [`crate::measures`]'; this module only picks them out,
//! pools them into a distribution and decides what may be shown
//! (`docs/benchmarking.md`).

use std::fmt;

use serde::Serialize;

use crate::codes::CodeError;
use crate::council::{Council, CouncilCode};
use crate::measures::ScopeMeasures;
use crate::measures::calendar::year_start;
use crate::values::Date;

/// The fewest councils (with a value for a measure) whose distribution is shown: a
/// smaller group could let a council work out another's figure.
pub const MIN_GROUP: usize = 5;

/// The nine English regions, and "other" for anything else (a council outside England,
/// a test installation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// North East.
    NorthEast,
    /// North West.
    NorthWest,
    /// Yorkshire and the Humber.
    YorkshireAndTheHumber,
    /// East Midlands.
    EastMidlands,
    /// West Midlands.
    WestMidlands,
    /// East of England.
    EastOfEngland,
    /// London.
    London,
    /// South East.
    SouthEast,
    /// South West.
    SouthWest,
    /// Not one of the nine English regions.
    Other,
}

impl Region {
    /// Every region, in the order lists show them.
    pub const ALL: [Region; 10] = [
        Self::NorthEast,
        Self::NorthWest,
        Self::YorkshireAndTheHumber,
        Self::EastMidlands,
        Self::WestMidlands,
        Self::EastOfEngland,
        Self::London,
        Self::SouthEast,
        Self::SouthWest,
        Self::Other,
    ];

    /// The region as the database, the CLI and forms spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NorthEast => "north_east",
            Self::NorthWest => "north_west",
            Self::YorkshireAndTheHumber => "yorkshire_and_the_humber",
            Self::EastMidlands => "east_midlands",
            Self::WestMidlands => "west_midlands",
            Self::EastOfEngland => "east_of_england",
            Self::London => "london",
            Self::SouthEast => "south_east",
            Self::SouthWest => "south_west",
            Self::Other => "other",
        }
    }

    /// The region as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::NorthEast => "North East",
            Self::NorthWest => "North West",
            Self::YorkshireAndTheHumber => "Yorkshire and the Humber",
            Self::EastMidlands => "East Midlands",
            Self::WestMidlands => "West Midlands",
            Self::EastOfEngland => "East of England",
            Self::London => "London",
            Self::SouthEast => "South East",
            Self::SouthWest => "South West",
            Self::Other => "Other",
        }
    }

    /// Parses a region's spelling, ignoring case and treating `-` as `_`.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        const SPELLINGS: &[&str] = &[
            "north_east",
            "north_west",
            "yorkshire_and_the_humber",
            "east_midlands",
            "west_midlands",
            "east_of_england",
            "london",
            "south_east",
            "south_west",
            "other",
        ];
        let wanted = text.trim().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|region| region.as_str().eq_ignore_ascii_case(&wanted))
            .ok_or_else(|| CodeError {
                expected: SPELLINGS,
                found: text.to_owned(),
            })
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A council of the installation with what benchmarking needs to know of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstallationCouncil {
    /// Its code and name.
    pub council: Council,
    /// Its region.
    pub region: Region,
    /// Whether it chose to be named in other councils' benchmarks (anonymous unless
    /// it did).
    pub named_in_benchmarks: bool,
}

impl InstallationCouncil {
    /// A council as it is until someone sets its region: "other", and anonymous.
    pub fn unplaced(council: Council) -> Self {
        Self {
            council,
            region: Region::Other,
            named_in_benchmarks: false,
        }
    }
}

/// A measure compared between councils.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkMeasure {
    /// Leavers' FTE in the year over FTE in post (`turnover_rate`).
    TurnoverRate,
    /// Vacant FTE over vacant plus in post (`vacancy_rate`).
    VacancyRate,
    /// Agency FTE over agency plus own staff in post (`agency_rate`).
    AgencyRate,
    /// Cases per FTE of case holders (`caseload_fte`).
    CaseloadPerFte,
    /// Sickness working days lost over FTE × 253 (`absence_rate`).
    AbsenceRate,
    /// Members of the academy cohorts that started 12 to 24 months before D still in
    /// children's services at D.
    AcademyRetention12Months,
    /// The same for cohorts that started 24 to 36 months before D.
    AcademyRetention24Months,
}

/// How a measure's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureKind {
    /// A fraction, written as a percentage.
    Rate,
    /// A number with one decimal.
    Number,
}

impl BenchmarkMeasure {
    /// Every measure, in the order tables show them.
    pub const ALL: [BenchmarkMeasure; 7] = [
        Self::TurnoverRate,
        Self::VacancyRate,
        Self::AgencyRate,
        Self::CaseloadPerFte,
        Self::AbsenceRate,
        Self::AcademyRetention12Months,
        Self::AcademyRetention24Months,
    ];

    /// The measure's key in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::TurnoverRate => "turnover_rate",
            Self::VacancyRate => "vacancy_rate",
            Self::AgencyRate => "agency_rate",
            Self::CaseloadPerFte => "caseload_per_fte",
            Self::AbsenceRate => "absence_rate",
            Self::AcademyRetention12Months => "academy_retention_12_months",
            Self::AcademyRetention24Months => "academy_retention_24_months",
        }
    }

    /// The measure as a table heading.
    pub fn label(self) -> &'static str {
        match self {
            Self::TurnoverRate => "Turnover rate",
            Self::VacancyRate => "Vacancy rate",
            Self::AgencyRate => "Agency rate",
            Self::CaseloadPerFte => "Caseload per FTE",
            Self::AbsenceRate => "Sickness absence rate",
            Self::AcademyRetention12Months => "Academy retention at 12 months",
            Self::AcademyRetention24Months => "Academy retention at 24 months",
        }
    }

    /// How its values are written.
    pub fn kind(self) -> MeasureKind {
        match self {
            Self::CaseloadPerFte => MeasureKind::Number,
            _ => MeasureKind::Rate,
        }
    }

    /// Its value in a council's measures at D, as the dashboard computes them; `None`
    /// where the council has nothing to measure (no one in post, no cohort of that
    /// age).
    pub fn value(self, scope: &ScopeMeasures, date: Date) -> Option<f64> {
        let workforce = &scope.workforce;
        match self {
            Self::TurnoverRate => workforce.turnover_rate,
            Self::VacancyRate => workforce.vacancy_rate,
            Self::AgencyRate => workforce.agency_rate,
            Self::CaseloadPerFte => workforce.caseload_fte,
            Self::AbsenceRate => workforce.absence_rate,
            Self::AcademyRetention12Months => cohort_retention(scope, date, 1),
            Self::AcademyRetention24Months => cohort_retention(scope, date, 2),
        }
    }
}

/// The share of the members of the cohorts that started in the year ending `years`
/// years before D who are in children's services at D, pooled from each cohort's
/// retention as the measures count it.
fn cohort_retention(scope: &ScopeMeasures, date: Date, years: u32) -> Option<f64> {
    let mut until = date;
    for _ in 0..years {
        until = year_start(until);
    }
    let from = year_start(until);
    let cohorts = scope.academy.by_cohort.as_ref()?;
    let (members, retained) = cohorts
        .0
        .iter()
        .map(|(_, cohort)| cohort)
        .filter(|cohort| cohort.start_date > from && cohort.start_date <= until)
        .fold((0u64, 0u64), |(members, retained), cohort| {
            (
                members + cohort.block.members,
                retained + cohort.block.all.retained_children,
            )
        });
    crate::measures::ratio(retained as f64, members as f64)
}

/// The lower quartile, median and upper quartile of a group of councils' values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    /// The lower quartile (25th percentile).
    pub lower: f64,
    /// The median.
    pub median: f64,
    /// The upper quartile (75th percentile).
    pub upper: f64,
}

/// The `p`-th quantile of sorted values by linear interpolation between closest ranks
/// (Hyndman and Fan's type 7, as spreadsheets' `QUARTILE.INC` and R's default): the
/// value at position `p × (n − 1)` counting from 0.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let position = p * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let fraction = position - below as f64;
    sorted[below] + (sorted[above] - sorted[below]) * fraction
}

/// The quartiles of `values` (non-finite values ignored), or `None` when fewer than
/// [`MIN_GROUP`] values are left: such a group is not shown.
pub fn quartiles(values: &[f64]) -> Option<Quartiles> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.len() < MIN_GROUP {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some(Quartiles {
        lower: quantile(&sorted, 0.25),
        median: quantile(&sorted, 0.5),
        upper: quantile(&sorted, 0.75),
    })
}

/// A group of councils' distribution of one measure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Distribution {
    /// Councils in the group with a value for the measure.
    pub councils: usize,
    /// Their quartiles; `None` when fewer than [`MIN_GROUP`] have a value.
    pub quartiles: Option<Quartiles>,
}

impl Distribution {
    /// The distribution of the values given (one per council, `None` for no value).
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> Self {
        let present: Vec<f64> = values
            .into_iter()
            .flatten()
            .filter(|v| v.is_finite())
            .collect();
        Self {
            councils: present.len(),
            quartiles: quartiles(&present),
        }
    }
}

/// One council's values of every [`BenchmarkMeasure`], with what says whether it may
/// be named.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilFigures {
    /// The council, its region and its choice about naming.
    pub council: InstallationCouncil,
    /// Its value of each measure, in the order of [`BenchmarkMeasure::ALL`].
    pub values: Vec<Option<f64>>,
}

impl CouncilFigures {
    /// The council's measures at D picked out of its scope of the measures.
    pub fn from_scope(council: InstallationCouncil, scope: &ScopeMeasures, date: Date) -> Self {
        Self {
            council,
            values: BenchmarkMeasure::ALL
                .iter()
                .map(|measure| measure.value(scope, date))
                .collect(),
        }
    }

    /// Its value of `measure`.
    pub fn value(&self, measure: BenchmarkMeasure) -> Option<f64> {
        let index = BenchmarkMeasure::ALL.iter().position(|m| *m == measure)?;
        self.values.get(index).copied().flatten()
    }
}

/// One measure of a council's benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureComparison {
    /// The measure.
    pub measure: BenchmarkMeasure,
    /// The council's own value.
    pub own: Option<f64>,
    /// The distribution over the councils of its region (itself included).
    pub region: Distribution,
    /// The distribution over every council of the installation.
    pub installation: Distribution,
}

/// A council that chose to be named, with its values: shown beside the distributions.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedCouncil {
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: Region,
    /// Its value of each measure, in the order of [`BenchmarkMeasure::ALL`].
    pub values: Vec<Option<f64>>,
}

/// What one council sees: its measures beside its region's and the installation's
/// distributions, and the other councils that chose to be named.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilBenchmark {
    /// The council's region.
    pub region: Region,
    /// Councils in its region, itself included.
    pub region_councils: usize,
    /// Councils on the installation.
    pub installation_councils: usize,
    /// Each measure, in the order of [`BenchmarkMeasure::ALL`].
    pub measures: Vec<MeasureComparison>,
    /// The other councils that chose to be named, by name; none unless the
    /// installation has at least [`MIN_GROUP`] councils.
    pub named: Vec<NamedCouncil>,
}

/// Compares council `own` with every council of the installation (`own` among them).
/// Other councils appear only in the distributions, or by name when they opted in.
pub fn council_benchmark(
    own: CouncilCode,
    everyone: &[CouncilFigures],
) -> Option<CouncilBenchmark> {
    let mine = everyone.iter().find(|c| c.council.council.code == own)?;
    let region = mine.council.region;
    let in_region: Vec<&CouncilFigures> = everyone
        .iter()
        .filter(|c| c.council.region == region)
        .collect();
    let measures = BenchmarkMeasure::ALL
        .iter()
        .map(|&measure| MeasureComparison {
            measure,
            own: mine.value(measure),
            region: Distribution::of(in_region.iter().map(|c| c.value(measure))),
            installation: Distribution::of(everyone.iter().map(|c| c.value(measure))),
        })
        .collect();
    let mut named: Vec<NamedCouncil> = if everyone.len() >= MIN_GROUP {
        everyone
            .iter()
            .filter(|c| c.council.named_in_benchmarks && c.council.council.code != own)
            .map(named_council)
            .collect()
    } else {
        Vec::new()
    };
    named.sort_by(|a, b| a.name.cmp(&b.name));
    Some(CouncilBenchmark {
        region,
        region_councils: in_region.len(),
        installation_councils: everyone.len(),
        measures,
        named,
    })
}

fn named_council(figures: &CouncilFigures) -> NamedCouncil {
    NamedCouncil {
        name: figures.council.council.name.clone(),
        region: figures.council.region,
        values: figures.values.clone(),
    }
}

/// One council of a group as a regional viewer sees it: by name if it opted in,
/// otherwise by a number that says nothing of which council it is.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMember {
    /// Its name, or "Unnamed council N".
    pub label: String,
    /// Whether `label` is the council's own name.
    pub named: bool,
    /// Its value of each measure, in the order of [`BenchmarkMeasure::ALL`].
    pub values: Vec<Option<f64>>,
}

/// What a regional viewer sees of their group of councils.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupBenchmark {
    /// Councils in the group.
    pub councils: usize,
    /// The group's distribution of each measure, in the order of
    /// [`BenchmarkMeasure::ALL`].
    pub measures: Vec<(BenchmarkMeasure, Distribution)>,
    /// Each council's measures: the named ones by name, then the others in the order of
    /// their turnover rate (never of their code); none when the group has fewer than
    /// [`MIN_GROUP`] councils.
    pub members: Vec<GroupMember>,
}

/// The benchmark of a group of councils (a regional viewer's).
pub fn group_benchmark(group: &[CouncilFigures]) -> GroupBenchmark {
    let measures = BenchmarkMeasure::ALL
        .iter()
        .map(|&measure| {
            (
                measure,
                Distribution::of(group.iter().map(|c| c.value(measure))),
            )
        })
        .collect();
    let mut members = Vec::new();
    if group.len() >= MIN_GROUP {
        let mut named: Vec<&CouncilFigures> = group
            .iter()
            .filter(|c| c.council.named_in_benchmarks)
            .collect();
        named.sort_by(|a, b| a.council.council.name.cmp(&b.council.council.name));
        let mut unnamed: Vec<&CouncilFigures> = group
            .iter()
            .filter(|c| !c.council.named_in_benchmarks)
            .collect();
        unnamed.sort_by(|a, b| {
            let key = |c: &CouncilFigures| c.value(BenchmarkMeasure::TurnoverRate);
            key(a)
                .unwrap_or(f64::INFINITY)
                .total_cmp(&key(b).unwrap_or(f64::INFINITY))
                .then_with(|| {
                    a.values
                        .iter()
                        .flatten()
                        .sum::<f64>()
                        .total_cmp(&b.values.iter().flatten().sum::<f64>())
                })
        });
        members.extend(named.into_iter().map(|c| GroupMember {
            label: c.council.council.name.clone(),
            named: true,
            values: c.values.clone(),
        }));
        members.extend(unnamed.into_iter().enumerate().map(|(i, c)| GroupMember {
            label: format!("Unnamed council {}", i + 1),
            named: false,
            values: c.values.clone(),
        }));
    }
    GroupBenchmark {
        councils: group.len(),
        measures,
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(code: u16, region: Region, named: bool, turnover: Option<f64>) -> CouncilFigures {
        let code = CouncilCode::parse(&code.to_string()).unwrap();
        let mut values = vec![None; BenchmarkMeasure::ALL.len()];
        values[0] = turnover;
        CouncilFigures {
            council: InstallationCouncil {
                council: Council {
                    code,
                    name: format!("Council of {code}"),
                },
                region,
                named_in_benchmarks: named,
            },
            values,
        }
    }

    #[test]
    fn quartiles_interpolate_between_closest_ranks() {
        let q = quartiles(&[0.10, 0.30, 0.20, 0.50, 0.40]).unwrap();
        assert!((q.lower - 0.20).abs() < 1e-12);
        assert!((q.median - 0.30).abs() < 1e-12);
        assert!((q.upper - 0.40).abs() < 1e-12);
        // Six values: positions 1.25, 2.5 and 3.75.
        let q = quartiles(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        assert!((q.lower - 2.25).abs() < 1e-12);
        assert!((q.median - 3.5).abs() < 1e-12);
        assert!((q.upper - 4.75).abs() < 1e-12);
    }

    #[test]
    fn a_group_of_four_councils_has_no_quartiles_and_five_has() {
        assert_eq!(quartiles(&[1.0, 2.0, 3.0, 4.0]), None);
        assert!(quartiles(&[1.0, 2.0, 3.0, 4.0, 5.0]).is_some());
        // A council without a value does not count towards the five.
        let distribution = Distribution::of([Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)]);
        assert_eq!(distribution.councils, 4);
        assert_eq!(distribution.quartiles, None);
        assert_eq!(quartiles(&[1.0, 2.0, 3.0, 4.0, f64::NAN]), None);
    }

    #[test]
    fn a_council_sees_its_region_and_the_installation_and_only_opted_in_names() {
        let mut everyone: Vec<CouncilFigures> = (0..5)
            .map(|i| figures(900 + i, Region::NorthWest, i == 3, Some(0.1 * f64::from(i))))
            .collect();
        everyone.push(figures(910, Region::London, true, Some(0.9)));
        let own = everyone[0].council.council.code;
        let benchmark = council_benchmark(own, &everyone).unwrap();
        assert_eq!(benchmark.region_councils, 5);
        assert_eq!(benchmark.installation_councils, 6);
        let turnover = &benchmark.measures[0];
        assert_eq!(turnover.own, Some(0.0));
        assert!((turnover.region.quartiles.unwrap().median - 0.2).abs() < 1e-12);
        assert_eq!(turnover.installation.councils, 6);
        let names: Vec<&str> = benchmark.named.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["Council of 903", "Council of 910"]);
        // Without a value for the other measures, none of them is shown.
        assert!(benchmark.measures[1].installation.quartiles.is_none());
    }

    #[test]
    fn an_installation_of_four_councils_names_nobody_and_shows_no_distribution() {
        let everyone: Vec<CouncilFigures> = (0..4)
            .map(|i| figures(900 + i, Region::NorthWest, true, Some(0.1)))
            .collect();
        let benchmark = council_benchmark(everyone[0].council.council.code, &everyone).unwrap();
        assert!(benchmark.named.is_empty());
        assert!(
            benchmark
                .measures
                .iter()
                .all(|m| m.installation.quartiles.is_none())
        );
    }

    #[test]
    fn a_group_lists_unnamed_councils_by_number_not_by_name() {
        let group: Vec<CouncilFigures> = (0..5)
            .map(|i| {
                figures(
                    900 + i,
                    Region::NorthEast,
                    i == 0,
                    Some(f64::from(5 - i) / 10.0),
                )
            })
            .collect();
        let benchmark = group_benchmark(&group);
        let labels: Vec<&str> = benchmark.members.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Council of 900",
                "Unnamed council 1",
                "Unnamed council 2",
                "Unnamed council 3",
                "Unnamed council 4"
            ]
        );
        // Ordered by turnover, not by code: 904 (0.1) comes first.
        assert_eq!(benchmark.members[1].values[0], Some(0.1));
        assert!(group_benchmark(&group[..4]).members.is_empty());
    }

    #[test]
    fn every_region_parses_back_from_its_spelling() {
        for region in Region::ALL {
            assert_eq!(Region::parse(region.as_str()), Ok(region));
        }
        assert_eq!(Region::parse("North-West"), Ok(Region::NorthWest));
        assert!(Region::parse("mercia").is_err());
    }
}
