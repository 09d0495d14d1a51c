//! The survey's results: each group's score per standard, its band, the groups too
//! small to show, and this year against last.
//!
//! A group is shown only when at least the council's threshold of people in it
//! responded. Within a breakdown (by team, role group or length of service), if
//! exactly one group is too small, the next smallest is hidden too, so that the hidden
//! group cannot be worked out by taking the others from the whole council. People who
//! did not say which group they are in form a group of their own ("Not stated"), for
//! the same reason.

use std::collections::BTreeMap;

use super::{EmployerStandard, SurveyRecords, SurveyResponse};

/// Where a score falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// 0 to 50.
    Low,
    /// 51 to 74.
    Moderate,
    /// 75 to 100.
    High,
}

impl Band {
    /// The band as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Moderate => "Moderate",
            Self::High => "High",
        }
    }

    /// The band as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Moderate => "moderate",
            Self::High => "high",
        }
    }
}

/// A score as shown: rounded to the nearest whole number, halves up (50.5 is 51).
pub fn rounded(score: f64) -> u8 {
    (score + 0.5).floor().clamp(0.0, 100.0) as u8
}

/// The band of a score: the rounded score is low at 50 or below, moderate from 51 to
/// 74, high from 75. So 50.4 is low and 50.5 moderate; 74.4 moderate and 74.5 high.
pub fn band(score: f64) -> Band {
    match rounded(score) {
        0..=50 => Band::Low,
        51..=74 => Band::Moderate,
        _ => Band::High,
    }
}

/// A shown group's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupScores {
    /// How many responded.
    pub respondents: usize,
    /// The mean score per standard over the responses that answered it, in
    /// [`EmployerStandard::ALL`] order; `None` where no response answered it.
    pub scores: Vec<Option<f64>>,
}

/// A group's results, or that it is too small to show.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupResult {
    /// Enough responded.
    Shown(GroupScores),
    /// Too few responded (or hiding it protects a smaller group): nothing of it is
    /// shown.
    TooSmall,
}

impl GroupResult {
    /// The figures, if shown.
    pub fn shown(&self) -> Option<&GroupScores> {
        match self {
            Self::Shown(scores) => Some(scores),
            Self::TooSmall => None,
        }
    }
}

/// What a breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// The team the respondent chose.
    Team,
    /// Their role group.
    RoleGroup,
    /// Their length of service.
    Service,
}

impl GroupKind {
    /// Every kind, in the order pages show them.
    pub const ALL: [Self; 3] = [Self::Team, Self::RoleGroup, Self::Service];

    /// The kind as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Team => "team",
            Self::RoleGroup => "role_group",
            Self::Service => "length_of_service",
        }
    }

    /// The kind as a heading says it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Team => "By team",
            Self::RoleGroup => "By role group",
            Self::Service => "By length of service",
        }
    }

    /// The group of a response: its spelling, or [`NOT_STATED`].
    fn key_of(self, response: &SurveyResponse) -> String {
        let key = match self {
            Self::Team => response.team_id.as_ref().map(ToString::to_string),
            Self::RoleGroup => response.role_group.map(|group| group.as_str().to_owned()),
            Self::Service => response.service.map(|band| band.as_str().to_owned()),
        };
        key.unwrap_or_else(|| NOT_STATED.to_owned())
    }
}

/// The key of the group of respondents who did not say.
pub const NOT_STATED: &str = "not_stated";

/// One group of a breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownRow {
    /// The team's ID, the role group's or band's spelling, or [`NOT_STATED`].
    pub key: String,
    /// Its results.
    pub result: GroupResult,
}

/// A breakdown of the responses by one kind of group; only groups someone responded
/// in are listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// What it groups by.
    pub kind: GroupKind,
    /// Its groups, in key order.
    pub rows: Vec<BreakdownRow>,
}

/// A year's results.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyResults {
    /// The year.
    pub year: u16,
    /// The threshold used.
    pub minimum_group: u32,
    /// The whole council.
    pub council: GroupResult,
    /// By team, role group and length of service.
    pub breakdowns: Vec<Breakdown>,
}

fn scores_of(responses: &[&SurveyResponse]) -> GroupScores {
    let scores = EmployerStandard::ALL
        .iter()
        .map(|standard| {
            let each: Vec<f64> = responses
                .iter()
                .filter_map(|response| response.score(*standard))
                .collect();
            (!each.is_empty()).then(|| each.iter().sum::<f64>() / each.len() as f64)
        })
        .collect();
    GroupScores {
        respondents: responses.len(),
        scores,
    }
}

/// The results of a year's responses, with small groups hidden.
pub fn results(records: &SurveyRecords, year: u16) -> SurveyResults {
    let minimum = records.settings.minimum_group as usize;
    let responses: Vec<&SurveyResponse> = records.responses_of(year).collect();
    let council_shown = responses.len() >= minimum;
    let council = if council_shown {
        GroupResult::Shown(scores_of(&responses))
    } else {
        GroupResult::TooSmall
    };
    let breakdowns = GroupKind::ALL
        .iter()
        .map(|kind| {
            let mut groups: BTreeMap<String, Vec<&SurveyResponse>> = BTreeMap::new();
            for response in &responses {
                groups
                    .entry(kind.key_of(response))
                    .or_default()
                    .push(response);
            }
            let mut hidden: Vec<bool> = groups
                .values()
                .map(|group| !council_shown || group.len() < minimum)
                .collect();
            // One hidden group alone could be worked out from the total: hide the next
            // smallest too.
            if hidden.iter().filter(|h| **h).count() == 1
                && let Some(next) = groups
                    .values()
                    .enumerate()
                    .filter(|(index, _)| !hidden[*index])
                    .min_by_key(|(_, group)| group.len())
                    .map(|(index, _)| index)
            {
                hidden[next] = true;
            }
            let rows = groups
                .into_iter()
                .zip(hidden)
                .map(|((key, group), hidden)| BreakdownRow {
                    key,
                    result: if hidden {
                        GroupResult::TooSmall
                    } else {
                        GroupResult::Shown(scores_of(&group))
                    },
                })
                .collect();
            Breakdown { kind: *kind, rows }
        })
        .collect();
    SurveyResults {
        year,
        minimum_group: records.settings.minimum_group,
        council,
        breakdowns,
    }
}

/// One standard's council score this year against last year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearOnYearRow {
    /// The standard.
    pub standard: EmployerStandard,
    /// This year's score, if shown.
    pub this_year: Option<f64>,
    /// Last year's score, if there was a survey and its results are shown.
    pub last_year: Option<f64>,
    /// The change in whole points between the rounded scores, when both are shown.
    pub change: Option<i16>,
}

/// Each standard's council score in `year` against `year - 1`.
pub fn year_on_year(records: &SurveyRecords, year: u16) -> Vec<YearOnYearRow> {
    let this = results(records, year);
    let last = results(records, year.saturating_sub(1));
    EmployerStandard::ALL
        .iter()
        .map(|standard| {
            let score = |results: &SurveyResults| {
                results
                    .council
                    .shown()
                    .and_then(|scores| scores.scores[standard.index()])
            };
            let this_year = score(&this);
            let last_year = score(&last);
            YearOnYearRow {
                standard: *standard,
                this_year,
                last_year,
                change: this_year
                    .zip(last_year)
                    .map(|(now, then)| i16::from(rounded(now)) - i16::from(rounded(then))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::TeamId;
    use crate::survey::{Agreement, ResponseId, RoleGroup, Survey};

    fn response(id: u128, year: u16, team: Option<&str>, answer: Agreement) -> SurveyResponse {
        SurveyResponse {
            id: ResponseId::from_random(id),
            year,
            team_id: team.map(|t| TeamId::parse(t).unwrap()),
            role_group: Some(RoleGroup::SocialWorker),
            service: None,
            answers: [("wellbeing_1".to_owned(), answer)].into_iter().collect(),
        }
    }

    fn records_of(responses: Vec<SurveyResponse>) -> SurveyRecords {
        SurveyRecords {
            surveys: [2023, 2024]
                .into_iter()
                .map(|year| Survey {
                    year,
                    opened_on: chrono::NaiveDate::from_ymd_opt(i32::from(year), 5, 1).unwrap(),
                    closed_on: None,
                })
                .collect(),
            responses,
            ..SurveyRecords::default()
        }
    }

    const WELLBEING: usize = 3;

    #[test]
    fn scores_are_banded_low_to_fifty_moderate_from_fifty_one_high_from_seventy_five() {
        assert_eq!(band(50.0), Band::Low);
        assert_eq!(band(51.0), Band::Moderate);
        assert_eq!(band(74.0), Band::Moderate);
        assert_eq!(band(75.0), Band::High);
        assert_eq!(band(0.0), Band::Low);
        assert_eq!(band(100.0), Band::High);
    }

    #[test]
    fn a_mean_between_whole_numbers_is_rounded_halves_up_before_banding() {
        assert_eq!(band(50.4), Band::Low);
        assert_eq!(band(50.5), Band::Moderate);
        assert_eq!(band(74.4), Band::Moderate);
        assert_eq!(band(74.5), Band::High);
        assert_eq!(rounded(62.5), 63);
    }

    #[test]
    fn a_council_of_four_respondents_shows_nothing_and_of_five_shows_its_scores() {
        let four: Vec<_> = (1..=4)
            .map(|i| response(i, 2024, None, Agreement::Agree))
            .collect();
        let shown = results(&records_of(four.clone()), 2024);
        assert_eq!(shown.council, GroupResult::TooSmall);
        assert!(
            shown
                .breakdowns
                .iter()
                .all(|b| b.rows.iter().all(|r| r.result == GroupResult::TooSmall))
        );
        let mut five = four;
        five.push(response(5, 2024, None, Agreement::StronglyAgree));
        let shown = results(&records_of(five), 2024);
        let scores = shown.council.shown().expect("five is enough");
        assert_eq!(scores.respondents, 5);
        assert_eq!(scores.scores[WELLBEING], Some(80.0));
        assert_eq!(scores.scores[0], None);
    }

    #[test]
    fn a_lone_small_group_hides_the_next_smallest_so_it_cannot_be_subtracted() {
        let mut responses = Vec::new();
        let mut id = 0;
        for (team, count) in [("T1", 10), ("T2", 6), ("T3", 7), ("T4", 3)] {
            for _ in 0..count {
                id += 1;
                responses.push(response(id, 2024, Some(team), Agreement::Agree));
            }
        }
        let shown = results(&records_of(responses), 2024);
        let teams = &shown.breakdowns[0];
        assert_eq!(teams.kind, GroupKind::Team);
        let hidden: Vec<&str> = teams
            .rows
            .iter()
            .filter(|row| row.result == GroupResult::TooSmall)
            .map(|row| row.key.as_str())
            .collect();
        assert_eq!(hidden, vec!["T2", "T4"]);
        // The role group breakdown has one group of 26: nothing hidden.
        assert!(shown.breakdowns[1].rows[0].result.shown().is_some());
    }

    #[test]
    fn two_small_groups_hide_only_themselves() {
        let mut responses = Vec::new();
        let mut id = 0;
        for (team, count) in [("T1", 10), ("T2", 2), ("T3", 3)] {
            for _ in 0..count {
                id += 1;
                responses.push(response(id, 2024, Some(team), Agreement::Agree));
            }
        }
        let shown = results(&records_of(responses), 2024);
        let shown_teams: Vec<&str> = shown.breakdowns[0]
            .rows
            .iter()
            .filter(|row| row.result.shown().is_some())
            .map(|row| row.key.as_str())
            .collect();
        assert_eq!(shown_teams, vec!["T1"]);
    }

    #[test]
    fn people_who_did_not_say_their_team_are_a_group_of_their_own() {
        let mut responses: Vec<_> = (1..=6)
            .map(|i| response(i, 2024, Some("T1"), Agreement::Agree))
            .collect();
        responses.extend((7..=8).map(|i| response(i, 2024, None, Agreement::Disagree)));
        let shown = results(&records_of(responses), 2024);
        let keys: Vec<(&str, bool)> = shown.breakdowns[0]
            .rows
            .iter()
            .map(|row| (row.key.as_str(), row.result.shown().is_some()))
            .collect();
        // Not stated (2) is too small, so T1 (the next smallest) is hidden with it.
        assert_eq!(keys, vec![("T1", false), (NOT_STATED, false)]);
    }

    #[test]
    fn year_on_year_compares_each_standards_rounded_scores() {
        let mut responses: Vec<_> = (1..=5)
            .map(|i| response(i, 2023, None, Agreement::Disagree))
            .collect();
        responses.extend((6..=10).map(|i| response(i, 2024, None, Agreement::Agree)));
        let rows = year_on_year(&records_of(responses), 2024);
        let wellbeing = &rows[WELLBEING];
        assert_eq!(wellbeing.standard, EmployerStandard::Wellbeing);
        assert_eq!(wellbeing.this_year, Some(75.0));
        assert_eq!(wellbeing.last_year, Some(25.0));
        assert_eq!(wellbeing.change, Some(50));
        assert_eq!(rows[0].change, None);
    }

    #[test]
    fn year_on_year_shows_no_change_when_last_year_was_too_small() {
        let mut responses: Vec<_> = (1..=4)
            .map(|i| response(i, 2023, None, Agreement::Disagree))
            .collect();
        responses.extend((6..=10).map(|i| response(i, 2024, None, Agreement::Agree)));
        let rows = year_on_year(&records_of(responses), 2024);
        assert_eq!(rows[WELLBEING].last_year, None);
        assert_eq!(rows[WELLBEING].change, None);
    }
}
