//! The staff survey: a yearly questionnaire aligned to the eight employer standards
//! for social workers, answered anonymously on a five-point agreement scale, scored
//! 0-100 per standard and banded low, moderate or high; results shown for a group only
//! when enough people in it answered, and compared with last year.
//!
//! Anonymity is kept by what a response is: a random ID, the year, the answers and the
//! coarse groups the respondent chose (team, role group, length of service), nothing
//! else. Who has answered is recorded apart ([`SurveyChange::RecordRespondent`]) with
//! nothing that joins it to the answers.

pub mod results;
pub mod statements;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::council::CouncilCode;
use crate::ids::TeamId;
use crate::records::Team;
use crate::values::Date;

pub use results::{
    Band, Breakdown, BreakdownRow, GroupKind, GroupResult, GroupScores, SurveyResults,
    YearOnYearRow, band, results, rounded, year_on_year,
};
pub use statements::{STATEMENTS, Statement, statement};

code_enum! {
    /// One of the eight employer standards for social workers.
    EmployerStandard {
        /// A clear social work framework.
        ClearFramework = "clear_framework",
        /// Effective workforce planning.
        WorkforcePlanning = "workforce_planning",
        /// Safe workloads and case allocation.
        SafeWorkloads = "safe_workloads",
        /// Wellbeing.
        Wellbeing = "wellbeing",
        /// Effective supervision.
        Supervision = "supervision",
        /// Professional development.
        ProfessionalDevelopment = "professional_development",
        /// Professional registration.
        ProfessionalRegistration = "professional_registration",
        /// Partnerships and working across boundaries.
        Partnerships = "partnerships",
    }
}

impl EmployerStandard {
    /// The standard as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::ClearFramework => "Clear social work framework",
            Self::WorkforcePlanning => "Workforce planning",
            Self::SafeWorkloads => "Safe workloads and case allocation",
            Self::Wellbeing => "Wellbeing",
            Self::Supervision => "Effective supervision",
            Self::ProfessionalDevelopment => "Professional development",
            Self::ProfessionalRegistration => "Professional registration",
            Self::Partnerships => "Partnerships and working across boundaries",
        }
    }

    /// The standard's place in [`Self::ALL`], from 0.
    pub fn index(self) -> usize {
        Self::ALL
            .iter()
            .position(|standard| *standard == self)
            .unwrap_or(0)
    }
}

code_enum! {
    /// An answer on the five-point agreement scale.
    Agreement {
        /// Strongly disagree: scores 0.
        StronglyDisagree = "strongly_disagree",
        /// Disagree: scores 25.
        Disagree = "disagree",
        /// Neither agree nor disagree: scores 50.
        Neither = "neither",
        /// Agree: scores 75.
        Agree = "agree",
        /// Strongly agree: scores 100.
        StronglyAgree = "strongly_agree",
    }
}

impl Agreement {
    /// The answer's score: 0, 25, 50, 75 or 100.
    pub fn score(self) -> f64 {
        match self {
            Self::StronglyDisagree => 0.0,
            Self::Disagree => 25.0,
            Self::Neither => 50.0,
            Self::Agree => 75.0,
            Self::StronglyAgree => 100.0,
        }
    }

    /// The answer as the questionnaire shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::StronglyDisagree => "Strongly disagree",
            Self::Disagree => "Disagree",
            Self::Neither => "Neither agree nor disagree",
            Self::Agree => "Agree",
            Self::StronglyAgree => "Strongly agree",
        }
    }

    /// Reads an answer as another survey tool may write it: the spelling, or 1 (strongly
    /// disagree) to 5 (strongly agree).
    pub fn parse_answer(text: &str) -> Option<Self> {
        match text.trim() {
            "1" => Some(Self::StronglyDisagree),
            "2" => Some(Self::Disagree),
            "3" => Some(Self::Neither),
            "4" => Some(Self::Agree),
            "5" => Some(Self::StronglyAgree),
            other => Self::parse(other).ok(),
        }
    }
}

code_enum! {
    /// The coarse role group a respondent may choose.
    RoleGroup {
        /// Social workers, newly qualified (ASYE) included.
        SocialWorker = "social_worker",
        /// Senior, advanced or enhanced practitioners.
        SeniorPractitioner = "senior_practitioner",
        /// Practice supervisors, team managers and service managers.
        Manager = "manager",
        /// Anyone else.
        Other = "other",
    }
}

impl RoleGroup {
    /// The group as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::SocialWorker => "Social workers (ASYE included)",
            Self::SeniorPractitioner => "Senior and advanced practitioners",
            Self::Manager => "Supervisors and managers",
            Self::Other => "Other roles",
        }
    }
}

code_enum! {
    /// The length-of-service band a respondent may choose.
    ServiceBand {
        /// Less than 2 years with the council.
        UnderTwoYears = "under_2_years",
        /// 2 years to less than 5.
        TwoToFiveYears = "2_to_5_years",
        /// 5 years to less than 10.
        FiveToTenYears = "5_to_10_years",
        /// 10 years or more.
        TenYearsOrMore = "10_years_or_more",
    }
}

impl ServiceBand {
    /// The band as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::UnderTwoYears => "Less than 2 years",
            Self::TwoToFiveYears => "2 to 5 years",
            Self::FiveToTenYears => "5 to 10 years",
            Self::TenYearsOrMore => "10 years or more",
        }
    }
}

/// The survey's settings for a council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveySettings {
    /// The fewest respondents a group needs for its results to be shown.
    pub minimum_group: u32,
}

impl SurveySettings {
    /// The smallest threshold allowed: fewer would let a reader guess who answered.
    pub const LOWEST_MINIMUM: u32 = 5;
    /// The largest threshold allowed.
    pub const HIGHEST_MINIMUM: u32 = 100;
}

impl Default for SurveySettings {
    /// Results for groups of 5 or more.
    fn default() -> Self {
        Self { minimum_group: 5 }
    }
}

/// One year's survey: open for answers until it is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// The year, such as 2024.
    pub year: u16,
    /// When it opened.
    pub opened_on: Date,
    /// When it closed; `None` while open.
    pub closed_on: Option<Date>,
}

impl Survey {
    /// Whether it takes answers.
    pub fn is_open(&self) -> bool {
        self.closed_on.is_none()
    }
}

/// A response's ID: 32 random lower-case hexadecimal digits, so that IDs say nothing
/// about who answered or in which order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResponseId(String);

impl ResponseId {
    /// Checks an ID's form.
    pub fn parse(text: &str) -> Result<Self, SurveyError> {
        let text = text.trim();
        if text.len() == 32
            && text
                .bytes()
                .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
        {
            Ok(Self(text.to_owned()))
        } else {
            Err(SurveyError::BadResponseId(text.to_owned()))
        }
    }

    /// An ID from 128 random bits (the caller draws them).
    pub fn from_random(bits: u128) -> Self {
        Self(format!("{bits:032x}"))
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ResponseId {
    type Error = SurveyError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<ResponseId> for String {
    fn from(id: ResponseId) -> Self {
        id.0
    }
}

/// One anonymous response: its answers and the groups the respondent chose, nothing
/// that says who they are or when they answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyResponse {
    /// A random ID.
    pub id: ResponseId,
    /// The survey's year.
    pub year: u16,
    /// The team the respondent chose, if they said.
    pub team_id: Option<TeamId>,
    /// The role group they chose, if they said.
    pub role_group: Option<RoleGroup>,
    /// Their length of service, if they said.
    pub service: Option<ServiceBand>,
    /// Their answers by statement code; a statement left unanswered is absent.
    pub answers: BTreeMap<String, Agreement>,
}

impl SurveyResponse {
    /// The response's score for a standard: the mean of its answered statements of
    /// that standard, or `None` if it answered none.
    pub fn score(&self, standard: EmployerStandard) -> Option<f64> {
        let scores: Vec<f64> = self
            .answers
            .iter()
            .filter(|(code, _)| statement(code).is_some_and(|s| s.standard == standard))
            .map(|(_, answer)| answer.score())
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

/// A council's staff survey: its settings, each year's survey and every response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyRecords {
    /// The settings.
    pub settings: SurveySettings,
    /// The surveys, by year.
    pub surveys: Vec<Survey>,
    /// Every response, in ID order (random, so in no meaningful order).
    pub responses: Vec<SurveyResponse>,
}

/// One change to a council's survey.
#[derive(Debug, Clone, PartialEq)]
pub enum SurveyChange {
    /// Sets the settings.
    PutSettings(SurveySettings),
    /// Opens, closes or reopens a year's survey.
    PutSurvey(Survey),
    /// Adds a response.
    AddResponse(SurveyResponse),
    /// Records that someone answered a year's survey, so they cannot answer twice. The
    /// respondent is an opaque key (the user's ID); nothing joins it to a response.
    RecordRespondent {
        /// The survey's year.
        year: u16,
        /// Who answered.
        respondent: String,
    },
}

/// One council's survey changes, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyChanges {
    /// The council.
    pub council: CouncilCode,
    /// The changes.
    pub changes: Vec<SurveyChange>,
}

/// Why a survey change cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SurveyError {
    /// The threshold is out of range.
    #[error("the smallest group shown must be from 5 to 100, not {0}")]
    MinimumOutOfRange(u32),
    /// A year out of range.
    #[error("the year must be from 2000 to 2100, not {0}")]
    YearOutOfRange(u16),
    /// A survey closed before it opened.
    #[error("the survey cannot close before it opened")]
    ClosedBeforeOpened,
    /// No survey for the year.
    #[error("there is no {0} survey")]
    NoSurvey(u16),
    /// The survey is closed.
    #[error("the {0} survey is closed")]
    Closed(u16),
    /// A response ID of the wrong form.
    #[error("a response ID must be 32 hexadecimal digits, not {0:?}")]
    BadResponseId(String),
    /// A response ID already used.
    #[error("response {0} is already recorded")]
    DuplicateResponse(String),
    /// A statement the questionnaire does not have.
    #[error("there is no statement {0}")]
    UnknownStatement(String),
    /// A team the council does not have.
    #[error("there is no team {0}")]
    UnknownTeam(String),
    /// A response with no answer at all.
    #[error("the response answers no statement")]
    NoAnswers,
}

impl SurveyRecords {
    /// The survey of a year.
    pub fn survey(&self, year: u16) -> Option<&Survey> {
        self.surveys.iter().find(|survey| survey.year == year)
    }

    /// The responses of a year.
    pub fn responses_of(&self, year: u16) -> impl Iterator<Item = &SurveyResponse> {
        self.responses
            .iter()
            .filter(move |response| response.year == year)
    }

    /// Checks a change against the records and the council's teams.
    pub fn check(&self, teams: &[Team], change: &SurveyChange) -> Result<(), SurveyError> {
        match change {
            SurveyChange::PutSettings(settings) => {
                if (SurveySettings::LOWEST_MINIMUM..=SurveySettings::HIGHEST_MINIMUM)
                    .contains(&settings.minimum_group)
                {
                    Ok(())
                } else {
                    Err(SurveyError::MinimumOutOfRange(settings.minimum_group))
                }
            }
            SurveyChange::PutSurvey(survey) => {
                check_year(survey.year)?;
                if survey
                    .closed_on
                    .is_some_and(|closed| closed < survey.opened_on)
                {
                    return Err(SurveyError::ClosedBeforeOpened);
                }
                Ok(())
            }
            SurveyChange::AddResponse(response) => {
                self.survey(response.year)
                    .ok_or(SurveyError::NoSurvey(response.year))?;
                if self.responses.iter().any(|r| r.id == response.id) {
                    return Err(SurveyError::DuplicateResponse(response.id.0.clone()));
                }
                if let Some(code) = response
                    .answers
                    .keys()
                    .find(|code| statement(code).is_none())
                {
                    return Err(SurveyError::UnknownStatement(code.clone()));
                }
                if response.answers.is_empty() {
                    return Err(SurveyError::NoAnswers);
                }
                if let Some(team) = &response.team_id
                    && !teams.iter().any(|known| &known.id == team)
                {
                    return Err(SurveyError::UnknownTeam(team.to_string()));
                }
                Ok(())
            }
            SurveyChange::RecordRespondent { year, .. } => {
                let survey = self.survey(*year).ok_or(SurveyError::NoSurvey(*year))?;
                if survey.is_open() {
                    Ok(())
                } else {
                    Err(SurveyError::Closed(*year))
                }
            }
        }
    }

    /// Applies a checked change.
    pub fn apply(&mut self, change: SurveyChange) {
        match change {
            SurveyChange::PutSettings(settings) => self.settings = settings,
            SurveyChange::PutSurvey(survey) => {
                match self.surveys.iter_mut().find(|s| s.year == survey.year) {
                    Some(stored) => *stored = survey,
                    None => {
                        self.surveys.push(survey);
                        self.surveys.sort_by_key(|s| s.year);
                    }
                }
            }
            SurveyChange::AddResponse(response) => {
                let at = self.responses.partition_point(|r| r.id < response.id);
                self.responses.insert(at, response);
            }
            SurveyChange::RecordRespondent { .. } => {}
        }
    }
}

fn check_year(year: u16) -> Result<(), SurveyError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(SurveyError::YearOutOfRange(year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        crate::values::parse_date(text).unwrap()
    }

    fn records() -> SurveyRecords {
        SurveyRecords {
            surveys: vec![Survey {
                year: 2024,
                opened_on: date("2024-05-01"),
                closed_on: None,
            }],
            ..SurveyRecords::default()
        }
    }

    fn response(id: u128, answers: &[(&str, Agreement)]) -> SurveyResponse {
        SurveyResponse {
            id: ResponseId::from_random(id),
            year: 2024,
            team_id: None,
            role_group: None,
            service: None,
            answers: answers
                .iter()
                .map(|(code, answer)| ((*code).to_owned(), *answer))
                .collect(),
        }
    }

    #[test]
    fn answers_score_zero_to_a_hundred_in_steps_of_twenty_five() {
        let scores: Vec<f64> = Agreement::ALL.iter().map(|a| a.score()).collect();
        assert_eq!(scores, vec![0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(Agreement::parse_answer("4"), Some(Agreement::Agree));
        assert_eq!(Agreement::parse_answer("agree"), Some(Agreement::Agree));
        assert_eq!(Agreement::parse_answer("6"), None);
    }

    #[test]
    fn a_response_scores_a_standard_as_the_mean_of_its_answered_statements() {
        let wellbeing: Vec<&str> = STATEMENTS
            .iter()
            .filter(|s| s.standard == EmployerStandard::Wellbeing)
            .map(|s| s.code)
            .collect();
        let answered = response(
            1,
            &[
                (wellbeing[0], Agreement::Agree),
                (wellbeing[1], Agreement::StronglyAgree),
            ],
        );
        assert_eq!(answered.score(EmployerStandard::Wellbeing), Some(87.5));
        assert_eq!(answered.score(EmployerStandard::Supervision), None);
    }

    #[test]
    fn every_standard_has_statements_with_unique_codes() {
        for standard in EmployerStandard::ALL {
            assert!(
                STATEMENTS
                    .iter()
                    .filter(|s| s.standard == *standard)
                    .count()
                    >= 3
            );
        }
        let mut codes: Vec<&str> = STATEMENTS.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), STATEMENTS.len());
    }

    #[test]
    fn a_response_needs_an_open_or_closed_survey_known_statements_and_a_known_team() {
        let workforce = [Team {
            id: TeamId::parse("T1").unwrap(),
            name: "Assessment".to_owned(),
            service: crate::codes::Service::Children,
            locality: None,
        }];
        let records = records();
        let good = response(1, &[("wellbeing_1", Agreement::Agree)]);
        assert_eq!(
            records.check(&workforce, &SurveyChange::AddResponse(good.clone())),
            Ok(())
        );
        let mut other_year = good.clone();
        other_year.year = 2023;
        assert_eq!(
            records.check(&workforce, &SurveyChange::AddResponse(other_year)),
            Err(SurveyError::NoSurvey(2023))
        );
        let unknown = response(2, &[("made_up_9", Agreement::Agree)]);
        assert!(matches!(
            records.check(&workforce, &SurveyChange::AddResponse(unknown)),
            Err(SurveyError::UnknownStatement(_))
        ));
        let mut no_team = good.clone();
        no_team.team_id = Some(TeamId::parse("T9").unwrap());
        assert!(matches!(
            records.check(&workforce, &SurveyChange::AddResponse(no_team)),
            Err(SurveyError::UnknownTeam(_))
        ));
        let empty = response(3, &[]);
        assert_eq!(
            records.check(&workforce, &SurveyChange::AddResponse(empty)),
            Err(SurveyError::NoAnswers)
        );
    }

    #[test]
    fn answering_needs_the_survey_open() {
        let mut records = records();
        let answer = SurveyChange::RecordRespondent {
            year: 2024,
            respondent: "7".to_owned(),
        };
        assert_eq!(records.check(&[], &answer), Ok(()));
        records.surveys[0].closed_on = Some(date("2024-06-01"));
        assert_eq!(records.check(&[], &answer), Err(SurveyError::Closed(2024)));
    }

    #[test]
    fn the_threshold_cannot_go_below_five() {
        let records = records();
        let low = SurveyChange::PutSettings(SurveySettings { minimum_group: 4 });
        assert_eq!(
            records.check(&[], &low),
            Err(SurveyError::MinimumOutOfRange(4))
        );
        let higher = SurveyChange::PutSettings(SurveySettings { minimum_group: 10 });
        assert_eq!(records.check(&[], &higher), Ok(()));
    }

    #[test]
    fn response_ids_are_thirty_two_hex_digits() {
        assert!(ResponseId::parse("0123456789abcdef0123456789abcdef").is_ok());
        assert!(ResponseId::parse("123").is_err());
        assert!(ResponseId::parse("0123456789ABCDEF0123456789abcdef").is_err());
        assert_eq!(ResponseId::from_random(255).as_str().len(), 32);
    }
}
