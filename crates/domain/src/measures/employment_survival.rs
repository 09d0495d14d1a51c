//! How long the council's own employments last: Kaplan–Meier curves overall, for
//! academy members against others (with the log-rank test), and split by a grouping
//! the user picks.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::Datelike;
use serde::{Serialize, Serializer};

use crate::codes::{Contract, Route};
use crate::ids::{CohortId, EmploymentId, WorkerId};
use crate::measures::index::CouncilIndex;
use crate::measures::survival::{KaplanMeier, Observation, logrank};
use crate::measures::{Keyed, MeasureOptions, SURVIVAL_YEARS, YEAR_DAYS};
use crate::records::Employment;
use crate::values::Date;
use crate::workforce::Workforce;

/// How to split the survival of employments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurvivalGrouping {
    /// By the worker's route into social work.
    Route,
    /// Academy members against everyone else.
    Academy,
    /// By the contract of the employment's first assignment.
    Contract,
    /// By the year the employment started.
    StartYear,
    /// By the team of the employment's first assignment.
    Team,
    /// By the worker's first academy cohort.
    Cohort,
}

impl SurvivalGrouping {
    /// Every grouping, as `--group` spells them.
    pub const ALL: [SurvivalGrouping; 6] = [
        Self::Route,
        Self::Academy,
        Self::Contract,
        Self::StartYear,
        Self::Team,
        Self::Cohort,
    ];

    /// The spelling used by `--group` and the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Route => "route",
            Self::Academy => "academy",
            Self::Contract => "contract",
            Self::StartYear => "start_year",
            Self::Team => "team",
            Self::Cohort => "cohort",
        }
    }
}

impl fmt::Display for SurvivalGrouping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SurvivalGrouping {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|grouping| grouping.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|grouping| grouping.as_str()).collect();
                format!("expected one of {}, found {text:?}", names.join(", "))
            })
    }
}

impl Serialize for SurvivalGrouping {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A value that is not a finite number is reported as no value.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// S(t) and its confidence interval at one time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PointFigures {
    /// The survival function.
    pub s: Option<f64>,
    /// Lower bound of the 95% interval.
    pub lower: Option<f64>,
    /// Upper bound of the 95% interval.
    pub upper: Option<f64>,
}

/// A whole survival curve, as parallel lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurveFigures {
    /// Times in days.
    pub t: Vec<f64>,
    /// S(t).
    pub s: Vec<Option<f64>>,
    /// Lower bounds.
    pub lower: Vec<Option<f64>>,
    /// Upper bounds.
    pub upper: Vec<Option<f64>>,
}

/// One group's Kaplan–Meier summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KaplanMeierFigures {
    /// Employments observed.
    pub n: u64,
    /// Of those, how many ended.
    pub events: u64,
    /// The median length in days, if S falls to 0.5.
    pub median_days: Option<f64>,
    /// S at 1, 2, 3 and 5 years.
    pub at: Keyed<PointFigures>,
    /// The whole curve, when asked for (overall only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<CurveFigures>,
}

impl KaplanMeierFigures {
    fn fit(observations: &[Observation], with_curve: bool) -> Option<Self> {
        let fitted = KaplanMeier::fit(observations)?;
        let at = SURVIVAL_YEARS
            .iter()
            .map(|years| {
                let point = fitted.at(YEAR_DAYS * f64::from(*years));
                let figures = PointFigures {
                    s: finite(point.survival),
                    lower: finite(point.lower),
                    upper: finite(point.upper),
                };
                (years.to_string(), figures)
            })
            .collect();
        let curve = with_curve.then(|| {
            let points = fitted.curve();
            CurveFigures {
                t: points.iter().map(|point| point.days).collect(),
                s: points.iter().map(|point| finite(point.survival)).collect(),
                lower: points.iter().map(|point| finite(point.lower)).collect(),
                upper: points.iter().map(|point| finite(point.upper)).collect(),
            }
        });
        Some(Self {
            n: fitted.observations() as u64,
            events: fitted.events() as u64,
            median_days: fitted.median_days().and_then(finite),
            at: Keyed(at),
            curve,
        })
    }
}

/// The log-rank test of academy members against others.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LogRankFigures {
    /// The test statistic.
    pub statistic: Option<f64>,
    /// Its p-value.
    pub p_value: Option<f64>,
    /// Academy members' employments observed.
    pub n_yes: u64,
    /// Others' employments observed.
    pub n_no: u64,
}

/// Survival split by the chosen grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupedSurvival {
    /// The grouping.
    pub name: SurvivalGrouping,
    /// Each group's summary (none when a fixed group has no employments).
    pub groups: Keyed<Option<KaplanMeierFigures>>,
}

/// The `survival` block of the measures JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurvivalFigures {
    /// Every observed employment.
    pub overall: Option<KaplanMeierFigures>,
    /// Academy members (`yes`) and others (`no`).
    pub by_academy: Keyed<Option<KaplanMeierFigures>>,
    /// Academy members against others; none if either group is empty.
    pub logrank_academy: Option<LogRankFigures>,
    /// Split by the chosen grouping.
    pub by_group: GroupedSurvival,
}

/// One observed employment and the groups it belongs to.
struct Spell {
    observation: Observation,
    academy: bool,
    group: String,
}

fn spells(council: &CouncilIndex<'_>, options: &MeasureOptions, pooled: bool) -> Vec<Spell> {
    let date = options.date;
    let workforce = council.workforce;
    let started: HashMap<&CohortId, Date> = workforce
        .cohorts
        .iter()
        .map(|cohort| (&cohort.id, cohort.start_date))
        .collect();
    // Each worker's first membership by date joined, ties to the smaller cohort ID.
    let mut first_cohort: HashMap<&WorkerId, (Date, &CohortId)> = HashMap::default();
    for member in &workforce.academy_members {
        let counts = member.joined_on() <= date
            && started
                .get(member.cohort_id())
                .is_some_and(|start| *start <= date);
        if counts {
            let candidate = (member.joined_on(), member.cohort_id());
            let entry = first_cohort.entry(member.worker_id()).or_insert(candidate);
            if candidate < *entry {
                *entry = candidate;
            }
        }
    }
    let qualify = |id: &str| {
        if pooled {
            format!("{}/{id}", council.council())
        } else {
            id.to_owned()
        }
    };
    let mut spells = Vec::new();
    for (index, employment) in workforce.employments.iter().enumerate() {
        let span = employment.span();
        let first = council.first(index);
        if span.start() > date || first.is_agency() {
            continue;
        }
        let end = span.end().filter(|end| *end <= date);
        let stop = end.unwrap_or(date);
        let days = u32::try_from((stop - span.start()).num_days() + 1).unwrap_or(u32::MAX);
        let observation = Observation {
            days,
            ended: end.is_some(),
        };
        let worker = employment.worker_id();
        let cohort = first_cohort.get(worker).map(|(_, cohort)| *cohort);
        let group = match options.grouping {
            SurvivalGrouping::Route => council
                .workers
                .get(worker)
                .and_then(|w| w.route)
                .unwrap_or(Route::Unknown)
                .as_str()
                .to_owned(),
            SurvivalGrouping::Academy => if cohort.is_some() { "yes" } else { "no" }.to_owned(),
            SurvivalGrouping::Contract => first.contract.as_str().to_owned(),
            SurvivalGrouping::StartYear => span.start().year().to_string(),
            SurvivalGrouping::Team => first
                .team
                .map_or_else(|| "none".to_owned(), |team| qualify(team.as_str())),
            SurvivalGrouping::Cohort => {
                cohort.map_or_else(|| "none".to_owned(), |cohort| qualify(cohort.as_str()))
            }
        };
        spells.push(Spell {
            observation,
            academy: cohort.is_some(),
            group,
        });
    }
    spells
}

/// The fixed keys of a grouping, reported even when empty; `None` for groupings whose
/// keys are those present.
fn fixed_keys(grouping: SurvivalGrouping) -> Option<Vec<&'static str>> {
    match grouping {
        SurvivalGrouping::Route => Some(Route::ALL.iter().map(|route| route.as_str()).collect()),
        SurvivalGrouping::Academy => Some(vec!["yes", "no"]),
        SurvivalGrouping::Contract => Some(
            Contract::ALL
                .iter()
                .map(|contract| contract.as_str())
                .collect(),
        ),
        SurvivalGrouping::StartYear | SurvivalGrouping::Team | SurvivalGrouping::Cohort => None,
    }
}

/// Computes survival over one council or several pooled; `pooled` qualifies team and
/// cohort keys with the council's code, as IDs are unique only within a council.
pub fn figures(
    councils: &[&CouncilIndex<'_>],
    options: &MeasureOptions,
    pooled: bool,
) -> SurvivalFigures {
    let spells: Vec<Spell> = councils
        .iter()
        .flat_map(|council| spells(council, options, pooled))
        .collect();
    let all: Vec<Observation> = spells.iter().map(|spell| spell.observation).collect();
    let yes: Vec<Observation> = spells
        .iter()
        .filter(|spell| spell.academy)
        .map(|spell| spell.observation)
        .collect();
    let no: Vec<Observation> = spells
        .iter()
        .filter(|spell| !spell.academy)
        .map(|spell| spell.observation)
        .collect();
    let logrank_academy = logrank(&yes, &no).map(|test| LogRankFigures {
        statistic: finite(test.statistic),
        p_value: finite(test.p_value),
        n_yes: yes.len() as u64,
        n_no: no.len() as u64,
    });
    let mut by_key: BTreeMap<&str, Vec<Observation>> = BTreeMap::new();
    for spell in &spells {
        by_key
            .entry(spell.group.as_str())
            .or_default()
            .push(spell.observation);
    }
    let keys: Vec<String> = match fixed_keys(options.grouping) {
        Some(keys) => keys.into_iter().map(str::to_owned).collect(),
        None => by_key.keys().map(|key| (*key).to_owned()).collect(),
    };
    let groups = keys
        .into_iter()
        .map(|key| {
            let fitted = by_key
                .get(key.as_str())
                .and_then(|observations| KaplanMeierFigures::fit(observations, false));
            (key, fitted)
        })
        .collect();
    SurvivalFigures {
        overall: KaplanMeierFigures::fit(&all, options.curves),
        by_academy: Keyed(vec![
            ("yes".to_owned(), KaplanMeierFigures::fit(&yes, false)),
            ("no".to_owned(), KaplanMeierFigures::fit(&no, false)),
        ]),
        logrank_academy,
        by_group: GroupedSurvival {
            name: options.grouping,
            groups: Keyed(groups),
        },
    }
}

/// The Kaplan–Meier estimate, with its whole curve, of only the employments of
/// `workforce` that `keep` chooses, observed as the measures observe every employment
/// (own staff only, one still running counted as far as `date`): how a group of
/// starters, such as an academy cohort or the international recruits, stays against
/// others. `None` when it chooses none that had started by `date`.
pub fn estimate_of(
    workforce: &Workforce,
    date: Date,
    keep: impl Fn(&Employment) -> bool,
) -> Option<KaplanMeierFigures> {
    // The engine needs the chosen employments' assignments (agency or own staff) and
    // the council's teams, nothing else.
    let mut chosen = Workforce::new(workforce.council);
    chosen.teams = workforce.teams.clone();
    chosen.employments = workforce
        .employments
        .iter()
        .filter(|e| keep(e))
        .cloned()
        .collect();
    let ids: std::collections::HashSet<&EmploymentId> =
        chosen.employments.iter().map(|e| e.id()).collect();
    chosen.assignments = workforce
        .assignments
        .iter()
        .filter(|a| ids.contains(&a.employment_id))
        .cloned()
        .collect();
    let index = CouncilIndex::new(&chosen);
    let options = MeasureOptions {
        curves: true,
        grouping: SurvivalGrouping::Academy,
        ..MeasureOptions::at(date)
    };
    figures(&[&index], &options, false).overall
}
