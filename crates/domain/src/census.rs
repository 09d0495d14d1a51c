//! The DfE children's social work workforce census return (CSWW): each worker's census
//! items and the council's vacancies on the reference date, mapped from Pathway's
//! records and codes, with the checks a return must pass before it is sent.
//!
//! The census year Y ends on its reference date, 30 September Y; "the year" is the
//! measures' year to that date, (30 September Y−1, 30 September Y]. Figures that also
//! appear on the dashboard (FTE on the day, cases on the day, vacancies, agency, working
//! days lost) are computed with the measures' own functions so the two cannot disagree.
//! The mapping is documented in docs/census.md.

use chrono::{Datelike, Days, NaiveDate};

use crate::codes::{
    AbsenceReason, AsyeOutcome, Destination, Ethnicity, LeavingReason, Route, StartOrigin,
};
use crate::ids::WorkerId;
use crate::measures::calendar::{in_year, year_start};
use crate::measures::index::CouncilIndex;
use crate::measures::{MeasureOptions, census_date_on_or_before, profile, workforce};
use crate::records::Worker;
use crate::values::{Date, Span};
use crate::workforce::Workforce;

/// The census's reference date for census year `year`: 30 September of that year.
pub fn reference_date(year: i32) -> Option<Date> {
    NaiveDate::from_ymd_opt(year, 9, 30)
}

/// The latest census year whose reference date is on or before `today`.
pub fn latest_census_year(today: Date) -> i32 {
    census_date_on_or_before(today).year()
}

/// One item of a worker's census record, in the DfE's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CensusItem {
    /// 1 for an agency worker, 0 for the council's own.
    AgencyWorker,
    /// Social Work England registration number.
    SweNo,
    /// FTE of the latest assignment in the year.
    Fte,
    /// Date of birth.
    PersonBirthDate,
    /// Gender: 1 male, 2 female, 9 not specified, 0 not known.
    GenderCurrent,
    /// The DfE ethnicity code.
    Ethnicity,
    /// Where they qualified.
    QualInst,
    /// 1 undergraduate, 2 postgraduate, 3 other.
    QualLevel,
    /// 1 if they came through Step Up to Social Work.
    StepUpGrad,
    /// The census role, 1 to 6.
    OrgRole,
    /// The start of the employment.
    RoleStartDate,
    /// Where a starter came from, 1 to 9.
    StartOrigin,
    /// The end of the employment, when within the year.
    RoleEndDate,
    /// Where a leaver went, 1 to 8.
    LeaverDestination,
    /// Why a leaver left, 1 to 9.
    ReasonLeave,
    /// FTE on the reference date.
    Fte30,
    /// Cases held on the reference date.
    Cases30,
    /// Sickness working days lost in the year.
    WorkingDaysLost,
    /// 1 if they came through Frontline.
    FrontlineGrad,
    /// 1 if absent on the reference date.
    Absat30Sept,
    /// The reason for an absence on the reference date, in capitals.
    ReasonAbsence,
    /// The ASYE outcome against the child and family KSS (Pathway's codes).
    CfkssStatus,
}

impl CensusItem {
    /// Every item, in the DfE's order: the order of the XML elements.
    pub const ALL: [CensusItem; 22] = [
        Self::AgencyWorker,
        Self::SweNo,
        Self::Fte,
        Self::PersonBirthDate,
        Self::GenderCurrent,
        Self::Ethnicity,
        Self::QualInst,
        Self::QualLevel,
        Self::StepUpGrad,
        Self::OrgRole,
        Self::RoleStartDate,
        Self::StartOrigin,
        Self::RoleEndDate,
        Self::LeaverDestination,
        Self::ReasonLeave,
        Self::Fte30,
        Self::Cases30,
        Self::WorkingDaysLost,
        Self::FrontlineGrad,
        Self::Absat30Sept,
        Self::ReasonAbsence,
        Self::CfkssStatus,
    ];

    /// The DfE's element name.
    pub fn name(self) -> &'static str {
        match self {
            Self::AgencyWorker => "AgencyWorker",
            Self::SweNo => "SWENo",
            Self::Fte => "FTE",
            Self::PersonBirthDate => "PersonBirthDate",
            Self::GenderCurrent => "GenderCurrent",
            Self::Ethnicity => "Ethnicity",
            Self::QualInst => "QualInst",
            Self::QualLevel => "QualLevel",
            Self::StepUpGrad => "StepUpGrad",
            Self::OrgRole => "OrgRole",
            Self::RoleStartDate => "RoleStartDate",
            Self::StartOrigin => "StartOrigin",
            Self::RoleEndDate => "RoleEndDate",
            Self::LeaverDestination => "LeaverDestination",
            Self::ReasonLeave => "ReasonLeave",
            Self::Fte30 => "FTE30",
            Self::Cases30 => "Cases30",
            Self::WorkingDaysLost => "WorkingDaysLost",
            Self::FrontlineGrad => "FrontlineGrad",
            Self::Absat30Sept => "Absat30Sept",
            Self::ReasonAbsence => "ReasonAbsence",
            Self::CfkssStatus => "CFKSSstatus",
        }
    }

    /// The items every record of the council's own (non-agency) workers must have.
    pub const MANDATORY: [CensusItem; 9] = [
        Self::SweNo,
        Self::PersonBirthDate,
        Self::GenderCurrent,
        Self::Ethnicity,
        Self::QualInst,
        Self::QualLevel,
        Self::OrgRole,
        Self::RoleStartDate,
        Self::Fte,
    ];
}

impl std::fmt::Display for CensusItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Pathway's CFKSSstatus code for an ASYE outcome: the ASYE is assessed against the
/// child and family knowledge and skills statement. These codes are Pathway's own:
/// 1 passed, 2 in progress, 3 extended, 4 failed, 0 not applicable (experienced
/// starter).
pub fn cfkss_status(outcome: AsyeOutcome) -> u8 {
    match outcome {
        AsyeOutcome::Pass => 1,
        AsyeOutcome::InProgress => 2,
        AsyeOutcome::Extended => 3,
        AsyeOutcome::Fail => 4,
        AsyeOutcome::NotApplicable => 0,
    }
}

/// The census QualLevel of a qualification level: 1 undergraduate, 2 postgraduate,
/// 3 other.
pub fn qual_level(level: crate::codes::QualificationLevel) -> u8 {
    use crate::codes::QualificationLevel::{Other, Postgraduate, Undergraduate};
    match level {
        Undergraduate => 1,
        Postgraduate => 2,
        Other => 3,
    }
}

/// One worker's census record: the items as the return writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct CensusWorker {
    /// The council's ID for the worker (not sent; for the validation report and links).
    pub worker_id: WorkerId,
    /// Whether the latest assignment in the year is on an agency contract.
    pub agency_worker: bool,
    /// Social Work England number as held.
    pub swe_no: Option<String>,
    /// FTE of the latest assignment in the year.
    pub fte: Option<f64>,
    /// Date of birth.
    pub person_birth_date: Option<Date>,
    /// GenderCurrent code.
    pub gender_current: Option<u8>,
    /// Ethnicity code.
    pub ethnicity: Option<Ethnicity>,
    /// Qualifying institution.
    pub qual_inst: Option<String>,
    /// QualLevel code.
    pub qual_level: Option<u8>,
    /// From the route; none when the route is not known.
    pub step_up_grad: Option<bool>,
    /// OrgRole code of the latest assignment in the year.
    pub org_role: Option<u8>,
    /// The employment's start.
    pub role_start_date: Option<Date>,
    /// Where they came from, as recorded (not known included).
    pub start_origin: Option<StartOrigin>,
    /// The employment's end, when within the year.
    pub role_end_date: Option<Date>,
    /// Where they went, when they left in the year.
    pub leaver_destination: Option<Destination>,
    /// Why they left, when they left in the year.
    pub reason_leave: Option<LeavingReason>,
    /// FTE on the reference date (none when not in post that day).
    pub fte30: Option<f64>,
    /// Cases on the reference date, when known and in post.
    pub cases30: Option<u32>,
    /// Sickness working days lost in the year (the council's own workers only).
    pub working_days_lost: Option<f64>,
    /// From the route; none when the route is not known.
    pub frontline_grad: Option<bool>,
    /// Whether an absence covers the reference date.
    pub absent_at_30_sept: bool,
    /// The reason of the absence covering the reference date.
    pub reason_absence: Option<AbsenceReason>,
    /// Pathway's CFKSSstatus code from the latest ASYE outcome.
    pub cfkss_status: Option<u8>,
}

/// Two decimal places, as the census writes FTE, vacancies and days.
pub fn two_places(value: f64) -> String {
    format!("{value:.2}")
}

fn flag(value: bool) -> String {
    if value { "1" } else { "0" }.to_owned()
}

impl CensusWorker {
    /// The item's text as the return writes it; none when the item is empty (omitted).
    pub fn item(&self, item: CensusItem) -> Option<String> {
        match item {
            CensusItem::AgencyWorker => Some(flag(self.agency_worker)),
            CensusItem::SweNo => self.swe_no.clone(),
            CensusItem::Fte => self.fte.map(two_places),
            CensusItem::PersonBirthDate => self.person_birth_date.map(|d| d.to_string()),
            CensusItem::GenderCurrent => self.gender_current.map(|c| c.to_string()),
            CensusItem::Ethnicity => self.ethnicity.map(|e| e.as_str().to_owned()),
            CensusItem::QualInst => self.qual_inst.clone(),
            CensusItem::QualLevel => self.qual_level.map(|c| c.to_string()),
            CensusItem::StepUpGrad => self.step_up_grad.map(flag),
            CensusItem::OrgRole => self.org_role.map(|c| c.to_string()),
            CensusItem::RoleStartDate => self.role_start_date.map(|d| d.to_string()),
            CensusItem::StartOrigin => self.start_origin.map(|o| o.census_code().to_string()),
            CensusItem::RoleEndDate => self.role_end_date.map(|d| d.to_string()),
            CensusItem::LeaverDestination => {
                self.leaver_destination.map(|d| d.census_code().to_string())
            }
            CensusItem::ReasonLeave => self.reason_leave.map(|r| r.census_code().to_string()),
            CensusItem::Fte30 => self.fte30.map(two_places),
            CensusItem::Cases30 => self.cases30.map(|c| c.to_string()),
            CensusItem::WorkingDaysLost => self.working_days_lost.map(two_places),
            CensusItem::FrontlineGrad => self.frontline_grad.map(flag),
            CensusItem::Absat30Sept => Some(flag(self.absent_at_30_sept)),
            CensusItem::ReasonAbsence => {
                self.reason_absence.map(|r| r.as_str().to_ascii_uppercase())
            }
            CensusItem::CfkssStatus => self.cfkss_status.map(|c| c.to_string()),
        }
    }

    /// Every present item with its text, in the DfE's order.
    pub fn items(&self) -> Vec<(CensusItem, String)> {
        CensusItem::ALL
            .iter()
            .filter_map(|&item| self.item(item).map(|text| (item, text)))
            .collect()
    }
}

/// The council's vacancies and agency use on the reference date.
#[derive(Debug, Clone, PartialEq)]
pub struct LaLevelVacancies {
    /// FTE of vacancies open on the day (the measures' `vacancy_fte`).
    pub number_of_vacancies: f64,
    /// FTE of agency workers in post on the day (the measures' `agency_fte`).
    pub no_agency_fte: f64,
    /// Agency workers in post on the day, counted once each (the profile's agency
    /// headcount).
    pub no_agency_headcount: u64,
}

/// A council's census return for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct CensusReturn {
    /// The census year Y.
    pub year: i32,
    /// 30 September Y.
    pub reference_date: Date,
    /// The council's vacancies and agency use on the day.
    pub vacancies: LaLevelVacancies,
    /// One record per worker with an employment in the year, by worker ID.
    pub workers: Vec<CensusWorker>,
}

impl CensusReturn {
    /// How many of the records are agency workers'.
    pub fn agency_workers(&self) -> usize {
        self.workers.iter().filter(|w| w.agency_worker).count()
    }
}

/// Why a census return cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a census year Pathway can make a return for")]
pub struct CensusYearError(pub i32);

/// Makes a council's census return for census year `year`.
pub fn census_return(workforce: &Workforce, year: i32) -> Result<CensusReturn, CensusYearError> {
    let date = reference_date(year)
        .filter(|_| (1900..=9998).contains(&year))
        .ok_or(CensusYearError(year))?;
    let year_from = year_start(date);
    let first_day = year_from
        .checked_add_days(Days::new(1))
        .ok_or(CensusYearError(year))?;
    let census_year = Span::new(first_day, Some(date)).map_err(|_| CensusYearError(year))?;
    let index = CouncilIndex::new(workforce);

    let figures = workforce::figures(&[&index], &MeasureOptions::at(date), year_from);
    let (_, agency_headcount) = profile::in_post(&index, date);
    let vacancies = LaLevelVacancies {
        number_of_vacancies: figures.vacancy_fte,
        no_agency_fte: figures.agency_fte,
        no_agency_headcount: agency_headcount,
    };

    let cases_on = workforce::cases_on(&workforce.caseloads, date);
    let mut workers: Vec<&Worker> = workforce.workers.iter().collect();
    workers.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    let mut records = Vec::new();
    for worker in workers {
        // The latest employment overlapping the year.
        let Some(&employment_index) = index
            .employments_of(&worker.id)
            .iter()
            .filter(|&&i| workforce.employments[i].span().overlaps(census_year))
            .max_by_key(|&&i| workforce.employments[i].span().start())
        else {
            continue;
        };
        let employment = &workforce.employments[employment_index];
        let assignments = index.assignments_of(employment_index);
        // An employment whose assignments leave a gap over the whole year is still
        // sent, with its last assignment.
        let Some(latest) = assignments
            .iter()
            .filter(|a| a.span.overlaps(census_year))
            .max_by_key(|a| a.span.start())
            .or_else(|| assignments.last())
        else {
            continue;
        };
        let agency_worker = latest.is_agency();
        // As the measures count FTE in post: the children's assignment covering D.
        let fte30 = employment
            .span()
            .covers(date)
            .then(|| {
                assignments
                    .iter()
                    .find(|a| a.children && a.span.covers(date))
                    .map(|a| a.fte)
            })
            .flatten();
        let cases30 = fte30
            .and_then(|_| cases_on.get(&worker.id))
            .map(|&(_, cases)| cases);
        let working_days_lost = (!agency_worker).then(|| {
            workforce
                .absences
                .iter()
                .filter(|absence| {
                    absence.worker_id() == &worker.id
                        && absence.reason() == AbsenceReason::Sickness
                        && in_year(absence.start_date(), year_from, date)
                        && index.held_on(&worker.id, absence.start_date(), |a| {
                            !a.is_agency() && a.children
                        })
                })
                .map(|absence| absence.working_days_lost().value())
                // An empty sum of floats is −0; the census wants 0.00.
                .fold(0.0, |total, days| total + days)
        });
        let absence_on_day = workforce
            .absences
            .iter()
            .filter(|absence| {
                absence.worker_id() == &worker.id
                    && absence.start_date() <= date
                    && absence.end_date().is_none_or(|end| end >= date)
            })
            .max_by_key(|absence| absence.start_date());
        let leaving = employment
            .leaving()
            .filter(|_| employment.span().end().is_some_and(|end| end <= date));
        let route = worker.route.filter(|route| *route != Route::Unknown);
        let asye = workforce
            .academy_members
            .iter()
            .filter(|member| member.worker_id() == &worker.id)
            .filter_map(|member| member.asye_outcome().map(|o| (member.joined_on(), o)))
            .max_by_key(|(joined, _)| *joined)
            .map(|(_, outcome)| cfkss_status(outcome));
        records.push(CensusWorker {
            worker_id: worker.id.clone(),
            agency_worker,
            swe_no: worker.swe_number.as_ref().map(|n| n.as_str().to_owned()),
            fte: Some(latest.fte),
            person_birth_date: worker.date_of_birth,
            gender_current: worker.gender.map(|g| g.census_code()),
            ethnicity: worker.ethnicity,
            qual_inst: worker
                .qualification_institution
                .as_ref()
                .map(|i| i.trim().to_owned())
                .filter(|i| !i.is_empty()),
            qual_level: worker.qualification_level.map(qual_level),
            step_up_grad: route.map(|r| r == Route::StepUp),
            org_role: latest.role.census_org_role(),
            role_start_date: Some(employment.span().start()),
            start_origin: employment.start_origin(),
            role_end_date: leaving.and(employment.span().end()),
            leaver_destination: leaving.and_then(|l| l.destination),
            reason_leave: leaving.map(|l| l.reason),
            fte30,
            cases30,
            working_days_lost,
            frontline_grad: route.map(|r| r == Route::Frontline),
            absent_at_30_sept: absence_on_day.is_some(),
            reason_absence: absence_on_day.map(|a| a.reason()),
            cfkss_status: asye,
        });
    }
    Ok(CensusReturn {
        year,
        reference_date: date,
        vacancies,
        workers: records,
    })
}

/// One thing wrong with a worker's census record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CensusProblem {
    /// The worker.
    pub worker_id: WorkerId,
    /// The item at fault.
    pub item: CensusItem,
    /// What is wrong, in the user's words.
    pub problem: String,
}

impl std::fmt::Display for CensusProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.worker_id, self.item, self.problem)
    }
}

/// Whether a text is `SW` followed by digits only.
fn is_swe_number(text: &str) -> bool {
    text.len() > 2 && text.starts_with("SW") && text[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Every problem that would make a record fail, worker by worker, items in the DfE's
/// order.
///
/// The council's own workers must have every mandatory item; a starter in the year
/// must say where they came from and a leaver why they left and where they went
/// (`not known` counts as missing). Agency workers are sent with what the council
/// holds, so only the values they have are checked (FTE range and SWENo form).
pub fn validate(census: &CensusReturn) -> Vec<CensusProblem> {
    let year_from = year_start(census.reference_date);
    let mut problems = Vec::new();
    for worker in &census.workers {
        let mut add = |item: CensusItem, problem: String| {
            problems.push(CensusProblem {
                worker_id: worker.worker_id.clone(),
                item,
                problem,
            })
        };
        if !worker.agency_worker {
            for item in CensusItem::MANDATORY {
                if worker.item(item).is_none() {
                    add(
                        item,
                        "missing: every record of the council's own workers needs it".into(),
                    );
                }
            }
            if let Some(start) = worker
                .role_start_date
                .filter(|start| in_year(*start, year_from, census.reference_date))
                && worker
                    .start_origin
                    .is_none_or(|origin| origin == StartOrigin::NotKnown)
            {
                add(
                    CensusItem::StartOrigin,
                    format!(
                        "missing: the role started on {start}, in the census year, so where they came from is needed (not known is not enough)"
                    ),
                );
            }
            if let Some(end) = worker.role_end_date {
                if worker
                    .reason_leave
                    .is_none_or(|reason| reason == LeavingReason::NotKnown)
                {
                    add(
                        CensusItem::ReasonLeave,
                        format!(
                            "missing: the role ended on {end}, so why they left is needed (not known is not enough)"
                        ),
                    );
                }
                if worker
                    .leaver_destination
                    .is_none_or(|destination| destination == Destination::NotKnown)
                {
                    add(
                        CensusItem::LeaverDestination,
                        format!(
                            "missing: the role ended on {end}, so where they went is needed (not known is not enough)"
                        ),
                    );
                }
            }
        }
        for (item, value) in [
            (CensusItem::Fte, worker.fte),
            (CensusItem::Fte30, worker.fte30),
        ] {
            if let Some(value) = value.filter(|v| !(0.0..=1.0).contains(v)) {
                add(
                    item,
                    format!(
                        "{} is out of range: it must be from 0 to 1",
                        two_places(value)
                    ),
                );
            }
        }
        if let Some(number) = worker.swe_no.as_deref().filter(|n| !is_swe_number(n)) {
            add(
                CensusItem::SweNo,
                format!("{number:?} is not a Social Work England number: SW followed by digits"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests;
