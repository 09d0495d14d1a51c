//! Who may do what: the roles of Pathway's users and what each role permits.
//!
//! Roles are declared here, once, and every route of the web application names the
//! permission it needs; a role's reach over people (all of the council, their own
//! teams, only themselves, nobody) is a [`PeopleReach`].

use std::collections::HashSet;
use std::fmt;

use crate::codes::CodeError;
use crate::ids::{TeamId, WorkerId};
use crate::workforce::Workforce;

/// What a user is in Pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UserRole {
    /// Runs the installation: councils and users; no person-level data.
    Admin,
    /// The principal social worker or workforce lead: everything in their council.
    WorkforceLead,
    /// Runs the academy: cohorts, sessions, attendance; sees the council's people.
    AcademyCoordinator,
    /// Recruitment and HR: posts, vacancies, events, placements; sees the council's
    /// people.
    RecruitmentOfficer,
    /// A team manager: the people of their own teams.
    TeamManager,
    /// A practitioner: their own record.
    Practitioner,
    /// A councillor or observer: aggregate figures only.
    Viewer,
    // [issue 9: benchmarking]
    /// Sees the benchmark of a chosen group of councils (a region's, say): aggregate
    /// figures only, and no council but their group's.
    RegionalViewer,
}

impl UserRole {
    /// Every role.
    pub const ALL: [UserRole; 8] = [
        Self::Admin,
        Self::WorkforceLead,
        Self::AcademyCoordinator,
        Self::RecruitmentOfficer,
        Self::TeamManager,
        Self::Practitioner,
        Self::Viewer,
        // [issue 9: benchmarking]
        Self::RegionalViewer,
    ];

    /// The role as `pathway user add --role` and the database spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::WorkforceLead => "workforce_lead",
            Self::AcademyCoordinator => "academy_coordinator",
            Self::RecruitmentOfficer => "recruitment_officer",
            Self::TeamManager => "team_manager",
            Self::Practitioner => "practitioner",
            Self::Viewer => "viewer",
            // [issue 9: benchmarking]
            Self::RegionalViewer => "regional_viewer",
        }
    }

    /// The role as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Installation administrator",
            Self::WorkforceLead => "Workforce lead",
            Self::AcademyCoordinator => "Academy coordinator",
            Self::RecruitmentOfficer => "Recruitment officer",
            Self::TeamManager => "Team manager",
            Self::Practitioner => "Practitioner",
            Self::Viewer => "Viewer",
            // [issue 9: benchmarking]
            Self::RegionalViewer => "Regional viewer",
        }
    }

    /// Parses a role's spelling, ignoring case.
    pub fn parse(text: &str) -> Result<Self, CodeError> {
        const SPELLINGS: &[&str] = &[
            "admin",
            "workforce_lead",
            "academy_coordinator",
            "recruitment_officer",
            "team_manager",
            "practitioner",
            "viewer",
            // [issue 9: benchmarking]
            "regional_viewer",
        ];
        Self::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| CodeError {
                expected: SPELLINGS,
                found: text.to_owned(),
            })
    }

    /// Whether the role permits `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Self::Admin => matches!(permission, SeeFigures | ManageUsers),
            // [issue 9: benchmarking]
            // Everything in their council; councils and their first users are the
            // installation's, so only the administrator manages them.
            Self::WorkforceLead => permission != ManageUsers,
            Self::AcademyCoordinator => matches!(
                permission,
                SeeFigures
                    | SeePeople
                    | ExportPeople
                    | SeeAcademy
                    | RunAcademy
                    | RecordAsye
                    | SeeRecruitment
                    | SeeCaseloads
                    | SeeCareer
                    | SeeTraining
                    | RunTraining
                    | SeeFeedback
                    | RunFeedback
                    | AnswerSurvey
                    | SeeCommitteeReport
            ),
            Self::RecruitmentOfficer => matches!(
                permission,
                SeeFigures
                    | SeePeople
                    | ExportPeople
                    | SeeRecruitment
                    | RunRecruitment
                    | SeeTraining
                    | SeeFeedback
                    | AnswerSurvey
                    | RecordExitInterviews
                    | SeeCommitteeReport
                    | MakeCensusReturn
            ),
            Self::TeamManager => matches!(
                permission,
                SeeFigures
                    | SeePeople
                    | EditPeople
                    | SeeAcademy
                    | RecordAsye
                    | SeeRecruitment
                    | SeeCaseloads
                    | RecordCaseloads
                    | SeeCareer
                    | AssessCareer
                    | SeeTraining
                    | SeeFeedback
                    | AnswerSurvey
                    | SeeCommitteeReport
            ),
            Self::Practitioner => matches!(
                permission,
                SeePeople
                    | SeeAcademy
                    | RecordAsye
                    | SeeCaseloads
                    | SeeCareer
                    | AssessCareer
                    | SeeTraining
                    | SeeFeedback
                    | AnswerSurvey
            ),
            Self::Viewer => matches!(
                permission,
                SeeFigures | SeeFeedback | SeeCommitteeReport | SeeBenchmarks
            ),
            // [issue 9: benchmarking]
            // Not even SeeFigures: the dashboard and its neighbours are one council's,
            // and a regional viewer belongs to none.
            Self::RegionalViewer => matches!(permission, SeeBenchmarks),
        }
    }

    /// Whether the role sees figures about people (the workforce profile, exit
    /// interviews by team) with counts from 1 to 4 shown as they are. Every other role
    /// sees them suppressed, as published figures are.
    pub fn sees_small_numbers(self) -> bool {
        matches!(self, Self::WorkforceLead)
    }

    /// Whether the role may sign off a career pathway self-assessment of someone it
    /// reaches (never its own): a team manager for their teams, the workforce lead for
    /// the council.
    pub fn may_sign_off_career(self) -> bool {
        matches!(self, Self::WorkforceLead | Self::TeamManager)
    }

    /// Whether the role may add this kind of entry to an ASYE log it reaches: team
    /// managers supervise, observe and gather feedback; practitioners write their own
    /// reflections and record their development time; the academy records anything.
    pub fn may_record(self, kind: crate::academy::LogKind) -> bool {
        use crate::academy::LogKind::*;
        match self {
            Self::WorkforceLead | Self::AcademyCoordinator => true,
            Self::TeamManager => matches!(
                kind,
                Supervision | Observation | LivedExperienceFeedback | ProfessionalFeedback
            ),
            Self::Practitioner => matches!(kind, Reflection | DevelopmentTime),
            Self::Admin | Self::RecruitmentOfficer | Self::Viewer | Self::RegionalViewer => false,
        }
    }

    /// Whether the role may record ASYE reviews (held by the assessor or the team
    /// manager) for members it reaches.
    pub fn may_record_reviews(self) -> bool {
        matches!(
            self,
            Self::WorkforceLead | Self::AcademyCoordinator | Self::TeamManager
        )
    }

    /// Whose records the role reaches, when it may see people at all.
    pub fn reach(self) -> PeopleReach {
        match self {
            Self::WorkforceLead | Self::AcademyCoordinator | Self::RecruitmentOfficer => {
                PeopleReach::Council
            }
            Self::TeamManager => PeopleReach::OwnTeams,
            Self::Practitioner => PeopleReach::Themselves,
            Self::Admin | Self::Viewer | Self::RegionalViewer => PeopleReach::Nobody,
        }
    }
}

impl fmt::Display for UserRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a route needs its user to be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See aggregate figures: the dashboard and measures.
    SeeFigures,
    /// See people's records (within the role's reach).
    SeePeople,
    /// Change people's records (within the role's reach).
    EditPeople,
    /// Download people's records as a spreadsheet.
    ExportPeople,
    /// Import workforce data.
    ImportData,
    /// Search the audit log.
    SeeAuditLog,
    /// Add users and councils.
    ManageUsers,
    /// See the academy: cohorts, sessions and ASYE records (within the role's reach).
    SeeAcademy,
    /// Run the academy: programmes, cohorts, sessions, attendance, the checklist and
    /// every part of the ASYE tracker.
    RunAcademy,
    /// Add to an ASYE record within the role's reach; which entries, [`UserRole::may_record`]
    /// says.
    RecordAsye,
    /// See recruitment without candidates' personal data: the vacancy board, events'
    /// funnels, placements' conversion (a team manager: their teams' vacancies).
    SeeRecruitment,
    /// Run recruitment: posts, vacancies, candidates, events, placements, international
    /// recruits and agency engagements, with the personal data they hold.
    RunRecruitment,
    /// See caseloads: bands, teams, alerts and trends (within the role's reach).
    SeeCaseloads,
    /// Record caseload counts and set bands and thresholds (a team manager: their
    /// teams' counts only; the settings need the workforce lead).
    RecordCaseloads,
    /// See the career pathway: the framework, and self-assessments and development
    /// plans within the role's reach.
    SeeCareer,
    /// Rate oneself against the career pathway, or review and sign off others' ratings
    /// (see [`UserRole::may_sign_off_career`]).
    AssessCareer,
    /// Edit the career pathway framework: levels and criteria.
    EditFramework,
    /// See courses, mandatory training and the skills register (within the role's
    /// reach).
    SeeTraining,
    /// Run training: courses, attendance, mandatory training and skills.
    RunTraining,
    /// See feedback sessions and their "you said, we did".
    SeeFeedback,
    /// Record feedback sessions, their themes and actions.
    RunFeedback,
    /// Answer the staff survey, anonymously.
    AnswerSurvey,
    /// Run the staff survey: open and close it, import responses.
    RunSurvey,
    /// Record exit interviews with leavers.
    RecordExitInterviews,
    /// See and download the committee report pack; only a role that
    /// [`UserRole::sees_small_numbers`] may have its internal version.
    SeeCommitteeReport,
    /// Edit the committee report's own text: meeting, recommendations, implications.
    EditCommitteeReport,
    /// Check and download the DfE workforce census return, which holds every worker's
    /// census items (dates of birth, registration numbers).
    MakeCensusReturn,
    // [issue 9: benchmarking]
    /// See benchmarks: a council's measures beside other councils' distribution (a
    /// regional viewer: their group's).
    SeeBenchmarks,
    /// Choose whether one's council is named in other councils' benchmarks.
    NameCouncilInBenchmarks,
    // [issue 11: subject access]
    /// Produce a subject access response: everything held about one person, with the
    /// audit trail of who saw their records. Only the workforce lead, who answers
    /// such requests for the council and checks what others wrote before it is sent.
    AnswerSubjectAccess,
}

/// Whose person-level records a role reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleReach {
    /// Everyone in the council.
    Council,
    /// People with an assignment in one of the user's teams.
    OwnTeams,
    /// Only the user's own worker record.
    Themselves,
    /// No one: aggregate figures only.
    Nobody,
}

/// The workers of a council whose records a user reaches: `None` for everyone in it,
/// otherwise exactly those (empty for a role that sees nobody). A team manager reaches
/// everyone who has had an assignment in one of their teams; a practitioner, their
/// own record.
pub fn reachable_workers<'w>(
    reach: PeopleReach,
    own_record: Option<&WorkerId>,
    teams: &[TeamId],
    workforce: &'w Workforce,
) -> Option<HashSet<&'w WorkerId>> {
    match reach {
        PeopleReach::Council => None,
        PeopleReach::Nobody => Some(HashSet::new()),
        PeopleReach::Themselves => Some(
            workforce
                .workers
                .iter()
                .map(|worker| &worker.id)
                .filter(|id| Some(*id) == own_record)
                .collect(),
        ),
        PeopleReach::OwnTeams => {
            let employments: HashSet<_> = workforce
                .assignments
                .iter()
                .filter(|assignment| {
                    assignment
                        .team_id
                        .as_ref()
                        .is_some_and(|team| teams.contains(team))
                })
                .map(|assignment| &assignment.employment_id)
                .collect();
            Some(
                workforce
                    .employments
                    .iter()
                    .filter(|employment| employments.contains(employment.id()))
                    .map(|employment| employment.worker_id())
                    .collect(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_workforce_lead_imports_and_reads_the_audit_log() {
        for role in UserRole::ALL {
            let lead = role == UserRole::WorkforceLead;
            assert_eq!(role.allows(Permission::ImportData), lead, "{role}");
            assert_eq!(role.allows(Permission::SeeAuditLog), lead, "{role}");
        }
    }

    #[test]
    fn only_the_academy_and_the_lead_run_the_academy_and_practitioners_log_only_their_reflections()
    {
        use crate::academy::LogKind;
        for role in UserRole::ALL {
            let runs = matches!(role, UserRole::WorkforceLead | UserRole::AcademyCoordinator);
            assert_eq!(role.allows(Permission::RunAcademy), runs, "{role}");
        }
        assert!(UserRole::Practitioner.may_record(LogKind::Reflection));
        assert!(!UserRole::Practitioner.may_record(LogKind::Supervision));
        assert!(!UserRole::Practitioner.may_record_reviews());
        assert!(UserRole::TeamManager.may_record(LogKind::Supervision));
        assert!(!UserRole::Viewer.allows(Permission::SeeAcademy));
        assert!(!UserRole::RecruitmentOfficer.allows(Permission::SeeAcademy));
    }

    #[test]
    fn only_recruitment_officers_and_the_lead_run_recruitment() {
        for role in UserRole::ALL {
            let runs = matches!(role, UserRole::WorkforceLead | UserRole::RecruitmentOfficer);
            assert_eq!(role.allows(Permission::RunRecruitment), runs, "{role}");
        }
        assert!(UserRole::TeamManager.allows(Permission::SeeRecruitment));
        assert!(!UserRole::Practitioner.allows(Permission::SeeRecruitment));
        assert!(!UserRole::Viewer.allows(Permission::SeeRecruitment));
    }

    #[test]
    fn viewers_and_admins_see_figures_but_no_people() {
        for role in [UserRole::Viewer, UserRole::Admin] {
            assert!(role.allows(Permission::SeeFigures));
            assert!(!role.allows(Permission::SeePeople));
            assert_eq!(role.reach(), PeopleReach::Nobody);
        }
    }

    #[test]
    fn only_the_administrator_manages_councils_and_users() {
        for role in UserRole::ALL {
            assert_eq!(
                role.allows(Permission::ManageUsers),
                role == UserRole::Admin,
                "{role}"
            );
        }
    }

    #[test]
    fn a_regional_viewer_sees_benchmarks_and_nothing_about_people() {
        let role = UserRole::RegionalViewer;
        assert!(role.allows(Permission::SeeBenchmarks));
        assert_eq!(role.reach(), PeopleReach::Nobody);
        for permission in [
            Permission::SeeFigures,
            Permission::SeePeople,
            Permission::ExportPeople,
            Permission::SeeAcademy,
            Permission::SeeRecruitment,
            Permission::SeeCaseloads,
            Permission::SeeCareer,
            Permission::SeeTraining,
            Permission::SeeFeedback,
            Permission::RecordExitInterviews,
            Permission::MakeCensusReturn,
            Permission::SeeCommitteeReport,
            Permission::ManageUsers,
            Permission::NameCouncilInBenchmarks,
        ] {
            assert!(!role.allows(permission), "{permission:?}");
        }
        assert_eq!(UserRole::parse("regional_viewer"), Ok(role));
    }

    #[test]
    fn only_the_workforce_lead_answers_subject_access_requests() {
        for role in UserRole::ALL {
            assert_eq!(
                role.allows(Permission::AnswerSubjectAccess),
                role == UserRole::WorkforceLead,
                "{role}"
            );
        }
    }

    #[test]
    fn every_role_parses_back_from_its_spelling() {
        for role in UserRole::ALL {
            assert_eq!(UserRole::parse(role.as_str()), Ok(role));
        }
        assert!(UserRole::parse("superuser").is_err());
    }

    #[test]
    fn a_team_manager_reaches_everyone_who_worked_in_their_teams_and_nobody_else() {
        use crate::codes::{Contract, Role};
        use crate::council::CouncilCode;
        use crate::ids::EmploymentId;
        use crate::records::{Assignment, Employment};
        use crate::values::{Fte, Span, parse_date};

        let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
        let span = Span::new(parse_date("2020-01-06").unwrap(), None).unwrap();
        for (worker, team) in [("W1", "T1"), ("W2", "T2")] {
            let employment = EmploymentId::parse(&format!("E{worker}")).unwrap();
            let worker = WorkerId::parse(worker).unwrap();
            workforce
                .employments
                .push(Employment::new(employment.clone(), worker, span, None, None, None).unwrap());
            workforce.assignments.push(Assignment {
                employment_id: employment,
                span,
                team_id: Some(TeamId::parse(team).unwrap()),
                role: Role::SocialWorker,
                contract: Contract::Permanent,
                fte: Fte::FULL,
            });
        }
        let teams = [TeamId::parse("T1").unwrap()];
        let reached = reachable_workers(PeopleReach::OwnTeams, None, &teams, &workforce).unwrap();
        let names: Vec<&str> = reached.iter().map(|id| id.as_str()).collect();
        assert_eq!(names, ["W1"]);
        assert_eq!(
            reachable_workers(PeopleReach::Council, None, &[], &workforce),
            None
        );
        assert_eq!(
            reachable_workers(PeopleReach::Nobody, None, &[], &workforce),
            Some(HashSet::new())
        );
    }
}
