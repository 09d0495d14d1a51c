//! One row of a file → one record: every cell is checked with the domain's parsers,
//! and every problem found is reported against its spreadsheet row and column.
//!
//! Only what one row can show is checked here. Duplicate IDs, references between
//! files and overlapping spans are checked on the merged data by another layer.

use std::convert::Infallible;
use std::fmt::Display;

use csv::ByteRecord;
use pathway_domain::codes::{
    AbsenceReason, AsyeOutcome, Contract, Destination, Ethnicity, ExitReason, Gender,
    LeavingReason, PlacementNumber, PlacementOutcome, Programme, QualificationLevel, Role, Route,
    Service, StartOrigin, VacancyStage, WouldReturn,
};
use pathway_domain::ids::{
    CohortId, EmploymentId, EventId, PlacementId, TeamId, VacancyId, WorkerId,
};
use pathway_domain::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, EmploymentError,
    ExitInterview, Placement, RecruitmentEvent, Team, Vacancy, Worker,
};
use pathway_domain::values::{
    Fte, Span, SweNumber, WorkingDays, parse_bool, parse_count, parse_date,
};
use pathway_domain::{BulkFile, Problem, Problems};

use crate::Warning;
use crate::columns::columns;

/// The message for a required cell left empty.
pub(crate) const REQUIRED: &str = "a value is required";

/// Where each of a file's columns sits in the rows of one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    file: BulkFile,
    /// For each column of [`columns`]`(file)`, its field in the source's rows.
    fields: Vec<Option<usize>>,
    /// How many fields the header has.
    width: usize,
}

impl Layout {
    /// A layout from the field of each spec column and the header's width.
    pub(crate) fn new(file: BulkFile, fields: Vec<Option<usize>>, width: usize) -> Self {
        debug_assert_eq!(fields.len(), columns(file).len());
        Self {
            file,
            fields,
            width,
        }
    }

    /// How many fields the header has.
    #[cfg(test)]
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// The field of `column`, and its position among the file's columns. The search
    /// starts at `from`: the row parsers read columns in the spec's order, so the next
    /// column is almost always found at once.
    fn field(&self, column: &str, from: usize) -> (Option<usize>, usize) {
        let spec = columns(self.file);
        let from = from.min(spec.len());
        let position = (from..spec.len())
            .chain(0..from)
            .find(|&position| spec[position].name == column);
        debug_assert!(position.is_some(), "{} has no column {column}", self.file);
        match position {
            Some(position) => (self.fields[position], position + 1),
            None => (None, from),
        }
    }
}

/// A problem in a cell has already been reported.
#[derive(Debug, Clone, Copy)]
struct Reported;

/// One data row being parsed: reads its cells by column name and reports what is wrong
/// with them.
#[derive(Debug)]
pub(crate) struct RowContext<'a> {
    row: u32,
    record: &'a ByteRecord,
    layout: &'a Layout,
    cell_errors: &'a [(usize, String)],
    problems: &'a mut Problems,
    warnings: &'a mut Vec<Warning>,
    failed: bool,
    /// Where to start looking for the next column asked for.
    next_column: usize,
}

impl<'a> RowContext<'a> {
    /// A row: its spreadsheet row number, its fields, and any fields the source could
    /// not turn into text (e.g. spreadsheet error cells), with why.
    pub(crate) fn new(
        row: u32,
        record: &'a ByteRecord,
        layout: &'a Layout,
        cell_errors: &'a [(usize, String)],
        problems: &'a mut Problems,
        warnings: &'a mut Vec<Warning>,
    ) -> Self {
        Self {
            row,
            record,
            layout,
            cell_errors,
            problems,
            warnings,
            failed: false,
            next_column: 0,
        }
    }

    /// Whether any problem was found in the row.
    pub(crate) fn failed(&self) -> bool {
        self.failed
    }

    /// Reports a problem in `column` of this row.
    pub(crate) fn problem(&mut self, column: &str, message: impl Into<String>) {
        self.failed = true;
        self.problems.push(Problem::at(
            self.layout.file,
            Some(self.row),
            column,
            message,
        ));
    }

    /// Notes a value that is kept as given but deserves a second look.
    pub(crate) fn warning(&mut self, column: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            file: Some(self.layout.file),
            row: self.row,
            name: column.to_owned(),
            message: message.into(),
        });
    }

    /// Reports a problem with the whole row.
    pub(crate) fn row_problem(&mut self, message: impl Into<String>) {
        self.failed = true;
        self.problems.push(Problem {
            file: self.layout.file,
            row: Some(self.row),
            column: None,
            message: message.into(),
        });
    }

    /// Reports cells beyond the header's columns that hold something.
    pub(crate) fn check_extra_fields(&mut self) {
        let width = self.layout.width;
        let extra = self
            .record
            .iter()
            .skip(width)
            .filter(|field| !is_blank(field))
            .count()
            + self
                .cell_errors
                .iter()
                .filter(|(field, _)| *field >= width)
                .count();
        if extra > 0 {
            let fields = self.record.len().max(width + extra);
            self.row_problem(format!(
                "this row has {fields} cells but the header has only {width} columns; \
                 check for an unquoted comma or a missing column name"
            ));
        }
    }

    /// The trimmed text of a cell: `None` when the cell is empty, spaces only, or its
    /// column is absent.
    fn cell(&mut self, column: &str) -> Result<Option<&'a str>, Reported> {
        let (field, next_column) = self.layout.field(column, self.next_column);
        self.next_column = next_column;
        let Some(field) = field else {
            return Ok(None);
        };
        if let Some((_, message)) = self.cell_errors.iter().find(|(f, _)| *f == field) {
            let message = message.clone();
            self.problem(column, message);
            return Err(Reported);
        }
        let Some(bytes) = self.record.get(field) else {
            return Ok(None);
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let text = text.trim();
                Ok(if text.is_empty() { None } else { Some(text) })
            }
            Err(_) => {
                self.problem(
                    column,
                    "the cell is not valid UTF-8 text; save the file as \"CSV UTF-8\"",
                );
                Err(Reported)
            }
        }
    }

    fn check<T, E: Display>(&mut self, column: &str, result: Result<T, E>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.problem(column, error.to_string());
                None
            }
        }
    }

    /// A required cell parsed by `parse`; `None` if a problem was reported.
    pub(crate) fn required<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        match self.cell(column) {
            Ok(Some(text)) => self.check(column, parse(text)),
            Ok(None) => {
                self.problem(column, REQUIRED);
                None
            }
            Err(Reported) => None,
        }
    }

    /// An optional cell parsed by `parse`: `Some(None)` when empty, `None` if a problem
    /// was reported.
    pub(crate) fn optional<T, E: Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        match self.cell(column) {
            Ok(Some(text)) => self.check(column, parse(text)).map(Some),
            Ok(None) => Some(None),
            Err(Reported) => None,
        }
    }

    /// Required free text, outer spaces trimmed.
    pub(crate) fn required_text(&mut self, column: &str) -> Option<String> {
        self.required(column, |text| Ok::<_, Infallible>(text.to_owned()))
    }

    /// Optional free text, outer spaces trimmed.
    pub(crate) fn optional_text(&mut self, column: &str) -> Option<Option<String>> {
        self.optional(column, |text| Ok::<_, Infallible>(text.to_owned()))
    }

    /// A span from a required start date column to an optional end date column; an
    /// end before the start is reported against the end column.
    pub(crate) fn span(&mut self, start: &str, end: &str) -> Option<Span> {
        let start_date = self.required(start, parse_date);
        let end_date = self.optional(end, parse_date);
        let result = Span::new(start_date?, end_date?);
        self.check(end, result)
    }
}

fn is_blank(field: &[u8]) -> bool {
    field.iter().all(u8::is_ascii_whitespace)
}

/// Parses the part of a row after `authority` into a record; `None` if the row has a
/// problem (already reported).
pub(crate) type ParseRow<R> = fn(&mut RowContext<'_>) -> Option<R>;

/// A `teams.csv` row.
pub(crate) fn team(r: &mut RowContext<'_>) -> Option<Team> {
    let id = r.required("team_id", TeamId::parse);
    let name = r.required_text("name");
    let service = r.required("service", Service::parse);
    let locality = r.optional_text("locality");
    Some(Team {
        id: id?,
        name: name?,
        service: service?,
        locality: locality?,
    })
}

/// A `workers.csv` row.
pub(crate) fn worker(r: &mut RowContext<'_>) -> Option<Worker> {
    let id = r.required("worker_id", WorkerId::parse);
    let given_name = r.required_text("given_name");
    let family_name = r.required_text("family_name");
    let swe_number = r.optional("swe_number", SweNumber::parse);
    let gender = r.optional("gender", Gender::parse);
    let date_of_birth = r.optional("date_of_birth", parse_date);
    let ethnicity = r.optional("ethnicity", Ethnicity::parse);
    let qualified_on = r.optional("qualified_on", parse_date);
    let qualification_institution = r.optional_text("qualification_institution");
    let qualification_level = r.optional("qualification_level", QualificationLevel::parse);
    let route = r.optional("route", Route::parse);
    let bsl = r.optional("bsl", parse_bool);
    let languages = r.optional_text("languages");
    Some(Worker {
        id: id?,
        given_name: given_name?,
        family_name: family_name?,
        swe_number: swe_number?,
        gender: gender?,
        date_of_birth: date_of_birth?,
        ethnicity: ethnicity?,
        qualified_on: qualified_on?,
        qualification_institution: qualification_institution?,
        qualification_level: qualification_level?,
        route: route?,
        bsl: bsl?,
        languages: split_languages(languages?.as_deref()),
    })
}

/// The languages of a `;`-separated list, trimmed, empty entries dropped.
pub(crate) fn split_languages(text: Option<&str>) -> Vec<String> {
    text.map(|text| {
        text.split(';')
            .map(str::trim)
            .filter(|language| !language.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

/// An `employments.csv` row.
pub(crate) fn employment(r: &mut RowContext<'_>) -> Option<Employment> {
    let id = r.required("employment_id", EmploymentId::parse);
    let worker_id = r.required("worker_id", WorkerId::parse);
    let span = r.span("start_date", "end_date");
    let start_origin = r.optional("start_origin", StartOrigin::parse);
    let reason = r.optional("leaving_reason", LeavingReason::parse);
    let destination = r.optional("destination", Destination::parse);
    let result = Employment::new(id?, worker_id?, span?, start_origin?, reason?, destination?);
    match result {
        Ok(employment) => Some(employment),
        Err(error) => {
            let column = match error {
                EmploymentError::EndWithoutReason | EmploymentError::ReasonWithoutEnd => {
                    "leaving_reason"
                }
                EmploymentError::DestinationWithoutEnd => "destination",
            };
            r.problem(column, error.to_string());
            None
        }
    }
}

/// An `assignments.csv` row.
pub(crate) fn assignment(r: &mut RowContext<'_>) -> Option<Assignment> {
    let employment_id = r.required("employment_id", EmploymentId::parse);
    let span = r.span("start_date", "end_date");
    let team_id = r.optional("team_id", TeamId::parse);
    let role = r.required("role", Role::parse);
    let contract = r.required("contract", Contract::parse);
    let fte = r.required("fte", Fte::parse);
    Some(Assignment {
        employment_id: employment_id?,
        span: span?,
        team_id: team_id?,
        role: role?,
        contract: contract?,
        fte: fte?,
    })
}

/// A `caseloads.csv` row.
pub(crate) fn caseload(r: &mut RowContext<'_>) -> Option<Caseload> {
    let worker_id = r.required("worker_id", WorkerId::parse);
    let as_of = r.required("as_of", parse_date);
    let cases = r.required("cases", parse_count);
    Some(Caseload {
        worker_id: worker_id?,
        as_of: as_of?,
        cases: cases?,
    })
}

/// A `vacancies.csv` row.
pub(crate) fn vacancy(r: &mut RowContext<'_>) -> Option<Vacancy> {
    let id = r.required("vacancy_id", VacancyId::parse);
    let team_id = r.optional("team_id", TeamId::parse);
    let role = r.required("role", Role::parse);
    let fte = r.required("fte", Fte::parse);
    let open = r.span("opened_on", "closed_on");
    let stage = r.required("stage", VacancyStage::parse);
    let covered_by_agency = r.optional("covered_by_agency", parse_bool);
    Some(Vacancy {
        id: id?,
        team_id: team_id?,
        role: role?,
        fte: fte?,
        open: open?,
        stage: stage?,
        covered_by_agency: covered_by_agency?,
    })
}

/// A `cohorts.csv` row.
pub(crate) fn cohort(r: &mut RowContext<'_>) -> Option<Cohort> {
    let id = r.required("cohort_id", CohortId::parse);
    let name = r.required_text("name");
    let programme = r.required("programme", Programme::parse);
    let start_date = r.required("start_date", parse_date);
    Some(Cohort {
        id: id?,
        name: name?,
        programme: programme?,
        start_date: start_date?,
    })
}

/// An `academy_members.csv` row.
pub(crate) fn academy_member(r: &mut RowContext<'_>) -> Option<AcademyMember> {
    let cohort_id = r.required("cohort_id", CohortId::parse);
    let worker_id = r.required("worker_id", WorkerId::parse);
    let joined_on = r.required("joined_on", parse_date);
    let completed_on = r.optional("completed_on", parse_date);
    let asye_outcome = r.optional("asye_outcome", AsyeOutcome::parse);
    let result = AcademyMember::new(
        cohort_id?,
        worker_id?,
        joined_on?,
        completed_on?,
        asye_outcome?,
    );
    r.check("completed_on", result)
}

/// A `placements.csv` row.
pub(crate) fn placement(r: &mut RowContext<'_>) -> Option<Placement> {
    let id = r.required("placement_id", PlacementId::parse);
    let student_name = r.required_text("student_name");
    let university = r.required_text("university");
    let number = r.required("placement_number", PlacementNumber::parse);
    let team_id = r.optional("team_id", TeamId::parse);
    let span = r.span("start_date", "end_date");
    let outcome = r.optional("outcome", PlacementOutcome::parse);
    let hired_worker_id = r.optional("hired_worker_id", WorkerId::parse);
    Some(Placement {
        id: id?,
        student_name: student_name?,
        university: university?,
        number: number?,
        team_id: team_id?,
        span: span?,
        outcome: outcome?,
        hired_worker_id: hired_worker_id?,
    })
}

/// A `recruitment_events.csv` row.
pub(crate) fn recruitment_event(r: &mut RowContext<'_>) -> Option<RecruitmentEvent> {
    let id = r.required("event_id", EventId::parse);
    let held_on = r.required("held_on", parse_date);
    let location = r.required_text("location");
    let out_of_hours = r.optional("out_of_hours", parse_bool);
    let attendees = r.optional("attendees", parse_count);
    let applications = r.optional("applications", parse_count);
    let offers = r.optional("offers", parse_count);
    let hires = r.optional("hires", parse_count);
    Some(RecruitmentEvent {
        id: id?,
        held_on: held_on?,
        location: location?,
        out_of_hours: out_of_hours?,
        attendees: attendees?,
        applications: applications?,
        offers: offers?,
        hires: hires?,
    })
}

/// An `absences.csv` row.
pub(crate) fn absence(r: &mut RowContext<'_>) -> Option<Absence> {
    let worker_id = r.required("worker_id", WorkerId::parse);
    let start_date = r.required("start_date", parse_date);
    let end_date = r.optional("end_date", parse_date);
    let reason = r.required("reason", AbsenceReason::parse);
    let days = r.required("working_days_lost", WorkingDays::parse);
    let (worker_id, start_date, end_date, reason, days) =
        (worker_id?, start_date?, end_date?, reason?, days?);
    match end_date.filter(|end| *end < start_date) {
        Some(end_date) => {
            r.warning(
                "end_date",
                format!(
                    "end_date {end_date} is before start_date {start_date}; the absence is kept as given \
                     ({days} working days lost): check its dates"
                ),
            );
            Some(Absence::with_reversed_dates(
                worker_id, start_date, end_date, reason, days,
            ))
        }
        None => {
            let span = r.check("end_date", Span::new(start_date, end_date))?;
            let result = Absence::new(worker_id, span, reason, days);
            r.check("working_days_lost", result)
        }
    }
}

/// An `exit_interviews.csv` row.
pub(crate) fn exit_interview(r: &mut RowContext<'_>) -> Option<ExitInterview> {
    let worker_id = r.required("worker_id", WorkerId::parse);
    let held_on = r.required("held_on", parse_date);
    let primary_reason = r.required("primary_reason", ExitReason::parse);
    let would_return = r.optional("would_return", WouldReturn::parse);
    let comments = r.optional_text("comments");
    Some(ExitInterview {
        worker_id: worker_id?,
        held_on: held_on?,
        primary_reason: primary_reason?,
        would_return: would_return?,
        comments: comments?,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use pathway_domain::values::Date;

    /// Parses one row given as (column, cell) pairs, the columns in that order.
    pub(crate) fn parse_cells<R>(
        file: BulkFile,
        parse: ParseRow<R>,
        cells: &[(&str, &str)],
    ) -> (Option<R>, Vec<String>) {
        let (parsed, problems, _warnings) = parse_cells_with_warnings(file, parse, cells);
        (parsed, problems)
    }

    /// Parses one row and returns what it gave, its problems and its warnings.
    pub(crate) fn parse_cells_with_warnings<R>(
        file: BulkFile,
        parse: ParseRow<R>,
        cells: &[(&str, &str)],
    ) -> (Option<R>, Vec<String>, Vec<String>) {
        let mut fields = vec![None; columns(file).len()];
        for (index, (name, _)) in cells.iter().enumerate() {
            let position = crate::columns::position(file, name).expect("a column of the file");
            fields[position] = Some(index);
        }
        let layout = Layout::new(file, fields, cells.len());
        let record = ByteRecord::from(cells.iter().map(|(_, cell)| *cell).collect::<Vec<_>>());
        let mut problems = Problems::new();
        let mut warnings = Vec::new();
        let mut row = RowContext::new(2, &record, &layout, &[], &mut problems, &mut warnings);
        let parsed = parse(&mut row);
        let failed = row.failed();
        assert_eq!(failed, !problems.is_empty());
        let parsed = if failed { None } else { parsed };
        (
            parsed,
            problems.shown().iter().map(ToString::to_string).collect(),
            warnings.iter().map(ToString::to_string).collect(),
        )
    }

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    const EMPLOYMENT: &[(&str, &str)] = &[
        ("employment_id", "E1"),
        ("worker_id", "W1"),
        ("start_date", "2020-01-06"),
        ("end_date", ""),
        ("start_origin", ""),
        ("leaving_reason", ""),
        ("destination", ""),
    ];

    fn with(
        base: &[(&'static str, &'static str)],
        changes: &[(&'static str, &'static str)],
    ) -> Vec<(&'static str, &'static str)> {
        base.iter()
            .map(|(name, cell)| {
                let changed = changes.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
                (*name, changed.unwrap_or(cell))
            })
            .collect()
    }

    #[test]
    fn a_complete_team_row_becomes_a_team() {
        let (team, problems) = parse_cells(
            BulkFile::Teams,
            super::team,
            &[
                ("team_id", " T01 "),
                ("name", "Assessment East"),
                ("service", "Children"),
                ("locality", ""),
            ],
        );
        assert_eq!(problems, Vec::<String>::new());
        let team = team.unwrap();
        assert_eq!(team.id.as_str(), "T01");
        assert_eq!(team.service, Service::Children);
        assert_eq!(team.locality, None);
    }

    #[test]
    fn an_empty_required_cell_is_a_problem_in_its_column() {
        let (team, problems) = parse_cells(
            BulkFile::Teams,
            super::team,
            &[("team_id", "T01"), ("name", "   "), ("service", "children")],
        );
        assert!(team.is_none());
        assert_eq!(problems, ["teams.csv:2:name: a value is required"]);
    }

    #[test]
    fn a_required_column_left_out_of_the_layout_reads_as_empty() {
        let (_, problems) = parse_cells(
            BulkFile::Teams,
            super::team,
            &[("team_id", "T01"), ("name", "A")],
        );
        assert_eq!(problems, ["teams.csv:2:service: a value is required"]);
    }

    #[test]
    fn a_bad_date_names_the_column_and_what_was_found() {
        let row = with(EMPLOYMENT, &[("start_date", "06/01/2020")]);
        let (employment, problems) = parse_cells(BulkFile::Employments, super::employment, &row);
        assert!(employment.is_none());
        assert_eq!(
            problems,
            [
                "employments.csv:2:start_date: expected a date written YYYY-MM-DD, found \"06/01/2020\""
            ]
        );
    }

    #[test]
    fn an_unknown_code_lists_the_accepted_codes() {
        let (_, problems) = parse_cells(
            BulkFile::Teams,
            super::team,
            &[("team_id", "T01"), ("name", "A"), ("service", "health")],
        );
        assert_eq!(
            problems,
            ["teams.csv:2:service: expected one of children, adults, other, found \"health\""]
        );
    }

    #[test]
    fn several_bad_cells_in_a_row_give_several_problems() {
        let (_, problems) = parse_cells(
            BulkFile::Assignments,
            super::assignment,
            &[
                ("employment_id", "E1"),
                ("start_date", "2020-01-01"),
                ("role", "boss"),
                ("contract", ""),
                ("fte", "1.5"),
            ],
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("assignments.csv:2:role: expected one of asye"));
        assert_eq!(
            problems[1],
            "assignments.csv:2:contract: a value is required"
        );
        assert_eq!(
            problems[2],
            "assignments.csv:2:fte: FTE must be more than 0 and at most 1, found 1.5"
        );
    }

    #[test]
    fn fte_out_of_range_is_a_problem() {
        for fte in ["0", "-0.5", "1.01"] {
            let (assignment, problems) = parse_cells(
                BulkFile::Assignments,
                super::assignment,
                &[
                    ("employment_id", "E1"),
                    ("start_date", "2020-01-01"),
                    ("role", "asye"),
                    ("contract", "permanent"),
                    ("fte", fte),
                ],
            );
            assert!(assignment.is_none());
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0].starts_with("assignments.csv:2:fte: FTE must be more than 0"),
                "{problems:?}"
            );
        }
    }

    #[test]
    fn a_bad_swe_number_is_a_problem() {
        let (worker, problems) = parse_cells(
            BulkFile::Workers,
            super::worker,
            &[
                ("worker_id", "W1"),
                ("given_name", "Ann"),
                ("family_name", "Lee"),
                ("swe_number", "SW0123"),
            ],
        );
        assert!(worker.is_none());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .starts_with("workers.csv:2:swe_number: expected a Social Work England number")
        );
    }

    #[test]
    fn a_full_worker_row_keeps_every_value() {
        let (worker, problems) = parse_cells(
            BulkFile::Workers,
            super::worker,
            &[
                ("worker_id", "W1"),
                ("given_name", " Siân "),
                ("family_name", "O'Brien-Ó Súilleabháin"),
                ("swe_number", "sw123"),
                ("gender", "FEMALE"),
                ("date_of_birth", "1980-02-29"),
                ("ethnicity", "wbri"),
                ("qualified_on", "2004-07-01"),
                (
                    "qualification_institution",
                    "University of York, Heslington",
                ),
                ("qualification_level", "postgraduate"),
                ("route", "step_up"),
                ("bsl", "Yes"),
                ("languages", " english ; Welsh;; "),
            ],
        );
        assert_eq!(problems, Vec::<String>::new());
        let worker = worker.unwrap();
        assert_eq!(worker.given_name, "Siân");
        assert_eq!(worker.family_name, "O'Brien-Ó Súilleabháin");
        assert_eq!(worker.swe_number.unwrap().as_str(), "SW123");
        assert_eq!(worker.gender, Some(Gender::Female));
        assert_eq!(worker.date_of_birth, Some(date("1980-02-29")));
        assert_eq!(worker.ethnicity, Some(Ethnicity::Wbri));
        assert_eq!(
            worker.qualification_institution.as_deref(),
            Some("University of York, Heslington")
        );
        assert_eq!(worker.route, Some(Route::StepUp));
        assert_eq!(worker.bsl, Some(true));
        assert_eq!(worker.languages, ["english", "Welsh"]);
    }

    #[test]
    fn an_empty_route_stays_empty() {
        let (worker, _) = parse_cells(
            BulkFile::Workers,
            super::worker,
            &[
                ("worker_id", "W1"),
                ("given_name", "A"),
                ("family_name", "B"),
                ("route", " "),
            ],
        );
        let worker = worker.unwrap();
        assert_eq!(worker.route, None);
        assert!(worker.languages.is_empty());
    }

    #[test]
    fn an_end_date_before_the_start_date_is_reported_on_end_date() {
        let row = with(
            EMPLOYMENT,
            &[
                ("end_date", "2019-12-31"),
                ("leaving_reason", "resignation"),
            ],
        );
        let (_, problems) = parse_cells(BulkFile::Employments, super::employment, &row);
        assert_eq!(
            problems,
            [
                "employments.csv:2:end_date: the end date 2019-12-31 is before the start date 2020-01-06"
            ]
        );
    }

    #[test]
    fn a_vacancy_closed_before_it_opened_is_reported_on_closed_on() {
        let (_, problems) = parse_cells(
            BulkFile::Vacancies,
            super::vacancy,
            &[
                ("vacancy_id", "V1"),
                ("role", "social_worker"),
                ("fte", "1"),
                ("opened_on", "2024-02-01"),
                ("closed_on", "2024-01-01"),
                ("stage", "filled"),
            ],
        );
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("vacancies.csv:2:closed_on: the end date"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_end_date_without_a_leaving_reason_is_reported_on_leaving_reason() {
        let row = with(EMPLOYMENT, &[("end_date", "2021-01-01")]);
        let (_, problems) = parse_cells(BulkFile::Employments, super::employment, &row);
        assert_eq!(
            problems,
            ["employments.csv:2:leaving_reason: leaving_reason is required when end_date is set"]
        );
    }

    #[test]
    fn a_leaving_reason_without_an_end_date_is_reported_on_leaving_reason() {
        let row = with(EMPLOYMENT, &[("leaving_reason", "retired")]);
        let (_, problems) = parse_cells(BulkFile::Employments, super::employment, &row);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with(
            "employments.csv:2:leaving_reason: leaving_reason is given but end_date is empty"
        ));
    }

    #[test]
    fn a_destination_without_an_end_date_is_reported_on_destination() {
        let row = with(EMPLOYMENT, &[("destination", "agency")]);
        let (_, problems) = parse_cells(BulkFile::Employments, super::employment, &row);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with(
            "employments.csv:2:destination: destination is given but end_date is empty"
        ));
    }

    #[test]
    fn a_leaver_keeps_reason_and_destination() {
        let row = with(
            EMPLOYMENT,
            &[
                ("end_date", "2021-01-01"),
                ("leaving_reason", "Resignation"),
                ("destination", "agency"),
                ("start_origin", "newly_qualified"),
            ],
        );
        let (employment, problems) = parse_cells(BulkFile::Employments, super::employment, &row);
        assert!(problems.is_empty(), "{problems:?}");
        let employment = employment.unwrap();
        let leaving = employment.leaving().unwrap();
        assert_eq!(leaving.reason, LeavingReason::Resignation);
        assert_eq!(leaving.destination, Some(Destination::Agency));
        assert_eq!(employment.start_origin(), Some(StartOrigin::NewlyQualified));
        assert_eq!(employment.span().end(), Some(date("2021-01-01")));
    }

    #[test]
    fn a_membership_completed_before_it_was_joined_is_reported_on_completed_on() {
        let (_, problems) = parse_cells(
            BulkFile::AcademyMembers,
            super::academy_member,
            &[
                ("cohort_id", "C1"),
                ("worker_id", "W1"),
                ("joined_on", "2024-03-04"),
                ("completed_on", "2024-03-01"),
            ],
        );
        assert_eq!(
            problems,
            [
                "academy_members.csv:2:completed_on: completed_on 2024-03-01 is before joined_on 2024-03-04"
            ]
        );
    }

    #[test]
    fn an_absence_losing_more_days_than_it_spans_is_reported_on_working_days_lost() {
        let (_, problems) = parse_cells(
            BulkFile::Absences,
            super::absence,
            &[
                ("worker_id", "W1"),
                ("start_date", "2024-01-01"),
                ("end_date", "2024-01-02"),
                ("reason", "sic"),
                ("working_days_lost", "3"),
            ],
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].starts_with(
            "absences.csv:2:working_days_lost: working_days_lost 3 is more than the 2 days"
        ));
    }

    #[test]
    fn an_absence_ending_before_it_starts_is_kept_as_given_with_a_warning() {
        let (absence, problems, warnings) = parse_cells_with_warnings(
            BulkFile::Absences,
            super::absence,
            &[
                ("worker_id", "W1"),
                ("start_date", "2023-01-02"),
                ("end_date", "2022-12-31"),
                ("reason", "sic"),
                ("working_days_lost", "0.5"),
            ],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let absence = absence.expect("the absence is kept");
        assert_eq!(absence.start_date(), date("2023-01-02"));
        assert_eq!(absence.end_date(), Some(date("2022-12-31")));
        assert_eq!(absence.span(), None);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].starts_with(
                "absences.csv:2:end_date: end_date 2022-12-31 is before start_date 2023-01-02"
            ),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn caseload_counts_must_be_whole_numbers() {
        let (caseload, problems) = parse_cells(
            BulkFile::Caseloads,
            super::caseload,
            &[
                ("worker_id", "W1"),
                ("as_of", "2024-01-31"),
                ("cases", "12.5"),
            ],
        );
        assert!(caseload.is_none());
        assert_eq!(
            problems,
            ["caseloads.csv:2:cases: expected a whole number of 0 or more, found \"12.5\""]
        );
        let (caseload, _) = parse_cells(
            BulkFile::Caseloads,
            super::caseload,
            &[
                ("worker_id", "W1"),
                ("as_of", "2024-01-31"),
                ("cases", "12"),
            ],
        );
        assert_eq!(caseload.unwrap().cases, 12);
    }

    #[test]
    fn placements_events_cohorts_and_exit_interviews_parse() {
        let (placement, problems) = parse_cells(
            BulkFile::Placements,
            super::placement,
            &[
                ("placement_id", "P1"),
                ("student_name", "Zoë Ng"),
                ("university", "Goldsmiths, University of London"),
                ("placement_number", "2"),
                ("team_id", ""),
                ("start_date", "2024-01-08"),
                ("end_date", "2024-04-26"),
                ("outcome", "accepted"),
                ("hired_worker_id", "W9"),
            ],
        );
        assert!(problems.is_empty(), "{problems:?}");
        let placement = placement.unwrap();
        assert_eq!(placement.number, PlacementNumber::Final);
        assert_eq!(placement.hired_worker_id.unwrap().as_str(), "W9");

        let (event, problems) = parse_cells(
            BulkFile::RecruitmentEvents,
            super::recruitment_event,
            &[
                ("event_id", "R1"),
                ("held_on", "2024-05-01"),
                ("location", "Civic Centre"),
                ("out_of_hours", "n"),
                ("hires", "2"),
                ("offers", "-1"),
            ],
        );
        assert!(event.is_none());
        assert_eq!(
            problems,
            ["recruitment_events.csv:2:offers: expected a whole number of 0 or more, found \"-1\""]
        );

        let (cohort, problems) = parse_cells(
            BulkFile::Cohorts,
            super::cohort,
            &[
                ("cohort_id", "C1"),
                ("name", "March 2024"),
                ("programme", "FULL"),
                ("start_date", "2024-03-04"),
            ],
        );
        assert!(problems.is_empty());
        assert_eq!(cohort.unwrap().programme, Programme::Full);

        let (interview, problems) = parse_cells(
            BulkFile::ExitInterviews,
            super::exit_interview,
            &[
                ("worker_id", "W1"),
                ("held_on", "2024-05-01"),
                ("primary_reason", "pay"),
                ("would_return", "maybe"),
                ("comments", "  Too far,\n\"really\"  "),
            ],
        );
        assert!(problems.is_empty());
        assert_eq!(
            interview.unwrap().comments.as_deref(),
            Some("Too far,\n\"really\"")
        );
    }

    #[test]
    fn a_bad_boolean_is_a_problem() {
        let (_, problems) = parse_cells(
            BulkFile::Vacancies,
            super::vacancy,
            &[
                ("vacancy_id", "V1"),
                ("role", "social_worker"),
                ("fte", "0.5"),
                ("opened_on", "2024-02-01"),
                ("stage", "advertised"),
                ("covered_by_agency", "sometimes"),
            ],
        );
        assert_eq!(
            problems,
            [
                "vacancies.csv:2:covered_by_agency: expected true/false, yes/no, y/n or 1/0, found \"sometimes\""
            ]
        );
    }

    #[test]
    fn cells_can_be_read_in_any_column_order() {
        let layout = Layout::new(
            BulkFile::Teams,
            vec![Some(4), Some(3), Some(2), Some(1), Some(0)],
            5,
        );
        let record = ByteRecord::from(vec!["East", "other", "Name", "T1", "888"]);
        let mut problems = Problems::new();
        let mut warnings = Vec::new();
        let mut row = RowContext::new(2, &record, &layout, &[], &mut problems, &mut warnings);
        assert_eq!(row.required_text("locality").as_deref(), Some("East"));
        assert_eq!(row.required_text("team_id").as_deref(), Some("T1"));
        assert_eq!(row.required_text("authority").as_deref(), Some("888"));
        assert_eq!(row.required_text("service").as_deref(), Some("other"));
        assert_eq!(row.required_text("name").as_deref(), Some("Name"));
        assert!(!row.failed());
    }

    #[test]
    fn invalid_utf8_is_a_problem_in_its_cell() {
        let layout = Layout::new(
            BulkFile::Teams,
            vec![None, Some(0), Some(1), Some(2), None],
            3,
        );
        let record = ByteRecord::from(vec![&b"T1"[..], &b"Caf\xe9"[..], &b"children"[..]]);
        let mut problems = Problems::new();
        let mut warnings = Vec::new();
        let mut row = RowContext::new(5, &record, &layout, &[], &mut problems, &mut warnings);
        assert!(super::team(&mut row).is_none());
        assert_eq!(
            problems.shown()[0].to_string(),
            "teams.csv:5:name: the cell is not valid UTF-8 text; save the file as \"CSV UTF-8\""
        );
    }

    #[test]
    fn cells_the_source_could_not_read_are_problems_in_their_column() {
        let layout = Layout::new(
            BulkFile::Teams,
            vec![None, Some(0), Some(1), Some(2), None],
            3,
        );
        let record = ByteRecord::from(vec!["T1", "", "children"]);
        let errors = [(1, "the cell holds the spreadsheet error #N/A".to_owned())];
        let mut problems = Problems::new();
        let mut warnings = Vec::new();
        let mut row = RowContext::new(3, &record, &layout, &errors, &mut problems, &mut warnings);
        assert!(super::team(&mut row).is_none());
        assert_eq!(problems.total(), 1);
        assert_eq!(
            problems.shown()[0].to_string(),
            "teams.csv:3:name: the cell holds the spreadsheet error #N/A"
        );
    }

    #[test]
    fn cells_beyond_the_header_are_a_problem_unless_blank() {
        let layout = Layout::new(
            BulkFile::Teams,
            vec![None, Some(0), Some(1), Some(2), None],
            3,
        );
        let mut problems = Problems::new();
        let blank = ByteRecord::from(vec!["T1", "A", "children", "", " "]);
        let mut warnings = Vec::new();
        let mut row = RowContext::new(2, &blank, &layout, &[], &mut problems, &mut warnings);
        row.check_extra_fields();
        assert!(!row.failed());
        let extra = ByteRecord::from(vec!["T1", "A", "children", "oops"]);
        let mut warnings = Vec::new();
        let mut row = RowContext::new(3, &extra, &layout, &[], &mut problems, &mut warnings);
        row.check_extra_fields();
        assert!(row.failed());
        let problem = &problems.shown()[0];
        assert_eq!((problem.row, problem.column.as_deref()), (Some(3), None));
        assert!(
            problem
                .message
                .contains("has 4 cells but the header has only 3 columns"),
            "{}",
            problem.message
        );
    }
}
