//! Caseloads beyond the counts themselves: the council's settings (the bands' lower
//! bounds, a threshold per role, what "rising fast" means), each worker's band and
//! threshold on a date, the alert list, a worker's trend and the team view.
//!
//! The counts stay records of the workforce ([`crate::records::Caseload`],
//! `caseloads.csv`), and "the cases on D" is the measures' definition
//! ([`crate::measures::workforce::cases_on`]); the ASYE threshold is the academy's
//! caseload limit ([`crate::academy::AcademySettings::asye_caseload_limit`]).

mod view;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::codes::Role;

pub use view::{
    Alert, AlertReason, CaseloadsAt, TeamCaseloads, TrendPoint, WorkerCaseload, caseloads_at, trend,
};

/// Pathway's band lower bounds: 0-19, 20-24, 25-29 and 30 or more cases.
pub const DEFAULT_BAND_BOUNDS: [u32; 4] = [0, 20, 25, 30];
/// A rise of at least this many cases ...
pub const DEFAULT_RISING_CASES: u32 = 5;
/// ... within this many days is "rising fast".
pub const DEFAULT_RISING_DAYS: u32 = 62;
/// The most a setting may be: no one holds a thousand cases, and a year and a half is
/// the longest a rise may be looked for over.
const MOST_CASES: u32 = 999;
const MOST_DAYS: u32 = 366;

/// Pathway's threshold for a role other than ASYE: the most cases someone in it should
/// hold before they are flagged.
pub fn default_threshold(role: Role) -> u32 {
    match role {
        Role::AdvancedPractitioner => 15,
        Role::PracticeSupervisor => 10,
        Role::TeamManager
        | Role::ServiceManager
        | Role::SeniorManager
        | Role::PrincipalSocialWorker
        | Role::QualifiedNoCases => 5,
        Role::Asye | Role::SocialWorker | Role::SeniorSocialWorker | Role::Other => 20,
    }
}

/// A council's caseload settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseloadSettings {
    /// The bands' lower bounds, starting at 0 and strictly increasing: `[0, 20, 25,
    /// 30]` are the bands 0-19, 20-24, 25-29 and 30+.
    pub band_bounds: Vec<u32>,
    /// The most cases someone in each role should hold, every role but `asye` (whose
    /// threshold is the academy's caseload limit).
    pub thresholds: BTreeMap<Role, u32>,
    /// A rise of at least this many cases ...
    pub rising_cases: u32,
    /// ... from a count dated at most this many days before the latest is "rising fast".
    pub rising_days: u32,
}

impl Default for CaseloadSettings {
    fn default() -> Self {
        Self {
            band_bounds: DEFAULT_BAND_BOUNDS.to_vec(),
            thresholds: Role::ALL
                .iter()
                .filter(|role| **role != Role::Asye)
                .map(|role| (*role, default_threshold(*role)))
                .collect(),
            rising_cases: DEFAULT_RISING_CASES,
            rising_days: DEFAULT_RISING_DAYS,
        }
    }
}

/// What is wrong with caseload settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// No band at all.
    #[error("Enter at least one band lower bound, starting with 0")]
    NoBands,
    /// The first band does not start at 0.
    #[error("The first band must start at 0 cases, not {0}")]
    FirstBoundNotZero(u32),
    /// A bound is not above the one before it.
    #[error(
        "Band lower bound {position} ({bound}) must be more than the one before it ({previous})"
    )]
    NotIncreasing {
        /// Its place in the list, from 1.
        position: usize,
        /// The bound.
        bound: u32,
        /// The bound before it.
        previous: u32,
    },
    /// A bound beyond any real caseload.
    #[error("Band lower bound {position} must be {MOST_CASES} or fewer cases")]
    BoundTooLarge {
        /// Its place in the list, from 1.
        position: usize,
    },
    /// A role's threshold is 0 or too large.
    #[error("The threshold for {0} must be a whole number of cases from 1 to {MOST_CASES}")]
    Threshold(Role),
    /// A role has no threshold.
    #[error("Enter a threshold for {0}")]
    MissingThreshold(Role),
    /// ASYE's threshold is the academy's setting.
    #[error(
        "The threshold for asye is the academy's ASYE caseload limit: change it on the academy's settings"
    )]
    AsyeThreshold,
    /// The rise in cases is 0 or too large.
    #[error("The rise that counts as rising fast must be from 1 to {MOST_CASES} cases")]
    RisingCases,
    /// The period of the rise is 0 or too long.
    #[error("The period of a fast rise must be from 1 to {MOST_DAYS} days")]
    RisingDays,
}

impl SettingsError {
    /// The field the error is about, as the JSON API and the settings form name it:
    /// `band_bounds`, `thresholds.social_worker`, `rising_cases`, `rising_days`.
    pub fn field(&self) -> String {
        match self {
            Self::NoBands
            | Self::FirstBoundNotZero(_)
            | Self::NotIncreasing { .. }
            | Self::BoundTooLarge { .. } => "band_bounds".to_owned(),
            Self::Threshold(role) | Self::MissingThreshold(role) => format!("thresholds.{role}"),
            Self::AsyeThreshold => "thresholds.asye".to_owned(),
            Self::RisingCases => "rising_cases".to_owned(),
            Self::RisingDays => "rising_days".to_owned(),
        }
    }
}

impl CaseloadSettings {
    /// Every problem with the settings, in the order of the form; empty when they are
    /// good.
    pub fn problems(&self) -> Vec<SettingsError> {
        let mut problems = Vec::new();
        match self.band_bounds.first() {
            None => problems.push(SettingsError::NoBands),
            Some(&first) if first != 0 => problems.push(SettingsError::FirstBoundNotZero(first)),
            Some(_) => {}
        }
        for (index, pair) in self.band_bounds.windows(2).enumerate() {
            if pair[1] <= pair[0] {
                problems.push(SettingsError::NotIncreasing {
                    position: index + 2,
                    bound: pair[1],
                    previous: pair[0],
                });
            }
        }
        if let Some(position) = self.band_bounds.iter().position(|b| *b > MOST_CASES) {
            problems.push(SettingsError::BoundTooLarge {
                position: position + 1,
            });
        }
        if self.thresholds.contains_key(&Role::Asye) {
            problems.push(SettingsError::AsyeThreshold);
        }
        for role in Role::ALL.iter().filter(|role| **role != Role::Asye) {
            match self.thresholds.get(role) {
                None => problems.push(SettingsError::MissingThreshold(*role)),
                Some(cases) if !(1..=MOST_CASES).contains(cases) => {
                    problems.push(SettingsError::Threshold(*role));
                }
                Some(_) => {}
            }
        }
        if !(1..=MOST_CASES).contains(&self.rising_cases) {
            problems.push(SettingsError::RisingCases);
        }
        if !(1..=MOST_DAYS).contains(&self.rising_days) {
            problems.push(SettingsError::RisingDays);
        }
        problems
    }

    /// The bounds as the measures take them: the lower bounds after the first (0).
    pub fn measure_bounds(&self) -> Vec<u32> {
        self.band_bounds.iter().skip(1).copied().collect()
    }

    /// The bands' labels: `0-19`, `20-24`, `25-29`, `30+`.
    pub fn band_labels(&self) -> Vec<String> {
        crate::measures::workforce::band_labels(&self.measure_bounds())
    }

    /// The band a count falls in, as a position in [`Self::band_labels`].
    pub fn band_of(&self, cases: u32) -> usize {
        crate::measures::workforce::band_of(cases, &self.measure_bounds())
    }

    /// The most cases someone in `role` should hold: the academy's ASYE caseload limit
    /// for `asye`, the council's threshold for any other role.
    pub fn threshold(&self, role: Role, asye_limit: u32) -> u32 {
        if role == Role::Asye {
            asye_limit
        } else {
            self.thresholds
                .get(&role)
                .copied()
                .unwrap_or_else(|| default_threshold(role))
        }
    }
}
