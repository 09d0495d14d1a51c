//! The skills register: British Sign Language and languages from the worker record,
//! specialisms and other skills recorded here, searchable together.

use serde::{Deserialize, Serialize};

use crate::ids::{TeamId, WorkerId};
use crate::values::Date;
use crate::workforce::Workforce;

use super::Training;
use super::mandatory::in_post;

code_enum! {
    /// What kind of skill.
    SkillKind {
        /// British Sign Language (held on the worker record).
        Bsl = "bsl",
        /// A language other than English (held on the worker record).
        Language = "language",
        /// A specialism, such as court work or parenting assessments.
        Specialism = "specialism",
        /// Any other skill.
        Other = "other",
    }
}

impl SkillKind {
    /// As a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Bsl => "British Sign Language",
            Self::Language => "Language",
            Self::Specialism => "Specialism",
            Self::Other => "Other skill",
        }
    }
}

/// A specialism or other skill of a worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skill {
    /// The worker.
    pub worker_id: WorkerId,
    /// Its number among the worker's skills, from 1.
    pub number: u32,
    /// Specialism or other (BSL and languages are on the worker record).
    pub kind: SkillKind,
    /// What it is, such as `Court work`.
    pub name: String,
    /// How far it goes, where that applies (`accredited`, `level 3`).
    pub level: Option<String>,
    /// The day it was recorded.
    pub recorded_on: Date,
}

/// Where a skill in the register comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillSource {
    /// The worker record (BSL and languages).
    WorkerRecord,
    /// The skills register.
    Register,
}

/// What to look for in the register.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillSearch {
    /// Words in the skill's name or level, or the worker's name or ID.
    pub text: Option<String>,
    /// One kind of skill.
    pub kind: Option<SkillKind>,
    /// One team.
    pub team: Option<TeamId>,
}

/// One skill of one worker in post, as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillsFound {
    /// The worker.
    pub worker_id: WorkerId,
    /// Their name.
    pub name: String,
    /// Their team on the date.
    pub team_id: Option<TeamId>,
    /// The kind of skill.
    pub kind: SkillKind,
    /// The skill (`British Sign Language`, `Polish`, `Court work`).
    pub skill: String,
    /// Its level, where recorded.
    pub level: Option<String>,
    /// When it was recorded (register skills only).
    pub recorded_on: Option<Date>,
    /// Where it is held.
    pub source: SkillSource,
}

/// Every skill of one worker: BSL and languages from their record, then the register's.
pub fn skills_of_worker(
    workforce: &Workforce,
    training: &Training,
    worker_id: &WorkerId,
    name: &str,
    team_id: Option<&TeamId>,
) -> Vec<SkillsFound> {
    let mut found = Vec::new();
    let Some(worker) = workforce.workers.iter().find(|w| &w.id == worker_id) else {
        return found;
    };
    let line = |kind, skill: String, level, recorded_on, source| SkillsFound {
        worker_id: worker_id.clone(),
        name: name.to_owned(),
        team_id: team_id.cloned(),
        kind,
        skill,
        level,
        recorded_on,
        source,
    };
    if worker.bsl == Some(true) {
        found.push(line(
            SkillKind::Bsl,
            "British Sign Language".to_owned(),
            None,
            None,
            SkillSource::WorkerRecord,
        ));
    }
    // English is not another language; BSL named among languages is shown once.
    for language in worker.languages.iter().filter(|language| {
        !language.eq_ignore_ascii_case("English")
            && !(worker.bsl == Some(true)
                && (language.eq_ignore_ascii_case("British Sign Language")
                    || language.eq_ignore_ascii_case("BSL")))
    }) {
        found.push(line(
            SkillKind::Language,
            language.clone(),
            None,
            None,
            SkillSource::WorkerRecord,
        ));
    }
    for skill in training.skills_of(worker_id) {
        found.push(line(
            skill.kind,
            skill.name.clone(),
            skill.level.clone(),
            Some(skill.recorded_on),
            SkillSource::Register,
        ));
    }
    found
}

/// Searches the skills of the workers in post on `date`: every word of the text must
/// appear (ignoring case) in the skill, its level, or the worker's name or ID.
pub fn search_skills(
    workforce: &Workforce,
    training: &Training,
    date: Date,
    search: &SkillSearch,
) -> Vec<SkillsFound> {
    let words: Vec<String> = search
        .text
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    in_post(workforce, date)
        .into_iter()
        .filter(|(_, _, team)| search.team.is_none() || team.as_ref() == search.team.as_ref())
        .flat_map(|(worker_id, name, team)| {
            skills_of_worker(workforce, training, &worker_id, &name, team.as_ref())
        })
        .filter(|found| search.kind.is_none_or(|kind| found.kind == kind))
        .filter(|found| {
            let haystack = format!(
                "{} {} {} {}",
                found.skill,
                found.level.as_deref().unwrap_or(""),
                found.name,
                found.worker_id
            )
            .to_lowercase();
            words.iter().all(|word| haystack.contains(word.as_str()))
        })
        .collect()
}
