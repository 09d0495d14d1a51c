//! A council's whole workforce record, one table per file of the bulk format.

use std::fmt;
use std::hash::Hash;

use crate::council::CouncilCode;
use crate::ids::{CohortId, EmploymentId, EventId, PlacementId, TeamId, VacancyId, WorkerId};
use crate::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, ExitInterview, Placement,
    RecruitmentEvent, Team, Vacancy, Worker,
};
use crate::values::Date;

/// The files of the bulk format, in the order they are read and written: a file's
/// references point only to files before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BulkFile {
    /// `teams.csv`
    Teams,
    /// `workers.csv`
    Workers,
    /// `employments.csv`
    Employments,
    /// `assignments.csv`
    Assignments,
    /// `caseloads.csv`
    Caseloads,
    /// `vacancies.csv`
    Vacancies,
    /// `cohorts.csv`
    Cohorts,
    /// `academy_members.csv`
    AcademyMembers,
    /// `placements.csv`
    Placements,
    /// `recruitment_events.csv`
    RecruitmentEvents,
    /// `absences.csv`
    Absences,
    /// `exit_interviews.csv`
    ExitInterviews,
}

impl BulkFile {
    /// Every file, in dependency order.
    pub const ALL: [BulkFile; 12] = [
        Self::Teams,
        Self::Workers,
        Self::Employments,
        Self::Assignments,
        Self::Caseloads,
        Self::Vacancies,
        Self::Cohorts,
        Self::AcademyMembers,
        Self::Placements,
        Self::RecruitmentEvents,
        Self::Absences,
        Self::ExitInterviews,
    ];

    /// The file's name without `.csv`, which is also its XLSX sheet name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Teams => "teams",
            Self::Workers => "workers",
            Self::Employments => "employments",
            Self::Assignments => "assignments",
            Self::Caseloads => "caseloads",
            Self::Vacancies => "vacancies",
            Self::Cohorts => "cohorts",
            Self::AcademyMembers => "academy_members",
            Self::Placements => "placements",
            Self::RecruitmentEvents => "recruitment_events",
            Self::Absences => "absences",
            Self::ExitInterviews => "exit_interviews",
        }
    }

    /// The CSV file's name, e.g. `employments.csv`.
    pub fn csv_name(self) -> &'static str {
        match self {
            Self::Teams => "teams.csv",
            Self::Workers => "workers.csv",
            Self::Employments => "employments.csv",
            Self::Assignments => "assignments.csv",
            Self::Caseloads => "caseloads.csv",
            Self::Vacancies => "vacancies.csv",
            Self::Cohorts => "cohorts.csv",
            Self::AcademyMembers => "academy_members.csv",
            Self::Placements => "placements.csv",
            Self::RecruitmentEvents => "recruitment_events.csv",
            Self::Absences => "absences.csv",
            Self::ExitInterviews => "exit_interviews.csv",
        }
    }

    /// Finds a file by its name, with or without `.csv`, ignoring case.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        // `get` rather than indexing: the last four bytes may split a character.
        let stem = match name.len().checked_sub(4) {
            Some(at)
                if at > 0
                    && name
                        .get(at..)
                        .is_some_and(|end| end.eq_ignore_ascii_case(".csv")) =>
            {
                &name[..at]
            }
            _ => name,
        };
        Self::ALL
            .into_iter()
            .find(|file| file.name().eq_ignore_ascii_case(stem))
    }

    /// Whether every upload must include this file.
    pub fn is_required(self) -> bool {
        matches!(self, Self::Workers | Self::Employments)
    }

    /// The position of the file in [`BulkFile::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for BulkFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.csv_name())
    }
}

/// A record of one file of the bulk format: it knows its file, its key within a
/// council, and its table in a [`Workforce`].
pub trait Record: Clone + PartialEq + fmt::Debug + Send + Sync + 'static {
    /// The key that identifies the record within its council; re-importing a row with
    /// the same key updates the record.
    type Key: Clone + Eq + Hash + Ord + fmt::Debug + Send + Sync;
    /// The file the record belongs to.
    const FILE: BulkFile;
    /// The key columns, as the bulk format names them.
    const KEY_COLUMNS: &'static [&'static str];
    /// The record's key.
    fn key(&self) -> Self::Key;
    /// The key written as a person would read it, e.g. `employment_id E12`.
    fn describe_key(&self) -> String;
    /// The record's table in a workforce.
    fn table(workforce: &Workforce) -> &Vec<Self>;
    /// The record's table in a workforce, to change it.
    fn table_mut(workforce: &mut Workforce) -> &mut Vec<Self>;
}

macro_rules! record {
    ($type:ty, $file:ident, $field:ident, $key:ty, [$($column:literal),+], |$r:ident| $key_expr:expr, |$d:ident| $describe:expr) => {
        impl Record for $type {
            type Key = $key;
            const FILE: BulkFile = BulkFile::$file;
            const KEY_COLUMNS: &'static [&'static str] = &[$($column),+];
            fn key(&self) -> Self::Key {
                let $r = self;
                $key_expr
            }
            fn describe_key(&self) -> String {
                let $d = self;
                $describe
            }
            fn table(workforce: &Workforce) -> &Vec<Self> {
                &workforce.$field
            }
            fn table_mut(workforce: &mut Workforce) -> &mut Vec<Self> {
                &mut workforce.$field
            }
        }
    };
}

record!(
    Team,
    Teams,
    teams,
    TeamId,
    ["team_id"],
    |r| r.id.clone(),
    |r| format!("team_id {}", r.id)
);
record!(
    Worker,
    Workers,
    workers,
    WorkerId,
    ["worker_id"],
    |r| r.id.clone(),
    |r| format!("worker_id {}", r.id)
);
record!(
    Employment,
    Employments,
    employments,
    EmploymentId,
    ["employment_id"],
    |r| r.id().clone(),
    |r| format!("employment_id {}", r.id())
);
record!(
    Assignment,
    Assignments,
    assignments,
    (EmploymentId, Date),
    ["employment_id", "start_date"],
    |r| (r.employment_id.clone(), r.span.start()),
    |r| format!(
        "employment_id {} start_date {}",
        r.employment_id,
        r.span.start()
    )
);
record!(
    Caseload,
    Caseloads,
    caseloads,
    (WorkerId, Date),
    ["worker_id", "as_of"],
    |r| (r.worker_id.clone(), r.as_of),
    |r| format!("worker_id {} as_of {}", r.worker_id, r.as_of)
);
record!(
    Vacancy,
    Vacancies,
    vacancies,
    VacancyId,
    ["vacancy_id"],
    |r| r.id.clone(),
    |r| format!("vacancy_id {}", r.id)
);
record!(
    Cohort,
    Cohorts,
    cohorts,
    CohortId,
    ["cohort_id"],
    |r| r.id.clone(),
    |r| format!("cohort_id {}", r.id)
);
record!(
    AcademyMember,
    AcademyMembers,
    academy_members,
    (CohortId, WorkerId),
    ["cohort_id", "worker_id"],
    |r| (r.cohort_id().clone(), r.worker_id().clone()),
    |r| format!("cohort_id {} worker_id {}", r.cohort_id(), r.worker_id())
);
record!(
    Placement,
    Placements,
    placements,
    PlacementId,
    ["placement_id"],
    |r| r.id.clone(),
    |r| format!("placement_id {}", r.id)
);
record!(
    RecruitmentEvent,
    RecruitmentEvents,
    recruitment_events,
    EventId,
    ["event_id"],
    |r| r.id.clone(),
    |r| format!("event_id {}", r.id)
);
record!(
    Absence,
    Absences,
    absences,
    (WorkerId, Date),
    ["worker_id", "start_date"],
    |r| (r.worker_id().clone(), r.start_date()),
    |r| format!("worker_id {} start_date {}", r.worker_id(), r.start_date())
);
record!(
    ExitInterview,
    ExitInterviews,
    exit_interviews,
    (WorkerId, Date),
    ["worker_id", "held_on"],
    |r| (r.worker_id.clone(), r.held_on),
    |r| format!("worker_id {} held_on {}", r.worker_id, r.held_on)
);

/// Everything one council holds: its workforce record, academy and recruitment data,
/// one table per file of the bulk format.
#[derive(Debug, Clone, PartialEq)]
pub struct Workforce {
    /// The council the records belong to.
    pub council: CouncilCode,
    /// `teams.csv`
    pub teams: Vec<Team>,
    /// `workers.csv`
    pub workers: Vec<Worker>,
    /// `employments.csv`
    pub employments: Vec<Employment>,
    /// `assignments.csv`
    pub assignments: Vec<Assignment>,
    /// `caseloads.csv`
    pub caseloads: Vec<Caseload>,
    /// `vacancies.csv`
    pub vacancies: Vec<Vacancy>,
    /// `cohorts.csv`
    pub cohorts: Vec<Cohort>,
    /// `academy_members.csv`
    pub academy_members: Vec<AcademyMember>,
    /// `placements.csv`
    pub placements: Vec<Placement>,
    /// `recruitment_events.csv`
    pub recruitment_events: Vec<RecruitmentEvent>,
    /// `absences.csv`
    pub absences: Vec<Absence>,
    /// `exit_interviews.csv`
    pub exit_interviews: Vec<ExitInterview>,
}

impl Workforce {
    /// A council with no records yet.
    pub fn new(council: CouncilCode) -> Self {
        Self {
            council,
            teams: Vec::new(),
            workers: Vec::new(),
            employments: Vec::new(),
            assignments: Vec::new(),
            caseloads: Vec::new(),
            vacancies: Vec::new(),
            cohorts: Vec::new(),
            academy_members: Vec::new(),
            placements: Vec::new(),
            recruitment_events: Vec::new(),
            absences: Vec::new(),
            exit_interviews: Vec::new(),
        }
    }

    /// How many records each file holds, in [`BulkFile::ALL`] order.
    pub fn counts(&self) -> [(BulkFile, usize); 12] {
        BulkFile::ALL.map(|file| (file, self.count(file)))
    }

    /// How many records one file holds.
    pub fn count(&self, file: BulkFile) -> usize {
        match file {
            BulkFile::Teams => self.teams.len(),
            BulkFile::Workers => self.workers.len(),
            BulkFile::Employments => self.employments.len(),
            BulkFile::Assignments => self.assignments.len(),
            BulkFile::Caseloads => self.caseloads.len(),
            BulkFile::Vacancies => self.vacancies.len(),
            BulkFile::Cohorts => self.cohorts.len(),
            BulkFile::AcademyMembers => self.academy_members.len(),
            BulkFile::Placements => self.placements.len(),
            BulkFile::RecruitmentEvents => self.recruitment_events.len(),
            BulkFile::Absences => self.absences.len(),
            BulkFile::ExitInterviews => self.exit_interviews.len(),
        }
    }

    /// Whether the council has no records at all.
    pub fn is_empty(&self) -> bool {
        BulkFile::ALL.iter().all(|file| self.count(*file) == 0)
    }

    /// Puts every table in key order, so that two workforces holding the same records
    /// compare equal whatever order they were read in.
    pub fn sort(&mut self) {
        fn by_key<R: Record>(table: &mut [R]) {
            table.sort_by_cached_key(R::key);
        }
        by_key(&mut self.teams);
        by_key(&mut self.workers);
        by_key(&mut self.employments);
        by_key(&mut self.assignments);
        by_key(&mut self.caseloads);
        by_key(&mut self.vacancies);
        by_key(&mut self.cohorts);
        by_key(&mut self.academy_members);
        by_key(&mut self.placements);
        by_key(&mut self.recruitment_events);
        by_key(&mut self.absences);
        by_key(&mut self.exit_interviews);
    }
}

/// The spreadsheet row each record of an uploaded [`Workforce`] came from, parallel to
/// its tables; `None` marks a record that was already stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceRows {
    rows: [Vec<Option<u32>>; 12],
}

impl SourceRows {
    /// Records that the next record of `file` came from `row`.
    pub fn push(&mut self, file: BulkFile, row: Option<u32>) {
        self.rows[file.index()].push(row);
    }

    /// The row the `index`th record of `file` came from.
    pub fn get(&self, file: BulkFile, index: usize) -> Option<u32> {
        self.rows[file.index()].get(index).copied().flatten()
    }

    /// Changes the row of the `index`th record of `file`.
    pub fn set(&mut self, file: BulkFile, index: usize, row: Option<u32>) {
        self.rows[file.index()][index] = row;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_found_by_name_with_or_without_csv_ignoring_case() {
        assert_eq!(BulkFile::from_name("Workers.CSV"), Some(BulkFile::Workers));
        assert_eq!(
            BulkFile::from_name(" employments "),
            Some(BulkFile::Employments)
        );
        assert_eq!(BulkFile::from_name(".csv"), None);
        assert_eq!(BulkFile::from_name("notes.csv"), None);
    }

    // Found while writing the bulk_xlsx fuzz target: a sheet named `€€` panicked, the
    // name being cut four bytes from its end, inside a character.
    #[test]
    fn a_name_ending_inside_a_multibyte_character_is_no_file_not_a_panic() {
        for name in ["€€", "a€€", "é.csvé", "€€.csv"] {
            assert_eq!(BulkFile::from_name(name), None, "{name}");
        }
        assert_eq!(BulkFile::from_name("wörkers.csv"), None);
    }
}
