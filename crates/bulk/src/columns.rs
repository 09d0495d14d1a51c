//! The columns of each file of the bulk format, in the spec's order.

use pathway_domain::BulkFile;

/// One column of a file of the bulk format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column's name as the spec writes it (lower case).
    pub name: &'static str,
    /// Whether the column must be present in the header.
    pub required: bool,
}

const fn required(name: &'static str) -> Column {
    Column {
        name,
        required: true,
    }
}

const fn optional(name: &'static str) -> Column {
    Column {
        name,
        required: false,
    }
}

const TEAMS: &[Column] = &[
    required("authority"),
    required("team_id"),
    required("name"),
    required("service"),
    optional("locality"),
];

const WORKERS: &[Column] = &[
    required("authority"),
    required("worker_id"),
    required("given_name"),
    required("family_name"),
    optional("swe_number"),
    optional("gender"),
    optional("date_of_birth"),
    optional("ethnicity"),
    optional("qualified_on"),
    optional("qualification_institution"),
    optional("qualification_level"),
    optional("route"),
    optional("bsl"),
    optional("languages"),
];

const EMPLOYMENTS: &[Column] = &[
    required("authority"),
    required("employment_id"),
    required("worker_id"),
    required("start_date"),
    optional("end_date"),
    optional("start_origin"),
    optional("leaving_reason"),
    optional("destination"),
];

const ASSIGNMENTS: &[Column] = &[
    required("authority"),
    required("employment_id"),
    required("start_date"),
    optional("end_date"),
    optional("team_id"),
    required("role"),
    required("contract"),
    required("fte"),
];

const CASELOADS: &[Column] = &[
    required("authority"),
    required("worker_id"),
    required("as_of"),
    required("cases"),
];

const VACANCIES: &[Column] = &[
    required("authority"),
    required("vacancy_id"),
    optional("team_id"),
    required("role"),
    required("fte"),
    required("opened_on"),
    optional("closed_on"),
    required("stage"),
    optional("covered_by_agency"),
];

const COHORTS: &[Column] = &[
    required("authority"),
    required("cohort_id"),
    required("name"),
    required("programme"),
    required("start_date"),
];

const ACADEMY_MEMBERS: &[Column] = &[
    required("authority"),
    required("cohort_id"),
    required("worker_id"),
    required("joined_on"),
    optional("completed_on"),
    optional("asye_outcome"),
];

const PLACEMENTS: &[Column] = &[
    required("authority"),
    required("placement_id"),
    required("student_name"),
    required("university"),
    required("placement_number"),
    optional("team_id"),
    required("start_date"),
    optional("end_date"),
    optional("outcome"),
    optional("hired_worker_id"),
];

const RECRUITMENT_EVENTS: &[Column] = &[
    required("authority"),
    required("event_id"),
    required("held_on"),
    required("location"),
    optional("out_of_hours"),
    optional("attendees"),
    optional("applications"),
    optional("offers"),
    optional("hires"),
];

const ABSENCES: &[Column] = &[
    required("authority"),
    required("worker_id"),
    required("start_date"),
    optional("end_date"),
    required("reason"),
    required("working_days_lost"),
];

const EXIT_INTERVIEWS: &[Column] = &[
    required("authority"),
    required("worker_id"),
    required("held_on"),
    required("primary_reason"),
    optional("would_return"),
    optional("comments"),
];

/// The columns of `file`, in the order the spec lists them and exports write them.
/// `authority` is always first.
pub const fn columns(file: BulkFile) -> &'static [Column] {
    match file {
        BulkFile::Teams => TEAMS,
        BulkFile::Workers => WORKERS,
        BulkFile::Employments => EMPLOYMENTS,
        BulkFile::Assignments => ASSIGNMENTS,
        BulkFile::Caseloads => CASELOADS,
        BulkFile::Vacancies => VACANCIES,
        BulkFile::Cohorts => COHORTS,
        BulkFile::AcademyMembers => ACADEMY_MEMBERS,
        BulkFile::Placements => PLACEMENTS,
        BulkFile::RecruitmentEvents => RECRUITMENT_EVENTS,
        BulkFile::Absences => ABSENCES,
        BulkFile::ExitInterviews => EXIT_INTERVIEWS,
    }
}

/// The position of the column called `name` in [`columns`]`(file)`.
#[cfg(test)]
pub(crate) fn position(file: BulkFile, name: &str) -> Option<usize> {
    columns(file).iter().position(|column| column.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_starts_with_a_required_authority_column() {
        for file in BulkFile::ALL {
            assert_eq!(columns(file)[0], required("authority"), "{file}");
        }
    }

    #[test]
    fn column_names_are_unique_lower_case_snake_case() {
        for file in BulkFile::ALL {
            let names: Vec<&str> = columns(file).iter().map(|c| c.name).collect();
            for (i, name) in names.iter().enumerate() {
                assert!(
                    name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{name}"
                );
                assert!(!names[..i].contains(name), "{file} repeats {name}");
            }
        }
    }

    #[test]
    fn record_key_columns_are_required_columns() {
        use pathway_domain::records::{Absence, AcademyMember, Assignment, Caseload, Team};
        use pathway_domain::workforce::Record;
        fn keys_required<R: Record>() {
            for key in R::KEY_COLUMNS {
                let column = columns(R::FILE).iter().find(|c| c.name == *key);
                assert!(column.is_some_and(|c| c.required), "{} {key}", R::FILE);
            }
        }
        keys_required::<Team>();
        keys_required::<Assignment>();
        keys_required::<Caseload>();
        keys_required::<AcademyMember>();
        keys_required::<Absence>();
    }

    #[test]
    fn the_spec_column_counts_are_kept() {
        let counts: Vec<usize> = BulkFile::ALL.iter().map(|f| columns(*f).len()).collect();
        assert_eq!(counts, [5, 14, 8, 8, 4, 9, 5, 6, 10, 9, 6, 6]);
    }
}
