//! Records → cells, in the spec's column order, whatever the container.

use pathway_domain::values::Date;
use pathway_domain::{BulkFile, Workforce};

/// Where the cells of exported rows go: a CSV writer or a worksheet.
pub(crate) trait RowSink {
    /// Why a row could not be written.
    type Error;
    /// A text cell (IDs, codes and free text).
    fn text(&mut self, text: &str);
    /// A date, written `YYYY-MM-DD`.
    fn date(&mut self, date: Date);
    /// A decimal number (FTE, working days lost).
    fn decimal(&mut self, value: f64);
    /// A whole number (cases, counts).
    fn count(&mut self, value: u32);
    /// A boolean, written `true` or `false`.
    fn boolean(&mut self, value: bool);
    /// An empty cell: a value that is not known.
    fn empty(&mut self);
    /// Ends the row.
    fn end_row(&mut self) -> Result<(), Self::Error>;

    /// An optional text cell.
    fn optional_text(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.text(text),
            None => self.empty(),
        }
    }

    /// An optional date cell.
    fn optional_date(&mut self, date: Option<Date>) {
        match date {
            Some(date) => self.date(date),
            None => self.empty(),
        }
    }

    /// An optional whole number cell.
    fn optional_count(&mut self, value: Option<u32>) {
        match value {
            Some(value) => self.count(value),
            None => self.empty(),
        }
    }

    /// An optional boolean cell.
    fn optional_boolean(&mut self, value: Option<bool>) {
        match value {
            Some(value) => self.boolean(value),
            None => self.empty(),
        }
    }
}

/// Writes one row per record of `file`'s table in `workforce`, `authority` first.
pub(crate) fn write_rows<S: RowSink>(
    file: BulkFile,
    workforce: &Workforce,
    sink: &mut S,
) -> Result<(), S::Error> {
    let authority = workforce.council.to_string();
    let authority = authority.as_str();
    match file {
        BulkFile::Teams => {
            for team in &workforce.teams {
                sink.text(authority);
                sink.text(team.id.as_str());
                sink.text(&team.name);
                sink.text(team.service.as_str());
                sink.optional_text(team.locality.as_deref());
                sink.end_row()?;
            }
        }
        BulkFile::Workers => {
            let mut languages = String::new();
            for worker in &workforce.workers {
                sink.text(authority);
                sink.text(worker.id.as_str());
                sink.text(&worker.given_name);
                sink.text(&worker.family_name);
                sink.optional_text(worker.swe_number.as_ref().map(|number| number.as_str()));
                sink.optional_text(worker.gender.map(|gender| gender.as_str()));
                sink.optional_date(worker.date_of_birth);
                sink.optional_text(worker.ethnicity.map(|ethnicity| ethnicity.as_str()));
                sink.optional_date(worker.qualified_on);
                sink.optional_text(worker.qualification_institution.as_deref());
                sink.optional_text(worker.qualification_level.map(|level| level.as_str()));
                sink.optional_text(worker.route.map(|route| route.as_str()));
                sink.optional_boolean(worker.bsl);
                languages.clear();
                for (i, language) in worker.languages.iter().enumerate() {
                    if i > 0 {
                        languages.push(';');
                    }
                    languages.push_str(language);
                }
                sink.optional_text((!languages.is_empty()).then_some(languages.as_str()));
                sink.end_row()?;
            }
        }
        BulkFile::Employments => {
            for employment in &workforce.employments {
                let leaving = employment.leaving();
                sink.text(authority);
                sink.text(employment.id().as_str());
                sink.text(employment.worker_id().as_str());
                sink.date(employment.span().start());
                sink.optional_date(employment.span().end());
                sink.optional_text(employment.start_origin().map(|origin| origin.as_str()));
                sink.optional_text(leaving.map(|leaving| leaving.reason.as_str()));
                sink.optional_text(
                    leaving
                        .and_then(|leaving| leaving.destination)
                        .map(|d| d.as_str()),
                );
                sink.end_row()?;
            }
        }
        BulkFile::Assignments => {
            for assignment in &workforce.assignments {
                sink.text(authority);
                sink.text(assignment.employment_id.as_str());
                sink.date(assignment.span.start());
                sink.optional_date(assignment.span.end());
                sink.optional_text(assignment.team_id.as_ref().map(|team| team.as_str()));
                sink.text(assignment.role.as_str());
                sink.text(assignment.contract.as_str());
                sink.decimal(assignment.fte.value());
                sink.end_row()?;
            }
        }
        BulkFile::Caseloads => {
            for caseload in &workforce.caseloads {
                sink.text(authority);
                sink.text(caseload.worker_id.as_str());
                sink.date(caseload.as_of);
                sink.count(caseload.cases);
                sink.end_row()?;
            }
        }
        BulkFile::Vacancies => {
            for vacancy in &workforce.vacancies {
                sink.text(authority);
                sink.text(vacancy.id.as_str());
                sink.optional_text(vacancy.team_id.as_ref().map(|team| team.as_str()));
                sink.text(vacancy.role.as_str());
                sink.decimal(vacancy.fte.value());
                sink.date(vacancy.open.start());
                sink.optional_date(vacancy.open.end());
                sink.text(vacancy.stage.as_str());
                sink.optional_boolean(vacancy.covered_by_agency);
                sink.end_row()?;
            }
        }
        BulkFile::Cohorts => {
            for cohort in &workforce.cohorts {
                sink.text(authority);
                sink.text(cohort.id.as_str());
                sink.text(&cohort.name);
                sink.text(cohort.programme.as_str());
                sink.date(cohort.start_date);
                sink.end_row()?;
            }
        }
        BulkFile::AcademyMembers => {
            for member in &workforce.academy_members {
                sink.text(authority);
                sink.text(member.cohort_id().as_str());
                sink.text(member.worker_id().as_str());
                sink.date(member.joined_on());
                sink.optional_date(member.completed_on());
                sink.optional_text(member.asye_outcome().map(|outcome| outcome.as_str()));
                sink.end_row()?;
            }
        }
        BulkFile::Placements => {
            for placement in &workforce.placements {
                sink.text(authority);
                sink.text(placement.id.as_str());
                sink.text(&placement.student_name);
                sink.text(&placement.university);
                sink.text(placement.number.as_str());
                sink.optional_text(placement.team_id.as_ref().map(|team| team.as_str()));
                sink.date(placement.span.start());
                sink.optional_date(placement.span.end());
                sink.optional_text(placement.outcome.map(|outcome| outcome.as_str()));
                sink.optional_text(placement.hired_worker_id.as_ref().map(|id| id.as_str()));
                sink.end_row()?;
            }
        }
        BulkFile::RecruitmentEvents => {
            for event in &workforce.recruitment_events {
                sink.text(authority);
                sink.text(event.id.as_str());
                sink.date(event.held_on);
                sink.text(&event.location);
                sink.optional_boolean(event.out_of_hours);
                sink.optional_count(event.attendees);
                sink.optional_count(event.applications);
                sink.optional_count(event.offers);
                sink.optional_count(event.hires);
                sink.end_row()?;
            }
        }
        BulkFile::Absences => {
            for absence in &workforce.absences {
                sink.text(authority);
                sink.text(absence.worker_id().as_str());
                sink.date(absence.start_date());
                sink.optional_date(absence.end_date());
                sink.text(absence.reason().as_str());
                sink.decimal(absence.working_days_lost().value());
                sink.end_row()?;
            }
        }
        BulkFile::ExitInterviews => {
            for interview in &workforce.exit_interviews {
                sink.text(authority);
                sink.text(interview.worker_id.as_str());
                sink.date(interview.held_on);
                sink.text(interview.primary_reason.as_str());
                sink.optional_text(interview.would_return.map(|answer| answer.as_str()));
                sink.optional_text(interview.comments.as_deref());
                sink.end_row()?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use std::convert::Infallible;

    use super::*;
    use crate::columns::columns;

    /// Collects rows as strings, to check what is written where.
    #[derive(Default)]
    pub(crate) struct Rows {
        pub(crate) rows: Vec<Vec<String>>,
        current: Vec<String>,
    }

    impl RowSink for Rows {
        type Error = Infallible;
        fn text(&mut self, text: &str) {
            self.current.push(text.to_owned());
        }
        fn date(&mut self, date: Date) {
            self.current.push(date.to_string());
        }
        fn decimal(&mut self, value: f64) {
            self.current.push(format!("{value}"));
        }
        fn count(&mut self, value: u32) {
            self.current.push(value.to_string());
        }
        fn boolean(&mut self, value: bool) {
            self.current.push(value.to_string());
        }
        fn empty(&mut self) {
            self.current.push(String::new());
        }
        fn end_row(&mut self) -> Result<(), Infallible> {
            self.rows.push(std::mem::take(&mut self.current));
            Ok(())
        }
    }

    /// A workforce with one record in every table, every optional value set.
    pub(crate) fn full_workforce() -> Workforce {
        use pathway_domain::CouncilCode;
        use pathway_domain::codes::*;
        use pathway_domain::ids::*;
        use pathway_domain::records::*;
        use pathway_domain::values::*;
        let date = |text: &str| parse_date(text).unwrap();
        let span = |start: &str, end: Option<&str>| Span::new(date(start), end.map(date)).unwrap();
        let worker = || WorkerId::parse("00123").unwrap();
        let team = || Some(TeamId::parse("T1").unwrap());
        let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
        workforce.teams.push(Team {
            id: TeamId::parse("T1").unwrap(),
            name: "Assessment, \"East\"".into(),
            service: Service::Children,
            locality: Some("East Lancashire".into()),
        });
        workforce.workers.push(Worker {
            id: worker(),
            given_name: "Siân".into(),
            family_name: "Ó Súilleabháin".into(),
            swe_number: Some(SweNumber::parse("SW123").unwrap()),
            gender: Some(Gender::Female),
            date_of_birth: Some(date("1980-02-29")),
            ethnicity: Some(Ethnicity::Mwbc),
            qualified_on: Some(date("2004-07-01")),
            qualification_institution: Some("University of York".into()),
            qualification_level: Some(QualificationLevel::Postgraduate),
            route: Some(Route::StepUp),
            bsl: Some(false),
            languages: vec!["english".into(), "welsh".into()],
        });
        workforce.employments.push(
            Employment::new(
                EmploymentId::parse("E1").unwrap(),
                worker(),
                span("2020-01-06", Some("2023-03-31")),
                Some(StartOrigin::Agency),
                Some(LeavingReason::Resignation),
                Some(Destination::OtherAuthority),
            )
            .unwrap(),
        );
        workforce.assignments.push(Assignment {
            employment_id: EmploymentId::parse("E1").unwrap(),
            span: span("2020-01-06", Some("2023-03-31")),
            team_id: team(),
            role: Role::SeniorSocialWorker,
            contract: Contract::FixedTerm,
            fte: Fte::new(0.81).unwrap(),
        });
        workforce.caseloads.push(Caseload {
            worker_id: worker(),
            as_of: date("2021-01-31"),
            cases: 17,
        });
        workforce.vacancies.push(Vacancy {
            id: VacancyId::parse("V1").unwrap(),
            team_id: team(),
            role: Role::TeamManager,
            fte: Fte::FULL,
            open: span("2023-04-01", Some("2023-09-30")),
            stage: VacancyStage::Filled,
            covered_by_agency: Some(true),
        });
        workforce.cohorts.push(Cohort {
            id: CohortId::parse("C1").unwrap(),
            name: "March 2020 ASYE academy".into(),
            programme: Programme::Full,
            start_date: date("2020-03-02"),
        });
        workforce.academy_members.push(
            AcademyMember::new(
                CohortId::parse("C1").unwrap(),
                worker(),
                date("2020-03-02"),
                Some(date("2021-03-01")),
                Some(AsyeOutcome::Pass),
            )
            .unwrap(),
        );
        workforce.placements.push(Placement {
            id: PlacementId::parse("P1").unwrap(),
            student_name: "Zoë Ng".into(),
            university: "Goldsmiths, University of London".into(),
            number: PlacementNumber::Final,
            team_id: team(),
            span: span("2019-09-02", Some("2019-12-20")),
            outcome: Some(PlacementOutcome::Accepted),
            hired_worker_id: Some(worker()),
        });
        workforce.recruitment_events.push(RecruitmentEvent {
            id: EventId::parse("R1").unwrap(),
            held_on: date("2022-05-01"),
            location: "Civic Centre".into(),
            out_of_hours: Some(true),
            attendees: Some(30),
            applications: Some(7),
            offers: Some(2),
            hires: Some(1),
        });
        workforce.absences.push(
            Absence::new(
                worker(),
                span("2022-01-10", Some("2022-01-14")),
                AbsenceReason::Sickness,
                WorkingDays::new(3.5).unwrap(),
            )
            .unwrap(),
        );
        workforce.exit_interviews.push(ExitInterview {
            worker_id: worker(),
            held_on: date("2023-03-20"),
            primary_reason: ExitReason::Caseload,
            would_return: Some(WouldReturn::Maybe),
            comments: Some("Too many cases,\nnot enough \"support\"".into()),
        });
        workforce
    }

    #[test]
    fn every_row_has_one_cell_per_column_authority_first() {
        let workforce = full_workforce();
        for file in BulkFile::ALL {
            let mut rows = Rows::default();
            write_rows(file, &workforce, &mut rows).unwrap();
            assert_eq!(rows.rows.len(), 1, "{file}");
            assert_eq!(rows.rows[0].len(), columns(file).len(), "{file}");
            assert_eq!(rows.rows[0][0], "888");
        }
    }

    #[test]
    fn values_are_written_in_the_spec_spellings() {
        let workforce = full_workforce();
        let mut rows = Rows::default();
        write_rows(BulkFile::Workers, &workforce, &mut rows).unwrap();
        assert_eq!(
            rows.rows[0],
            [
                "888",
                "00123",
                "Siân",
                "Ó Súilleabháin",
                "SW123",
                "female",
                "1980-02-29",
                "MWBC",
                "2004-07-01",
                "University of York",
                "postgraduate",
                "step_up",
                "false",
                "english;welsh"
            ]
        );
        let mut rows = Rows::default();
        write_rows(BulkFile::Employments, &workforce, &mut rows).unwrap();
        assert_eq!(
            rows.rows[0],
            [
                "888",
                "E1",
                "00123",
                "2020-01-06",
                "2023-03-31",
                "agency",
                "resignation",
                "other_authority"
            ]
        );
    }
}
