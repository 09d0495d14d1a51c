//! The questionnaire: three statements for each employer standard, written in
//! Pathway's own words, each answered on the agreement scale.

use super::EmployerStandard;

/// One statement of the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Statement {
    /// Its code, as imports and the API name it, such as `wellbeing_1`.
    pub code: &'static str,
    /// The standard it measures.
    pub standard: EmployerStandard,
    /// What the respondent agrees or disagrees with.
    pub text: &'static str,
}

const fn statement_of(
    code: &'static str,
    standard: EmployerStandard,
    text: &'static str,
) -> Statement {
    Statement {
        code,
        standard,
        text,
    }
}

use EmployerStandard as S;

/// Every statement, grouped by standard in the standards' order.
pub const STATEMENTS: &[Statement] = &[
    statement_of(
        "framework_1",
        S::ClearFramework,
        "I understand the model of practice our service works to.",
    ),
    statement_of(
        "framework_2",
        S::ClearFramework,
        "Senior leaders explain how decisions about social work here are made.",
    ),
    statement_of(
        "framework_3",
        S::ClearFramework,
        "The principal social worker is visible and I know how to reach them.",
    ),
    statement_of(
        "planning_1",
        S::WorkforcePlanning,
        "My team has enough social workers for the work it is given.",
    ),
    statement_of(
        "planning_2",
        S::WorkforcePlanning,
        "Vacancies in my team are filled without long gaps.",
    ),
    statement_of(
        "planning_3",
        S::WorkforcePlanning,
        "I can see how my career could grow if I stay with this council.",
    ),
    statement_of(
        "workload_1",
        S::SafeWorkloads,
        "The number of children I work with lets me do the work well.",
    ),
    statement_of(
        "workload_2",
        S::SafeWorkloads,
        "Cases are allocated fairly, taking account of complexity.",
    ),
    statement_of(
        "workload_3",
        S::SafeWorkloads,
        "When my workload becomes too much, my manager acts on it.",
    ),
    statement_of(
        "wellbeing_1",
        S::Wellbeing,
        "I can usually finish my work within my working hours.",
    ),
    statement_of(
        "wellbeing_2",
        S::Wellbeing,
        "I feel supported after a difficult visit or piece of work.",
    ),
    statement_of(
        "wellbeing_3",
        S::Wellbeing,
        "I would feel able to say if my health was affected by my work.",
    ),
    statement_of(
        "supervision_1",
        S::Supervision,
        "My supervision happens as often as it is meant to.",
    ),
    statement_of(
        "supervision_2",
        S::Supervision,
        "Supervision gives me time to reflect, not only to go through cases.",
    ),
    statement_of(
        "supervision_3",
        S::Supervision,
        "What is agreed in supervision is recorded and followed up.",
    ),
    statement_of(
        "development_1",
        S::ProfessionalDevelopment,
        "I get the training I need to do my job well.",
    ),
    statement_of(
        "development_2",
        S::ProfessionalDevelopment,
        "I have protected time for learning and development.",
    ),
    statement_of(
        "development_3",
        S::ProfessionalDevelopment,
        "I have a development plan that I agreed with my manager.",
    ),
    statement_of(
        "registration_1",
        S::ProfessionalRegistration,
        "I am supported to keep my Social Work England registration up to date.",
    ),
    statement_of(
        "registration_2",
        S::ProfessionalRegistration,
        "I have time to record my continuing professional development.",
    ),
    statement_of(
        "registration_3",
        S::ProfessionalRegistration,
        "I know the professional standards I am expected to meet.",
    ),
    statement_of(
        "partnerships_1",
        S::Partnerships,
        "I can work well with colleagues in health, education and the police.",
    ),
    statement_of(
        "partnerships_2",
        S::Partnerships,
        "Our service listens to children, families and partners about how we work.",
    ),
    statement_of(
        "partnerships_3",
        S::Partnerships,
        "Moving a case between teams goes smoothly for the family.",
    ),
];

/// The statement with this code.
pub fn statement(code: &str) -> Option<&'static Statement> {
    STATEMENTS.iter().find(|statement| statement.code == code)
}
