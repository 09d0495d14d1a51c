//! The JSON layout of a year's staff survey results, the same from
//! `GET /api/v1/survey/{year}/results` and `pathway survey results --json`.
//!
//! A group too small to show says so (`"shown": false`) and carries nothing else: no
//! respondent count and no scores.

use pathway_domain::records::Team;
use pathway_domain::survey::results::NOT_STATED;
use pathway_domain::survey::{
    Breakdown, EmployerStandard, GroupKind, GroupResult, RoleGroup, ServiceBand, Survey,
    SurveyRecords, band, results, rounded, year_on_year,
};
use serde::Serialize;
use utoipa::ToSchema;

/// What a hidden group says.
pub const TOO_SMALL: &str = "too few responded for results to be shown";

/// A standard's score in a group.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandardScore {
    /// The standard's code, such as `wellbeing`.
    pub standard: String,
    /// The standard as a person reads it.
    pub name: String,
    /// The mean score from 0 to 100, to one decimal place; `null` when nobody in the
    /// group answered the standard's statements.
    pub score: Option<f64>,
    /// The score rounded to a whole number, halves up: what the band is read from.
    pub rounded: Option<u8>,
    /// `low` (0-50), `moderate` (51-74) or `high` (75-100).
    pub band: Option<String>,
}

/// A group's results, or that it is too small to show.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupBody {
    /// The group's key: a team's ID, a role group's or band's spelling,
    /// `not_stated`, or `whole_council`.
    pub group: String,
    /// The group as a person reads it.
    pub name: String,
    /// Whether its results are shown.
    pub shown: bool,
    /// Why not, when not shown.
    pub message: Option<String>,
    /// How many responded; `null` when not shown.
    pub respondents: Option<usize>,
    /// Its score per standard; empty when not shown.
    pub scores: Vec<StandardScore>,
}

/// The groups of one breakdown.
#[derive(Debug, Serialize, ToSchema)]
pub struct BreakdownBody {
    /// `team`, `role_group` or `length_of_service`.
    pub by: String,
    /// Every group someone responded in.
    pub groups: Vec<GroupBody>,
}

/// A standard this year against last year.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearOnYearBody {
    /// The standard's code.
    pub standard: String,
    /// The standard as a person reads it.
    pub name: String,
    /// This year's whole-council score, to one decimal place, if shown.
    pub this_year: Option<f64>,
    /// Last year's, if there was a survey and it is shown.
    pub last_year: Option<f64>,
    /// The change in whole points between the rounded scores.
    pub change: Option<i16>,
}

/// A year's results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyResultsBody {
    /// The council's DfE code.
    pub council: String,
    /// The survey's year.
    pub year: u16,
    /// Whether the survey is still open for answers.
    pub open: bool,
    /// The fewest respondents a group needs to be shown.
    pub minimum_group: u32,
    /// The whole council.
    pub whole_council: GroupBody,
    /// By team, role group and length of service.
    pub breakdowns: Vec<BreakdownBody>,
    /// Each standard this year against last year.
    pub year_on_year: Vec<YearOnYearBody>,
}

fn one_decimal(score: f64) -> f64 {
    (score * 10.0).round() / 10.0
}

/// The name of a group of a breakdown.
pub fn group_name(kind: GroupKind, key: &str, teams: &[Team]) -> String {
    if key == NOT_STATED {
        return "Not stated".to_owned();
    }
    match kind {
        GroupKind::Team => teams
            .iter()
            .find(|team| team.id.as_str() == key)
            .map_or_else(|| key.to_owned(), |team| team.name.clone()),
        GroupKind::RoleGroup => {
            RoleGroup::parse(key).map_or_else(|_| key.to_owned(), |group| group.label().to_owned())
        }
        GroupKind::Service => {
            ServiceBand::parse(key).map_or_else(|_| key.to_owned(), |band| band.label().to_owned())
        }
    }
}

fn group_body(group: String, name: String, result: &GroupResult) -> GroupBody {
    match result {
        GroupResult::TooSmall => GroupBody {
            group,
            name,
            shown: false,
            message: Some(TOO_SMALL.to_owned()),
            respondents: None,
            scores: Vec::new(),
        },
        GroupResult::Shown(scores) => GroupBody {
            group,
            name,
            shown: true,
            message: None,
            respondents: Some(scores.respondents),
            scores: EmployerStandard::ALL
                .iter()
                .zip(&scores.scores)
                .map(|(standard, score)| StandardScore {
                    standard: standard.as_str().to_owned(),
                    name: standard.label().to_owned(),
                    score: score.map(one_decimal),
                    rounded: score.map(rounded),
                    band: score.map(|score| band(score).as_str().to_owned()),
                })
                .collect(),
        },
    }
}

fn breakdown_body(breakdown: &Breakdown, teams: &[Team]) -> BreakdownBody {
    BreakdownBody {
        by: breakdown.kind.as_str().to_owned(),
        groups: breakdown
            .rows
            .iter()
            .map(|row| {
                group_body(
                    row.key.clone(),
                    group_name(breakdown.kind, &row.key, teams),
                    &row.result,
                )
            })
            .collect(),
    }
}

/// The results of a council's survey for a year, in the JSON layout.
pub fn results_body(
    council: &str,
    records: &SurveyRecords,
    year: u16,
    teams: &[Team],
) -> SurveyResultsBody {
    let results = results(records, year);
    SurveyResultsBody {
        council: council.to_owned(),
        year,
        open: records.survey(year).is_some_and(|survey| survey.is_open()),
        minimum_group: results.minimum_group,
        whole_council: group_body(
            "whole_council".to_owned(),
            "Whole council".to_owned(),
            &results.council,
        ),
        breakdowns: results
            .breakdowns
            .iter()
            .map(|breakdown| breakdown_body(breakdown, teams))
            .collect(),
        year_on_year: year_on_year(records, year)
            .into_iter()
            .map(|row| YearOnYearBody {
                standard: row.standard.as_str().to_owned(),
                name: row.standard.label().to_owned(),
                this_year: row.this_year.map(one_decimal),
                last_year: row.last_year.map(one_decimal),
                change: row.change,
            })
            .collect(),
    }
}

/// The survey of a year that was run in another tool and has no survey in Pathway:
/// closed, covering the whole year.
pub fn held_elsewhere(year: u16) -> Survey {
    let day = |month, day| {
        chrono::NaiveDate::from_ymd_opt(i32::from(year), month, day).unwrap_or_default()
    };
    Survey {
        year,
        opened_on: day(1, 1),
        closed_on: Some(day(12, 31)),
    }
}
