//! Reads the rows of one file, from whichever source, into records grouped by council.

use std::collections::BTreeMap;

use csv::ByteRecord;
use pathway_domain::records::{
    Absence, AcademyMember, Assignment, Caseload, Cohort, Employment, ExitInterview, Placement,
    RecruitmentEvent, Team, Vacancy, Worker,
};
use pathway_domain::workforce::Record;
use pathway_domain::{BulkFile, CouncilCode, Problems, Workforce};

use crate::read::header;
use crate::rows::{self, ParseRow, RowContext};
use crate::{BulkError, Warning};

/// Where rows come from: a CSV file or a worksheet, already turned into text fields.
pub(crate) trait RowSource {
    /// Reads the header row into `record` (left empty for an empty file) and returns
    /// its spreadsheet row number.
    fn header(&mut self, record: &mut ByteRecord) -> Result<u32, BulkError>;

    /// Reads the next data row into `record`, and into `cell_errors` the fields that
    /// could not be read as text, with why. Returns the row's spreadsheet row number,
    /// or `None` at the end.
    fn next_row(
        &mut self,
        record: &mut ByteRecord,
        cell_errors: &mut Vec<(usize, String)>,
    ) -> Result<Option<u32>, BulkError>;
}

/// One council's records from one file, and the row each came from.
#[derive(Debug)]
pub(crate) struct Partial {
    /// Only the file's table is filled.
    pub(crate) workforce: Workforce,
    /// The spreadsheet row of each record of that table.
    pub(crate) rows: Vec<u32>,
}

/// What one file held.
#[derive(Debug)]
pub(crate) struct FileOutcome {
    /// The file.
    pub(crate) file: BulkFile,
    /// How many data rows it had (blank rows not counted).
    pub(crate) rows: usize,
    /// Its valid records, by council.
    pub(crate) councils: BTreeMap<CouncilCode, Partial>,
    /// Every problem found in it.
    pub(crate) problems: Problems,
    /// Its unknown columns.
    pub(crate) warnings: Vec<Warning>,
}

/// Reads every row of `file` from `source`.
pub(crate) fn read_file(
    file: BulkFile,
    source: &mut dyn RowSource,
) -> Result<FileOutcome, BulkError> {
    match file {
        BulkFile::Teams => read_records::<Team>(source, rows::team),
        BulkFile::Workers => read_records::<Worker>(source, rows::worker),
        BulkFile::Employments => read_records::<Employment>(source, rows::employment),
        BulkFile::Assignments => read_records::<Assignment>(source, rows::assignment),
        BulkFile::Caseloads => read_records::<Caseload>(source, rows::caseload),
        BulkFile::Vacancies => read_records::<Vacancy>(source, rows::vacancy),
        BulkFile::Cohorts => read_records::<Cohort>(source, rows::cohort),
        BulkFile::AcademyMembers => read_records::<AcademyMember>(source, rows::academy_member),
        BulkFile::Placements => read_records::<Placement>(source, rows::placement),
        BulkFile::RecruitmentEvents => {
            read_records::<RecruitmentEvent>(source, rows::recruitment_event)
        }
        BulkFile::Absences => read_records::<Absence>(source, rows::absence),
        BulkFile::ExitInterviews => read_records::<ExitInterview>(source, rows::exit_interview),
    }
}

fn read_records<R: Record>(
    source: &mut dyn RowSource,
    parse: ParseRow<R>,
) -> Result<FileOutcome, BulkError> {
    let file = R::FILE;
    let mut outcome = FileOutcome {
        file,
        rows: 0,
        councils: BTreeMap::new(),
        problems: Problems::new(),
        warnings: Vec::new(),
    };
    let mut record = ByteRecord::new();
    let header_row = source.header(&mut record)?;
    let Some(layout) = header::layout(
        file,
        &record,
        header_row,
        &mut outcome.warnings,
        &mut outcome.problems,
    ) else {
        return Ok(outcome);
    };
    let mut cell_errors = Vec::new();
    while let Some(row) = source.next_row(&mut record, &mut cell_errors)? {
        if cell_errors.is_empty() && is_blank(&record) {
            continue;
        }
        outcome.rows += 1;
        let mut context = RowContext::new(
            row,
            &record,
            &layout,
            &cell_errors,
            &mut outcome.problems,
            &mut outcome.warnings,
        );
        context.check_extra_fields();
        let council = context.required("authority", CouncilCode::parse);
        let parsed = parse(&mut context);
        if context.failed() {
            continue;
        }
        if let (Some(council), Some(parsed)) = (council, parsed) {
            let partial = outcome.councils.entry(council).or_insert_with(|| Partial {
                workforce: Workforce::new(council),
                rows: Vec::new(),
            });
            R::table_mut(&mut partial.workforce).push(parsed);
            partial.rows.push(row);
        }
    }
    Ok(outcome)
}

/// Whether every cell of a row is empty or spaces: such rows are skipped, as a
/// spreadsheet's trailing empty rows are.
fn is_blank(record: &ByteRecord) -> bool {
    record
        .iter()
        .all(|field| field.iter().all(u8::is_ascii_whitespace))
}

/// Moves `file`'s table from `from` to the end of the same table of `to`.
pub(crate) fn move_table(file: BulkFile, to: &mut Workforce, from: &mut Workforce) {
    fn append<R: Record>(to: &mut Workforce, from: &mut Workforce) {
        R::table_mut(to).append(R::table_mut(from));
    }
    match file {
        BulkFile::Teams => append::<Team>(to, from),
        BulkFile::Workers => append::<Worker>(to, from),
        BulkFile::Employments => append::<Employment>(to, from),
        BulkFile::Assignments => append::<Assignment>(to, from),
        BulkFile::Caseloads => append::<Caseload>(to, from),
        BulkFile::Vacancies => append::<Vacancy>(to, from),
        BulkFile::Cohorts => append::<Cohort>(to, from),
        BulkFile::AcademyMembers => append::<AcademyMember>(to, from),
        BulkFile::Placements => append::<Placement>(to, from),
        BulkFile::RecruitmentEvents => append::<RecruitmentEvent>(to, from),
        BulkFile::Absences => append::<Absence>(to, from),
        BulkFile::ExitInterviews => append::<ExitInterview>(to, from),
    }
}
