//! The career pathway's framework: ordered levels, each covering some of the job
//! roles of the workforce record, and the criteria a person at that level meets,
//! each tagged with the area of the national frameworks it belongs to.

use serde::{Deserialize, Serialize};

use crate::codes::Role;

code_enum! {
    /// What a criterion belongs to: one of the nine domains of the Professional
    /// Capabilities Framework, one of the child and family knowledge and skills
    /// statements (`kss_`), or one of the practice supervisor statements (`pss_`).
    Area {
        /// PCF: professionalism.
        Professionalism = "professionalism",
        /// PCF: values and ethics.
        ValuesAndEthics = "values_and_ethics",
        /// PCF: diversity and equality.
        DiversityAndEquality = "diversity_and_equality",
        /// PCF: rights, justice and economic wellbeing.
        RightsJusticeEconomicWellbeing = "rights_justice_economic_wellbeing",
        /// PCF: knowledge.
        Knowledge = "knowledge",
        /// PCF: critical reflection and analysis.
        CriticalReflectionAnalysis = "critical_reflection_analysis",
        /// PCF: skills and interventions.
        SkillsAndInterventions = "skills_and_interventions",
        /// PCF: contexts and organisations.
        ContextsAndOrganisations = "contexts_and_organisations",
        /// PCF: professional leadership.
        ProfessionalLeadership = "professional_leadership",
        /// Child and family statement: relationships and direct work.
        KssRelationshipsDirectWork = "kss_relationships_direct_work",
        /// Child and family statement: communication.
        KssCommunication = "kss_communication",
        /// Child and family statement: child development.
        KssChildDevelopment = "kss_child_development",
        /// Child and family statement: adults' difficulties and their effect on children.
        KssAdultDifficulties = "kss_adult_difficulties",
        /// Child and family statement: abuse and neglect.
        KssAbuseAndNeglect = "kss_abuse_and_neglect",
        /// Child and family statement: assessment.
        KssAssessment = "kss_assessment",
        /// Child and family statement: analysis, decisions, planning and review.
        KssAnalysisDecisions = "kss_analysis_decisions",
        /// Child and family statement: the law and the courts.
        KssLawAndCourts = "kss_law_and_courts",
        /// Child and family statement: using supervision.
        KssSupervisionUse = "kss_supervision_use",
        /// Child and family statement: the organisational context.
        KssOrganisationalContext = "kss_organisational_context",
        /// Practice supervisor statement: promoting excellent practice.
        PssExcellentPractice = "pss_excellent_practice",
        /// Practice supervisor statement: shaping the practice system.
        PssPracticeSystem = "pss_practice_system",
        /// Practice supervisor statement: using power and authority.
        PssPowerAndAuthority = "pss_power_and_authority",
        /// Practice supervisor statement: analysis and decisions.
        PssAnalysisDecisions = "pss_analysis_decisions",
        /// Practice supervisor statement: purposeful social work.
        PssPurposefulPractice = "pss_purposeful_practice",
        /// Practice supervisor statement: emotionally intelligent supervision.
        PssEmotionallyIntelligentSupervision = "pss_emotionally_intelligent_supervision",
        /// Practice supervisor statement: performance and improvement.
        PssPerformance = "pss_performance",
        /// Practice supervisor statement: developing practitioners.
        PssDevelopingPractitioners = "pss_developing_practitioners",
    }
}

/// A course's Professional Capabilities Framework domain is the same domain as a
/// criterion's: training tags courses by the PCF alone.
impl From<crate::training::PcfDomain> for Area {
    fn from(domain: crate::training::PcfDomain) -> Self {
        use crate::training::PcfDomain;
        match domain {
            PcfDomain::Professionalism => Self::Professionalism,
            PcfDomain::ValuesAndEthics => Self::ValuesAndEthics,
            PcfDomain::DiversityAndEquality => Self::DiversityAndEquality,
            PcfDomain::RightsAndJustice => Self::RightsJusticeEconomicWellbeing,
            PcfDomain::Knowledge => Self::Knowledge,
            PcfDomain::CriticalReflection => Self::CriticalReflectionAnalysis,
            PcfDomain::SkillsAndInterventions => Self::SkillsAndInterventions,
            PcfDomain::ContextsAndOrganisations => Self::ContextsAndOrganisations,
            PcfDomain::ProfessionalLeadership => Self::ProfessionalLeadership,
        }
    }
}

impl Area {
    /// The area as a person reads it, with the framework it comes from.
    pub fn label(self) -> &'static str {
        match self {
            Self::Professionalism => "Professionalism",
            Self::ValuesAndEthics => "Values and ethics",
            Self::DiversityAndEquality => "Diversity and equality",
            Self::RightsJusticeEconomicWellbeing => "Rights, justice and economic wellbeing",
            Self::Knowledge => "Knowledge",
            Self::CriticalReflectionAnalysis => "Critical reflection and analysis",
            Self::SkillsAndInterventions => "Skills and interventions",
            Self::ContextsAndOrganisations => "Contexts and organisations",
            Self::ProfessionalLeadership => "Professional leadership",
            Self::KssRelationshipsDirectWork => "Child and family: relationships and direct work",
            Self::KssCommunication => "Child and family: communication",
            Self::KssChildDevelopment => "Child and family: child development",
            Self::KssAdultDifficulties => "Child and family: adults' difficulties and children",
            Self::KssAbuseAndNeglect => "Child and family: abuse and neglect",
            Self::KssAssessment => "Child and family: assessment",
            Self::KssAnalysisDecisions => "Child and family: analysis, decisions and planning",
            Self::KssLawAndCourts => "Child and family: the law and the courts",
            Self::KssSupervisionUse => "Child and family: using supervision",
            Self::KssOrganisationalContext => "Child and family: the organisation",
            Self::PssExcellentPractice => "Practice supervisor: promoting excellent practice",
            Self::PssPracticeSystem => "Practice supervisor: shaping the practice system",
            Self::PssPowerAndAuthority => "Practice supervisor: power and authority",
            Self::PssAnalysisDecisions => "Practice supervisor: analysis and decisions",
            Self::PssPurposefulPractice => "Practice supervisor: purposeful social work",
            Self::PssEmotionallyIntelligentSupervision => {
                "Practice supervisor: emotionally intelligent supervision"
            }
            Self::PssPerformance => "Practice supervisor: performance and improvement",
            Self::PssDevelopingPractitioners => "Practice supervisor: developing practitioners",
        }
    }
}

/// A level of the pathway, such as `Senior social worker`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// A stable ID, such as `senior_social_worker`: assessments name it.
    pub id: String,
    /// The level's name as people read it.
    pub name: String,
    /// The job roles of the workforce record at this level: a worker's current
    /// level follows from their current assignment's role.
    pub roles: Vec<Role>,
}

/// Something a person at a level is seen to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// A stable ID, such as `ssw-3`: kept when the words change, never reused.
    pub id: String,
    /// The level's ID.
    pub level: String,
    /// The PCF domain or knowledge and skills statement it belongs to.
    pub area: Area,
    /// What the person does, short and observable.
    pub text: String,
    /// A retired criterion is left out of new assessments; old ratings keep it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
}

/// A council's career pathway: its levels, lowest first, and their criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    /// The levels, lowest first.
    pub levels: Vec<Level>,
    /// Every criterion, retired ones included, in the order shown.
    pub criteria: Vec<Criterion>,
}

/// Pathway's default framework, in its own words.
const DEFAULT_FRAMEWORK: &str = include_str!("default_framework.json");

/// Why a framework cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    /// No levels.
    #[error("the framework needs at least one level")]
    NoLevels,
    /// A level's ID or name is empty.
    #[error("level {0} needs an ID and a name")]
    EmptyLevel(usize),
    /// Two levels share an ID.
    #[error("two levels have the ID {0}")]
    DuplicateLevel(String),
    /// A role is at two levels.
    #[error("the role {0} is at more than one level")]
    RoleTwice(Role),
    /// A criterion's ID or words are empty.
    #[error("criterion {0} needs an ID and words")]
    EmptyCriterion(String),
    /// Two criteria share an ID.
    #[error("two criteria have the ID {0}")]
    DuplicateCriterion(String),
    /// A criterion names a level that is not in the framework.
    #[error("criterion {criterion} is at level {level}, which the framework does not have")]
    NoSuchLevel {
        /// The criterion.
        criterion: String,
        /// The level it names.
        level: String,
    },
    /// A criterion of the old framework is missing: criteria are retired, not removed,
    /// so past assessments keep their meaning.
    #[error("criterion {0} was removed: retire it instead, so past ratings keep it")]
    Removed(String),
    /// A level of the old framework is missing while assessments name it.
    #[error("level {0} was removed but assessments were made against it")]
    LevelRemoved(String),
    /// Words too long.
    #[error("criterion {0} has more than 500 characters")]
    TooLong(String),
}

impl Default for Framework {
    fn default() -> Self {
        Self::pathway_default()
    }
}

impl Framework {
    /// Pathway's default framework (the file `default_framework.json`).
    pub fn pathway_default() -> Self {
        serde_json::from_str(DEFAULT_FRAMEWORK).expect("the default framework is valid JSON")
    }

    /// Checks the framework on its own: levels and criteria named, IDs unique, each
    /// role at one level at most, each criterion at a level of the framework.
    pub fn check(&self) -> Result<(), FrameworkError> {
        if self.levels.is_empty() {
            return Err(FrameworkError::NoLevels);
        }
        for (index, level) in self.levels.iter().enumerate() {
            if level.id.trim().is_empty() || level.name.trim().is_empty() {
                return Err(FrameworkError::EmptyLevel(index + 1));
            }
            if self.levels[..index]
                .iter()
                .any(|other| other.id == level.id)
            {
                return Err(FrameworkError::DuplicateLevel(level.id.clone()));
            }
            for role in &level.roles {
                if self.levels[..index]
                    .iter()
                    .any(|other| other.roles.contains(role))
                    || level.roles.iter().filter(|r| *r == role).count() > 1
                {
                    return Err(FrameworkError::RoleTwice(*role));
                }
            }
        }
        for (index, criterion) in self.criteria.iter().enumerate() {
            if criterion.id.trim().is_empty() || criterion.text.trim().is_empty() {
                return Err(FrameworkError::EmptyCriterion(criterion.id.clone()));
            }
            if criterion.text.chars().count() > 500 {
                return Err(FrameworkError::TooLong(criterion.id.clone()));
            }
            if self.criteria[..index].iter().any(|c| c.id == criterion.id) {
                return Err(FrameworkError::DuplicateCriterion(criterion.id.clone()));
            }
            if self.level_index(&criterion.level).is_none() {
                return Err(FrameworkError::NoSuchLevel {
                    criterion: criterion.id.clone(),
                    level: criterion.level.clone(),
                });
            }
        }
        Ok(())
    }

    /// Checks that this framework may replace `old`: every criterion of the old one is
    /// still there (perhaps retired or reworded), and every level that assessments
    /// name (`assessed_levels`) too.
    pub fn check_replaces<'a>(
        &self,
        old: &Framework,
        assessed_levels: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), FrameworkError> {
        self.check()?;
        if let Some(gone) = old
            .criteria
            .iter()
            .find(|c| !self.criteria.iter().any(|new| new.id == c.id))
        {
            return Err(FrameworkError::Removed(gone.id.clone()));
        }
        for level in assessed_levels {
            if self.level_index(level).is_none() {
                return Err(FrameworkError::LevelRemoved(level.to_owned()));
            }
        }
        Ok(())
    }

    /// A level's place, from 0 for the lowest.
    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|level| level.id == id)
    }

    /// A level by its ID.
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|level| level.id == id)
    }

    /// The place of the level a role belongs to, if any (`other` belongs to none).
    pub fn level_of_role(&self, role: Role) -> Option<usize> {
        self.levels
            .iter()
            .position(|level| level.roles.contains(&role))
    }

    /// A level's criteria in use (not retired), in order.
    pub fn active_criteria(&self, level: &str) -> Vec<&Criterion> {
        self.criteria
            .iter()
            .filter(|c| c.level == level && !c.retired)
            .collect()
    }

    /// One criterion, retired or not.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// A new criterion ID for a level, not used before: the level's ID and the next
    /// number.
    pub fn new_criterion_id(&self, level: &str) -> String {
        (1..)
            .map(|n| format!("{level}-{n}"))
            .find(|id| self.criterion(id).is_none())
            .expect("some number is free")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_courses_pcf_domain_is_spelled_as_the_criteria_spell_it() {
        for &domain in crate::training::PcfDomain::ALL {
            assert_eq!(Area::from(domain).as_str(), domain.as_str());
        }
    }

    use super::*;

    #[test]
    fn the_default_framework_loads_with_six_levels_of_four_to_eight_criteria() {
        let framework = Framework::pathway_default();
        assert_eq!(framework.check(), Ok(()));
        let names: Vec<&str> = framework.levels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names.len(), 6);
        assert_eq!(names[0], "Newly qualified social worker (ASYE)");
        assert_eq!(names[5], "Service manager");
        for level in &framework.levels {
            let count = framework.active_criteria(&level.id).len();
            assert!((4..=8).contains(&count), "{} has {count}", level.id);
        }
        assert_eq!(framework.level_of_role(Role::Asye), Some(0));
        assert_eq!(framework.level_of_role(Role::TeamManager), Some(4));
        assert_eq!(framework.level_of_role(Role::Other), None);
    }

    #[test]
    fn the_practice_supervisor_level_uses_the_practice_supervisor_statements() {
        let framework = Framework::pathway_default();
        assert!(
            framework
                .active_criteria("practice_supervisor")
                .iter()
                .any(|c| c.area.as_str().starts_with("pss_"))
        );
    }

    #[test]
    fn a_criterion_is_retired_not_removed() {
        let old = Framework::pathway_default();
        let mut new = old.clone();
        new.criteria.retain(|c| c.id != "sw-1");
        assert_eq!(
            new.check_replaces(&old, []),
            Err(FrameworkError::Removed("sw-1".into()))
        );
        let mut retired = old.clone();
        retired.criteria[6].retired = true;
        assert_eq!(retired.check_replaces(&old, ["social_worker"]), Ok(()));
        assert_eq!(retired.active_criteria("social_worker").len(), 5);
    }

    #[test]
    fn a_role_may_belong_to_one_level_only() {
        let mut framework = Framework::pathway_default();
        framework.levels[1].roles.push(Role::Asye);
        assert_eq!(
            framework.check(),
            Err(FrameworkError::RoleTwice(Role::Asye))
        );
    }
}
