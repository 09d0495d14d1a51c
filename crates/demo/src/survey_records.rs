//! A demo council's staff survey: last year's (closed) and this year's (open since
//! three months before the last day), answered by about three in five of the
//! children's social workers in post, each choosing their team, role group and length
//! of service (or not saying). Teams differ in how they feel, so that results vary by
//! group, and small teams give groups too small to show.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months};
use pathway_domain::codes::Role;
use pathway_domain::survey::{
    Agreement, EmployerStandard, ResponseId, RoleGroup, STATEMENTS, ServiceBand, Survey,
    SurveyChange, SurveyChanges, SurveyRecords, SurveyResponse,
};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};

use crate::DemoOptions;
use crate::random::Rng;

/// The survey's own random stream, so that adding it changes nothing else.
const SURVEY_STREAM: u64 = 0x5E7F_EEDB_ACC5_0E11;

fn role_group(role: Role) -> RoleGroup {
    match role {
        Role::Asye | Role::SocialWorker => RoleGroup::SocialWorker,
        Role::SeniorSocialWorker | Role::AdvancedPractitioner => RoleGroup::SeniorPractitioner,
        Role::PracticeSupervisor
        | Role::TeamManager
        | Role::ServiceManager
        | Role::SeniorManager
        | Role::PrincipalSocialWorker => RoleGroup::Manager,
        Role::QualifiedNoCases | Role::Other => RoleGroup::Other,
    }
}

fn service_band(start: Date, on: Date) -> ServiceBand {
    match (on - start).num_days() / 365 {
        0 | 1 => ServiceBand::UnderTwoYears,
        2..=4 => ServiceBand::TwoToFiveYears,
        5..=9 => ServiceBand::FiveToTenYears,
        _ => ServiceBand::TenYearsOrMore,
    }
}

/// How an answer leans: a mood around 0 (neutral) moves the five points.
fn answer(rng: &mut Rng, mood: f64) -> Agreement {
    let value = 2.0 + mood + rng.uniform(-1.4, 1.4);
    match value.round() as i64 {
        i64::MIN..=0 => Agreement::StronglyDisagree,
        1 => Agreement::Disagree,
        2 => Agreement::Neither,
        3 => Agreement::Agree,
        _ => Agreement::StronglyAgree,
    }
}

/// The responses of the people in post on `on`, for `year`.
fn responses_on(
    rng: &mut Rng,
    workforce: &Workforce,
    on: Date,
    year: u16,
    team_moods: &BTreeMap<String, f64>,
    lift: f64,
) -> Vec<SurveyResponse> {
    let mut responses = Vec::new();
    for assignment in &workforce.assignments {
        if !assignment.span.covers(on) {
            continue;
        }
        let Some(employment) = workforce
            .employments
            .iter()
            .find(|e| e.id() == &assignment.employment_id)
        else {
            continue;
        };
        if !rng.chance(0.6) {
            continue;
        }
        let team_mood = assignment
            .team_id
            .as_ref()
            .and_then(|team| team_moods.get(team.as_str()))
            .copied()
            .unwrap_or(0.0);
        let mut answers = BTreeMap::new();
        for statement in STATEMENTS {
            if rng.chance(0.04) {
                continue;
            }
            let standard_mood = match statement.standard {
                EmployerStandard::SafeWorkloads => -0.5,
                EmployerStandard::Wellbeing => -0.2,
                EmployerStandard::ProfessionalRegistration => 0.6,
                EmployerStandard::Supervision => 0.2,
                _ => 0.0,
            };
            answers.insert(
                statement.code.to_owned(),
                answer(rng, team_mood + standard_mood + lift),
            );
        }
        let mut bits = [0u8; 16];
        for chunk in bits.chunks_mut(8) {
            chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
        }
        responses.push(SurveyResponse {
            id: ResponseId::from_random(u128::from_le_bytes(bits)),
            year,
            team_id: assignment.team_id.clone().filter(|_| !rng.chance(0.1)),
            role_group: Some(role_group(assignment.role)).filter(|_| !rng.chance(0.1)),
            service: Some(service_band(employment.span().start(), on))
                .filter(|_| !rng.chance(0.15)),
            answers,
        });
    }
    responses
}

/// The council's surveys and responses, the same for a seed and last day.
pub fn generate_survey(workforce: &Workforce, options: &DemoOptions) -> SurveyRecords {
    let mut rng = Rng::for_stream(
        options.seed ^ SURVEY_STREAM,
        u64::from(workforce.council.number()),
    );
    let until = options.until;
    let opened = until.checked_sub_months(Months::new(3)).unwrap_or(until);
    let year = u16::try_from(opened.year()).unwrap_or(2024);
    let last_opened = opened.checked_sub_months(Months::new(12)).unwrap_or(opened);
    let last_closed = last_opened
        .checked_add_days(Days::new(42))
        .unwrap_or(last_opened);
    let team_moods: BTreeMap<String, f64> = workforce
        .teams
        .iter()
        .map(|team| (team.id.to_string(), rng.uniform(-0.7, 0.7)))
        .collect();
    let mut responses = responses_on(
        &mut rng,
        workforce,
        last_closed,
        year - 1,
        &team_moods,
        -0.2,
    );
    let this_answered = until.min(opened.checked_add_days(Days::new(42)).unwrap_or(until));
    responses.extend(responses_on(
        &mut rng,
        workforce,
        this_answered,
        year,
        &team_moods,
        0.0,
    ));
    responses.sort_by(|a, b| a.id.cmp(&b.id));
    responses.dedup_by(|a, b| a.id == b.id);
    SurveyRecords {
        settings: Default::default(),
        surveys: vec![
            Survey {
                year: year - 1,
                opened_on: last_opened,
                closed_on: Some(last_closed),
            },
            Survey {
                year,
                opened_on: opened,
                closed_on: None,
            },
        ],
        responses,
    }
}

/// The changes that write the surveys and responses (no respondents: demo answers
/// come from nobody who can sign in).
pub fn survey_changes(council: CouncilCode, records: &SurveyRecords) -> SurveyChanges {
    let changes = std::iter::once(SurveyChange::PutSettings(records.settings))
        .chain(records.surveys.iter().cloned().map(SurveyChange::PutSurvey))
        .chain(
            records
                .responses
                .iter()
                .cloned()
                .map(SurveyChange::AddResponse),
        )
        .collect();
    SurveyChanges { council, changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathway_domain::survey::{GroupResult, results};

    #[test]
    fn the_demo_survey_passes_the_checks_with_two_years_and_groups_large_and_small() {
        let options = DemoOptions::default();
        let (_, workforce) = crate::generate(&options).remove(0);
        let records = generate_survey(&workforce, &options);
        let mut checked = SurveyRecords::default();
        for change in survey_changes(workforce.council, &records).changes {
            checked.check(&workforce.teams, &change).unwrap();
            checked.apply(change);
        }
        assert_eq!(checked, records);
        for survey in &records.surveys {
            let shown = results(&records, survey.year);
            assert!(shown.council.shown().is_some(), "{} is shown", survey.year);
            let teams = &shown.breakdowns[0].rows;
            assert!(teams.iter().any(|row| row.result == GroupResult::TooSmall));
            assert!(teams.iter().any(|row| row.result.shown().is_some()));
        }
        assert_eq!(records, generate_survey(&workforce, &options));
    }
}
