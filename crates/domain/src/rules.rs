//! The rules that must hold between a council's records: references resolve, a
//! worker's employments do not overlap, assignments lie within their employment and
//! do not overlap, and Social Work England numbers are not shared.
//!
//! They are checked on the whole of a council's record (what is stored plus what is
//! being imported), because a new row can conflict with an old one.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::values::Span;
use crate::workforce::{BulkFile, Workforce};

/// A broken rule: the record at fault (by file and position in its table), the
/// column, and a message. `counterpart` names the other record involved, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The file of the record at fault.
    pub file: BulkFile,
    /// The record's position in its table.
    pub index: usize,
    /// The column at fault.
    pub column: &'static str,
    /// What is wrong.
    pub message: String,
    /// The other record involved (the earlier of two overlapping employments, say).
    pub counterpart: Option<(BulkFile, usize)>,
}

/// Checks every rule between the records of one council.
pub fn check(workforce: &Workforce) -> Vec<Violation> {
    let mut violations = Vec::new();
    check_references(workforce, &mut violations);
    check_employments_do_not_overlap(workforce, &mut violations);
    check_assignments(workforce, &mut violations);
    check_swe_numbers_are_not_shared(workforce, &mut violations);
    violations
}

fn ids<'a, K: Eq + Hash + 'a>(keys: impl Iterator<Item = &'a K>) -> HashSet<&'a K> {
    keys.collect()
}

fn check_references(workforce: &Workforce, violations: &mut Vec<Violation>) {
    let teams = ids(workforce.teams.iter().map(|team| &team.id));
    let workers = ids(workforce.workers.iter().map(|worker| &worker.id));
    let employments = ids(workforce
        .employments
        .iter()
        .map(|employment| employment.id()));
    let cohorts = ids(workforce.cohorts.iter().map(|cohort| &cohort.id));

    let mut dangling = |file: BulkFile,
                        index: usize,
                        column: &'static str,
                        what: &str,
                        id: &dyn std::fmt::Display,
                        target: BulkFile| {
        violations.push(Violation {
            file,
            index,
            column,
            message: format!("{what} {id} is not in {target} nor already stored for this council"),
            counterpart: None,
        });
    };

    for (index, employment) in workforce.employments.iter().enumerate() {
        if !workers.contains(employment.worker_id()) {
            dangling(
                BulkFile::Employments,
                index,
                "worker_id",
                "worker",
                employment.worker_id(),
                BulkFile::Workers,
            );
        }
    }
    for (index, assignment) in workforce.assignments.iter().enumerate() {
        if !employments.contains(&assignment.employment_id) {
            dangling(
                BulkFile::Assignments,
                index,
                "employment_id",
                "employment",
                &assignment.employment_id,
                BulkFile::Employments,
            );
        }
        if let Some(team) = assignment
            .team_id
            .as_ref()
            .filter(|team| !teams.contains(team))
        {
            dangling(
                BulkFile::Assignments,
                index,
                "team_id",
                "team",
                team,
                BulkFile::Teams,
            );
        }
    }
    for (index, caseload) in workforce.caseloads.iter().enumerate() {
        if !workers.contains(&caseload.worker_id) {
            dangling(
                BulkFile::Caseloads,
                index,
                "worker_id",
                "worker",
                &caseload.worker_id,
                BulkFile::Workers,
            );
        }
    }
    for (index, vacancy) in workforce.vacancies.iter().enumerate() {
        if let Some(team) = vacancy
            .team_id
            .as_ref()
            .filter(|team| !teams.contains(team))
        {
            dangling(
                BulkFile::Vacancies,
                index,
                "team_id",
                "team",
                team,
                BulkFile::Teams,
            );
        }
    }
    for (index, member) in workforce.academy_members.iter().enumerate() {
        if !cohorts.contains(member.cohort_id()) {
            dangling(
                BulkFile::AcademyMembers,
                index,
                "cohort_id",
                "cohort",
                member.cohort_id(),
                BulkFile::Cohorts,
            );
        }
        if !workers.contains(member.worker_id()) {
            dangling(
                BulkFile::AcademyMembers,
                index,
                "worker_id",
                "worker",
                member.worker_id(),
                BulkFile::Workers,
            );
        }
    }
    for (index, placement) in workforce.placements.iter().enumerate() {
        if let Some(team) = placement
            .team_id
            .as_ref()
            .filter(|team| !teams.contains(team))
        {
            dangling(
                BulkFile::Placements,
                index,
                "team_id",
                "team",
                team,
                BulkFile::Teams,
            );
        }
        if let Some(worker) = placement
            .hired_worker_id
            .as_ref()
            .filter(|worker| !workers.contains(worker))
        {
            dangling(
                BulkFile::Placements,
                index,
                "hired_worker_id",
                "worker",
                worker,
                BulkFile::Workers,
            );
        }
    }
    for (index, absence) in workforce.absences.iter().enumerate() {
        if !workers.contains(absence.worker_id()) {
            dangling(
                BulkFile::Absences,
                index,
                "worker_id",
                "worker",
                absence.worker_id(),
                BulkFile::Workers,
            );
        }
    }
    for (index, interview) in workforce.exit_interviews.iter().enumerate() {
        if !workers.contains(&interview.worker_id) {
            dangling(
                BulkFile::ExitInterviews,
                index,
                "worker_id",
                "worker",
                &interview.worker_id,
                BulkFile::Workers,
            );
        }
    }
}

fn describe(span: Span) -> String {
    match span.end() {
        Some(end) => format!("{} to {}", span.start(), end),
        None => format!("{} onwards", span.start()),
    }
}

/// Sorts the spans of each group by start date and reports each span that begins
/// before the previous one ended, as `(later, earlier)` positions.
fn overlapping<'a, G: Eq + Hash + 'a>(
    items: impl Iterator<Item = (usize, &'a G, Span)>,
) -> Vec<(usize, usize)> {
    let mut groups: HashMap<&G, Vec<(Span, usize)>> = HashMap::new();
    for (index, group, span) in items {
        groups.entry(group).or_default().push((span, index));
    }
    let mut pairs = Vec::new();
    for spans in groups.values_mut() {
        spans.sort_unstable_by_key(|(span, index)| (span.start(), *index));
        for pair in spans.windows(2) {
            let ((earlier_span, earlier), (later_span, later)) = (pair[0], pair[1]);
            if earlier_span.overlaps(later_span) {
                pairs.push((later, earlier));
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

fn check_employments_do_not_overlap(workforce: &Workforce, violations: &mut Vec<Violation>) {
    let employments = &workforce.employments;
    let spans = employments
        .iter()
        .enumerate()
        .map(|(index, e)| (index, e.worker_id(), e.span()));
    for (later, earlier) in overlapping(spans) {
        let (first, second) = (&employments[earlier], &employments[later]);
        violations.push(Violation {
            file: BulkFile::Employments,
            index: later,
            column: "start_date",
            message: format!(
                "employment {} of worker {} ({}) overlaps their employment {} ({}): a worker's employments must not overlap",
                second.id(),
                second.worker_id(),
                describe(second.span()),
                first.id(),
                describe(first.span()),
            ),
            counterpart: Some((BulkFile::Employments, earlier)),
        });
    }
}

fn check_assignments(workforce: &Workforce, violations: &mut Vec<Violation>) {
    let employments: HashMap<_, _> = workforce
        .employments
        .iter()
        .enumerate()
        .map(|(index, e)| (e.id(), index))
        .collect();
    for (index, assignment) in workforce.assignments.iter().enumerate() {
        let Some(&employment_index) = employments.get(&assignment.employment_id) else {
            continue; // reported as a dangling reference
        };
        let employment = workforce.employments[employment_index].span();
        if !employment.contains(assignment.span) {
            let column = if assignment.span.start() < employment.start() {
                "start_date"
            } else {
                "end_date"
            };
            violations.push(Violation {
                file: BulkFile::Assignments,
                index,
                column,
                message: format!(
                    "assignment {} lies outside its employment {} ({}): assignments must lie within their employment",
                    describe(assignment.span),
                    assignment.employment_id,
                    describe(employment),
                ),
                counterpart: Some((BulkFile::Employments, employment_index)),
            });
        }
    }
    let assignments = &workforce.assignments;
    let spans = assignments
        .iter()
        .enumerate()
        .map(|(index, a)| (index, &a.employment_id, a.span));
    for (later, earlier) in overlapping(spans) {
        violations.push(Violation {
            file: BulkFile::Assignments,
            index: later,
            column: "start_date",
            message: format!(
                "assignment {} of employment {} overlaps its assignment {}: an employment's assignments must not overlap",
                describe(assignments[later].span),
                assignments[later].employment_id,
                describe(assignments[earlier].span),
            ),
            counterpart: Some((BulkFile::Assignments, earlier)),
        });
    }
}

fn check_swe_numbers_are_not_shared(workforce: &Workforce, violations: &mut Vec<Violation>) {
    let mut holders = HashMap::new();
    for (index, worker) in workforce.workers.iter().enumerate() {
        let Some(number) = &worker.swe_number else {
            continue;
        };
        if let Some(&first) = holders.get(number) {
            let first_worker: &crate::records::Worker = &workforce.workers[first];
            violations.push(Violation {
                file: BulkFile::Workers,
                index,
                column: "swe_number",
                message: format!(
                    "Social Work England number {number} is also held by worker {}: one person, one worker_id",
                    first_worker.id
                ),
                counterpart: Some((BulkFile::Workers, first)),
            });
        } else {
            holders.insert(number, index);
        }
    }
}
