//! Planning an import: merging uploaded records into what a council already holds,
//! counting what is added, updated and unchanged, and finding every problem before
//! anything is written.
//!
//! Imports are keyed upserts: a row whose key is already stored replaces that record,
//! and nothing is ever deleted. So the council's record after the import is the stored
//! record with the upload laid over it, and that whole record must obey the rules.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::problem::{Problem, Problems};
use crate::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, ExitInterview, Placement,
    RecruitmentEvent, Team, Vacancy, Worker,
};
use crate::rules;
use crate::workforce::{BulkFile, Record, SourceRows, Workforce};

/// How many of one file's rows an import adds, changes or finds already stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// New records.
    pub added: usize,
    /// Records whose key was stored with different values.
    pub updated: usize,
    /// Rows identical to what is stored.
    pub unchanged: usize,
}

impl Tally {
    /// Adds another tally to this one.
    pub fn add(&mut self, other: Tally) {
        self.added += other.added;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

/// Which records of a workforce must be written: the positions, per file, of the
/// records an import adds or changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    positions: [Vec<usize>; 12],
}

impl Changes {
    /// Every record of the workforce, as when filling an empty council.
    pub fn everything(workforce: &Workforce) -> Self {
        Self {
            positions: BulkFile::ALL.map(|file| (0..workforce.count(file)).collect()),
        }
    }

    /// The changed records of one file's table.
    pub fn of<'w, R: Record>(
        &'w self,
        workforce: &'w Workforce,
    ) -> impl ExactSizeIterator<Item = &'w R> + 'w {
        let table = R::table(workforce);
        self.positions[R::FILE.index()]
            .iter()
            .map(move |&index| &table[index])
    }

    /// How many records of one file changed.
    pub fn count(&self, file: BulkFile) -> usize {
        self.positions[file.index()].len()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.positions.iter().all(Vec::is_empty)
    }
}

/// A checked import for one council: the council's whole record once the upload is
/// laid over what is stored, which of its records to write, and the tallies.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// The council's record after the import.
    pub workforce: Workforce,
    /// The records to write.
    pub changes: Changes,
    /// Added, updated and unchanged rows per file, in [`BulkFile::ALL`] order.
    pub tallies: [Tally; 12],
}

/// Lays an upload over a council's stored record and checks the result. Returns every
/// problem found, each at the uploaded row it concerns, or the plan to write.
pub fn plan(
    stored: Workforce,
    upload: Workforce,
    rows: &SourceRows,
) -> Result<ImportPlan, Problems> {
    debug_assert_eq!(stored.council, upload.council);
    let mut merge = Merge {
        workforce: stored,
        rows: SourceRows::default(),
        changes: Changes::default(),
        tallies: [Tally::default(); 12],
        problems: Problems::new(),
    };
    for file in BulkFile::ALL {
        for _ in 0..merge.workforce.count(file) {
            merge.rows.push(file, None);
        }
    }
    let Workforce {
        council: _,
        teams,
        workers,
        employments,
        assignments,
        caseloads,
        vacancies,
        cohorts,
        academy_members,
        placements,
        recruitment_events,
        absences,
        exit_interviews,
    } = upload;
    merge.table::<Team>(teams, rows);
    merge.table::<Worker>(workers, rows);
    merge.table::<Employment>(employments, rows);
    merge.table::<Assignment>(assignments, rows);
    merge.table::<Caseload>(caseloads, rows);
    merge.table::<Vacancy>(vacancies, rows);
    merge.table::<Cohort>(cohorts, rows);
    merge.table::<AcademyMember>(academy_members, rows);
    merge.table::<Placement>(placements, rows);
    merge.table::<RecruitmentEvent>(recruitment_events, rows);
    merge.table::<Absence>(absences, rows);
    merge.table::<ExitInterview>(exit_interviews, rows);

    for violation in rules::check(&merge.workforce) {
        let own_row = merge.rows.get(violation.file, violation.index);
        let counterpart_row = violation
            .counterpart
            .and_then(|(file, index)| Some((file, merge.rows.get(file, index)?)));
        let problem = match (own_row, counterpart_row) {
            // Both records are already stored and were valid together: not this
            // import's doing.
            (None, None) => continue,
            (Some(row), Some((file, other))) => Problem::at(
                violation.file,
                Some(row),
                violation.column,
                format!("{} (see {file} row {other})", violation.message),
            ),
            (Some(row), None) => Problem::at(
                violation.file,
                Some(row),
                violation.column,
                violation.message,
            ),
            // The stored record is at fault only because of an uploaded one: report
            // it where the user can change something.
            (None, Some((file, other))) => {
                Problem::at(file, Some(other), violation.column, violation.message)
            }
        };
        merge.problems.push(problem);
    }

    if merge.problems.is_empty() {
        Ok(ImportPlan {
            workforce: merge.workforce,
            changes: merge.changes,
            tallies: merge.tallies,
        })
    } else {
        merge.problems.sort();
        Err(merge.problems)
    }
}

struct Merge {
    workforce: Workforce,
    rows: SourceRows,
    changes: Changes,
    tallies: [Tally; 12],
    problems: Problems,
}

impl Merge {
    fn table<R: Record>(&mut self, uploaded: Vec<R>, rows: &SourceRows) {
        let file = R::FILE;
        let table = R::table_mut(&mut self.workforce);
        // Each key's position in the table, and whether the upload has had it yet.
        let mut positions: HashMap<R::Key, (usize, bool)> = table
            .iter()
            .enumerate()
            .map(|(index, record)| (record.key(), (index, false)))
            .collect();
        let tally = &mut self.tallies[file.index()];
        let changed = &mut self.changes.positions[file.index()];
        for (upload_index, record) in uploaded.into_iter().enumerate() {
            let row = rows.get(file, upload_index);
            match positions.entry(record.key()) {
                Entry::Occupied(mut entry) => {
                    let (index, uploaded) = *entry.get();
                    entry.insert((index, true));
                    if uploaded {
                        let first = self.rows.get(file, index);
                        let column = R::KEY_COLUMNS[R::KEY_COLUMNS.len() - 1];
                        let also = first
                            .map(|first| format!(" (also on row {first})"))
                            .unwrap_or_default();
                        self.problems.push(Problem::at(
                            file,
                            row,
                            column,
                            format!(
                                "duplicate {}{also}: each key may appear once per council",
                                record.describe_key()
                            ),
                        ));
                    } else if table[index] == record {
                        tally.unchanged += 1;
                    } else {
                        table[index] = record;
                        self.rows.set(file, index, row);
                        changed.push(index);
                        tally.updated += 1;
                    }
                }
                Entry::Vacant(entry) => {
                    entry.insert((table.len(), true));
                    table.push(record);
                    self.rows.push(file, row);
                    changed.push(table.len() - 1);
                    tally.added += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Contract, LeavingReason, Role, Service};
    use crate::council::CouncilCode;
    use crate::ids::{EmploymentId, TeamId, WorkerId};
    use crate::values::{Fte, Span, SweNumber, parse_date};

    fn council() -> CouncilCode {
        CouncilCode::parse("888").unwrap()
    }

    fn span(start: &str, end: Option<&str>) -> Span {
        Span::new(
            parse_date(start).unwrap(),
            end.map(|end| parse_date(end).unwrap()),
        )
        .unwrap()
    }

    fn worker(id: &str, swe: Option<&str>) -> Worker {
        Worker {
            id: WorkerId::parse(id).unwrap(),
            given_name: "Amy".into(),
            family_name: "Williams".into(),
            swe_number: swe.map(|swe| SweNumber::parse(swe).unwrap()),
            gender: None,
            date_of_birth: None,
            ethnicity: None,
            qualified_on: None,
            qualification_institution: None,
            qualification_level: None,
            route: None,
            bsl: None,
            languages: vec![],
        }
    }

    fn employment(id: &str, worker: &str, start: &str, end: Option<&str>) -> Employment {
        let reason = end.map(|_| LeavingReason::Resignation);
        Employment::new(
            EmploymentId::parse(id).unwrap(),
            WorkerId::parse(worker).unwrap(),
            span(start, end),
            None,
            reason,
            None,
        )
        .unwrap()
    }

    fn assignment(
        employment: &str,
        start: &str,
        end: Option<&str>,
        team: Option<&str>,
    ) -> Assignment {
        Assignment {
            employment_id: EmploymentId::parse(employment).unwrap(),
            span: span(start, end),
            team_id: team.map(|team| TeamId::parse(team).unwrap()),
            role: Role::SocialWorker,
            contract: Contract::Permanent,
            fte: Fte::FULL,
        }
    }

    /// An upload whose records came from consecutive rows starting at row 2.
    fn upload(workforce: Workforce) -> (Workforce, SourceRows) {
        let mut rows = SourceRows::default();
        for file in BulkFile::ALL {
            for index in 0..workforce.count(file) {
                rows.push(file, Some(index as u32 + 2));
            }
        }
        (workforce, rows)
    }

    fn stored() -> Workforce {
        let mut workforce = Workforce::new(council());
        workforce.workers = vec![worker("W1", Some("SW1001")), worker("W2", None)];
        workforce.employments = vec![employment("E1", "W1", "2020-01-06", Some("2021-03-31"))];
        workforce
    }

    fn messages(problems: &Problems) -> Vec<String> {
        problems.shown().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn an_upload_over_stored_records_counts_added_updated_and_unchanged() {
        let mut incoming = Workforce::new(council());
        let mut renamed = worker("W2", None);
        renamed.family_name = "Khan".into();
        incoming.workers = vec![worker("W1", Some("SW1001")), renamed, worker("W3", None)];
        incoming.employments = vec![employment("E2", "W1", "2022-01-04", None)];
        let (incoming, rows) = upload(incoming);

        let plan = plan(stored(), incoming, &rows).unwrap();

        let workers = plan.tallies[BulkFile::Workers.index()];
        assert_eq!(
            workers,
            Tally {
                added: 1,
                updated: 1,
                unchanged: 1
            }
        );
        assert_eq!(
            plan.tallies[BulkFile::Employments.index()],
            Tally {
                added: 1,
                updated: 0,
                unchanged: 0
            }
        );
        assert_eq!(plan.workforce.workers.len(), 3);
        assert_eq!(plan.workforce.workers[1].family_name, "Khan");
        let changed: Vec<_> = plan
            .changes
            .of::<Worker>(&plan.workforce)
            .map(|w| w.id.to_string())
            .collect();
        assert_eq!(changed, ["W2", "W3"]);
    }

    #[test]
    fn a_key_twice_in_one_upload_is_a_duplicate_even_when_already_stored() {
        let mut incoming = Workforce::new(council());
        incoming.workers = vec![
            worker("W1", None),
            worker("W9", None),
            worker("W1", None),
            worker("W9", None),
        ];
        let (incoming, rows) = upload(incoming);

        let problems = plan(stored(), incoming, &rows).unwrap_err();

        assert_eq!(
            messages(&problems),
            [
                "workers.csv:4:worker_id: duplicate worker_id W1 (also on row 2): each key may appear once per council",
                "workers.csv:5:worker_id: duplicate worker_id W9 (also on row 3): each key may appear once per council",
            ]
        );
    }

    #[test]
    fn references_must_resolve_to_uploaded_or_stored_records() {
        let mut incoming = Workforce::new(council());
        incoming.employments = vec![
            employment("E2", "W2", "2022-01-04", None),
            employment("E3", "W7", "2022-01-04", None),
        ];
        incoming.assignments = vec![assignment("E2", "2022-01-04", None, Some("T404"))];
        let (incoming, rows) = upload(incoming);

        let problems = plan(stored(), incoming, &rows).unwrap_err();

        assert_eq!(
            messages(&problems),
            [
                "employments.csv:3:worker_id: worker W7 is not in workers.csv nor already stored for this council",
                "assignments.csv:2:team_id: team T404 is not in teams.csv nor already stored for this council",
            ]
        );
    }

    #[test]
    fn an_uploaded_employment_may_not_overlap_a_stored_one() {
        let mut incoming = Workforce::new(council());
        incoming.employments = vec![employment("E0", "W1", "2019-05-01", Some("2020-02-01"))];
        let (incoming, rows) = upload(incoming);

        let problems = plan(stored(), incoming, &rows).unwrap_err();

        // The stored E1 starts later, so it is "the later one"; the problem is still
        // reported at the uploaded row, where the user can fix it.
        assert_eq!(problems.total(), 1);
        let problem = &problems.shown()[0];
        assert_eq!(
            (problem.file, problem.row, problem.column.as_deref()),
            (BulkFile::Employments, Some(2), Some("start_date"))
        );
        assert!(
            problem.message.contains("must not overlap"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn assignments_must_lie_within_their_employment_and_not_overlap() {
        let mut incoming = Workforce::new(council());
        incoming.assignments = vec![
            assignment("E1", "2020-01-06", Some("2020-06-30"), None),
            assignment("E1", "2020-06-01", Some("2021-03-31"), None),
            assignment("E1", "2021-03-01", Some("2021-04-30"), None),
        ];
        let (incoming, rows) = upload(incoming);

        let problems = plan(stored(), incoming, &rows).unwrap_err();

        let found: Vec<_> = problems
            .shown()
            .iter()
            .map(|p| (p.row, p.column.clone().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(3), "start_date".into()),
                (Some(4), "end_date".into()),
                (Some(4), "start_date".into())
            ]
        );
        assert!(
            problems.shown()[0]
                .message
                .ends_with("(see assignments.csv row 2)")
        );
    }

    #[test]
    fn two_workers_may_not_share_a_social_work_england_number() {
        let mut incoming = Workforce::new(council());
        incoming.workers = vec![worker("W5", Some("SW1001"))];
        let (incoming, rows) = upload(incoming);

        let problems = plan(stored(), incoming, &rows).unwrap_err();

        assert_eq!(problems.shown()[0].column.as_deref(), Some("swe_number"));
        assert_eq!(problems.shown()[0].row, Some(2));
    }

    #[test]
    fn a_clean_upload_into_an_empty_council_adds_everything() {
        let mut incoming = stored();
        incoming.teams = vec![Team {
            id: TeamId::parse("T1").unwrap(),
            name: "Assessment".into(),
            service: Service::Children,
            locality: None,
        }];
        incoming.assignments = vec![assignment("E1", "2020-01-06", None, Some("T1"))];
        incoming.assignments[0].span = span("2020-01-06", Some("2021-03-31"));
        let (incoming, rows) = upload(incoming);

        let plan = plan(Workforce::new(council()), incoming, &rows).unwrap();

        assert_eq!(plan.changes, Changes::everything(&plan.workforce));
    }
}
