//! The vacancy pipeline over time: how long a vacancy has been in its stage, how long
//! it took to fill, the spells of its history, the stage it was in on a past date,
//! and the vacancy measures (FTE open month by month, vacancies by stage at a date,
//! median days to fill).
//!
//! A vacancy is open on a day as the measures count it (`docs/measures.md`): opened
//! on or before it and not yet closed (`closed_on` after it), so the FTE series here
//! gives the same figure as the dashboard's vacancy FTE on each month end. The
//! functions take a vacancy's history as [`Recruitment::history_of`] gives it: oldest
//! first.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::codes::{Contract, VacancyStage};
use crate::ids::{EmploymentId, TeamId, VacancyId};
use crate::measures::median;
use crate::records::Vacancy;
use crate::recruitment::{Recruitment, StageChange};
use crate::values::{Date, Span};
use crate::workforce::Workforce;

/// Whether a vacancy is open on `day`: opened on or before it and not closed on or
/// before it (the day it closes it is no longer vacant).
pub fn open_on(vacancy: &Vacancy, day: Date) -> bool {
    vacancy.open.start() <= day && vacancy.open.end().is_none_or(|closed| closed > day)
}

/// The day a vacancy entered its current stage: its latest move; with no move
/// recorded, the day it closed if it is closed (filled or withdrawn: those stages
/// begin at the closing), else the day it opened.
pub fn stage_since(vacancy: &Vacancy, history: &[&StageChange]) -> Date {
    match history.last() {
        Some(change) => change.on,
        None => closed_by_stage(vacancy).unwrap_or_else(|| vacancy.open.start()),
    }
}

/// The day a vacancy closed when its stage is one that closes it (filled,
/// withdrawn): with no history, the only day its stage is known to begin.
fn closed_by_stage(vacancy: &Vacancy) -> Option<Date> {
    matches!(
        vacancy.stage,
        VacancyStage::Filled | VacancyStage::Withdrawn
    )
    .then(|| vacancy.open.end())
    .flatten()
    .filter(|closed| *closed > vacancy.open.start())
}

/// Whole days a vacancy has been in its current stage, as at `today` (never
/// negative: a move dated after today counts as none yet).
pub fn days_in_stage(vacancy: &Vacancy, history: &[&StageChange], today: Date) -> i64 {
    (today - stage_since(vacancy, history)).num_days().max(0)
}

/// The day a filled vacancy was filled: its latest move to `filled`, or the day it
/// closed when it was filled with no move recorded (an imported vacancy). `None` for
/// a vacancy that is not filled now.
pub fn filled_on(vacancy: &Vacancy, history: &[&StageChange]) -> Option<Date> {
    if vacancy.stage != VacancyStage::Filled {
        return None;
    }
    history
        .iter()
        .rev()
        .find(|change| change.stage == VacancyStage::Filled)
        .map(|change| change.on)
        .or_else(|| vacancy.open.end())
}

/// Whole days from a vacancy's opening to its filling, for a filled vacancy.
pub fn days_to_fill(vacancy: &Vacancy, history: &[&StageChange]) -> Option<i64> {
    filled_on(vacancy, history).map(|filled| (filled - vacancy.open.start()).num_days())
}

/// One spell of a vacancy in a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageSpell {
    /// The stage; `None` for the time between opening and the first recorded move
    /// when that move came later (the stage then was not recorded).
    pub stage: Option<VacancyStage>,
    /// The first day in the stage.
    pub from: Date,
    /// The day it moved on, if it has (the next spell's first day).
    pub to: Option<Date>,
    /// Who moved it into the stage, when recorded.
    pub by: Option<String>,
}

impl StageSpell {
    /// Whole days in the stage: to the day it moved on, or else to `today`.
    pub fn days(&self, today: Date) -> i64 {
        (self.to.unwrap_or(today) - self.from).num_days().max(0)
    }
}

/// A vacancy's spells in each stage, oldest first. With no recorded moves, one
/// spell in its current stage since it opened (or, for a vacancy closed by being
/// filled or withdrawn, a spell not recorded until the day it closed).
pub fn timeline(vacancy: &Vacancy, history: &[&StageChange]) -> Vec<StageSpell> {
    let opened = vacancy.open.start();
    let Some(first) = history.first() else {
        // A vacancy closed with no history was in a stage not recorded until it
        // closed.
        let since = stage_since(vacancy, history);
        let before = (since > opened).then_some(StageSpell {
            stage: None,
            from: opened,
            to: Some(since),
            by: None,
        });
        return before
            .into_iter()
            .chain(std::iter::once(StageSpell {
                stage: Some(vacancy.stage),
                from: since,
                to: None,
                by: None,
            }))
            .collect();
    };
    let mut spells = Vec::with_capacity(history.len() + 1);
    if first.on > opened {
        spells.push(StageSpell {
            stage: None,
            from: opened,
            to: Some(first.on),
            by: None,
        });
    }
    for (index, change) in history.iter().enumerate() {
        spells.push(StageSpell {
            stage: Some(change.stage),
            from: change.on,
            to: history.get(index + 1).map(|next| next.on),
            by: Some(change.by.clone()),
        });
    }
    spells
}

/// The stage a vacancy was in on `day`: the latest move on or before it; the
/// current stage when no move is recorded (from the day it closed, for a vacancy
/// filled or withdrawn: it was not filled while it was open); `None` when the stage
/// that day was not recorded.
pub fn stage_at(vacancy: &Vacancy, history: &[&StageChange], day: Date) -> Option<VacancyStage> {
    if history.is_empty() {
        return (day >= stage_since(vacancy, history)).then_some(vacancy.stage);
    }
    history
        .iter()
        .rev()
        .find(|change| change.on <= day)
        .map(|change| change.stage)
}

/// The last day of every month from `from`'s month to `to`'s month, in order.
pub fn month_ends(from: Date, to: Date) -> Vec<Date> {
    let mut ends = Vec::new();
    let (mut year, mut month) = (from.year(), from.month());
    while (year, month) <= (to.year(), to.month()) {
        let (next_year, next_month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let Some(end) =
            NaiveDate::from_ymd_opt(next_year, next_month, 1).and_then(|d| d.pred_opt())
        else {
            break;
        };
        ends.push(end);
        (year, month) = (next_year, next_month);
    }
    ends
}

/// Vacancies open on one month end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthEnd {
    /// The month's last day.
    pub on: Date,
    /// How many vacancies were open.
    pub count: u64,
    /// Their FTE.
    pub fte: f64,
}

/// Vacancy FTE (and count) open on each month end from `from`'s month to `to`'s
/// month: the "153 → 12" chart.
pub fn vacancy_fte_by_month(vacancies: &[&Vacancy], from: Date, to: Date) -> Vec<MonthEnd> {
    month_ends(from, to)
        .into_iter()
        .map(|on| {
            let open: Vec<&&Vacancy> = vacancies.iter().filter(|v| open_on(v, on)).collect();
            MonthEnd {
                on,
                count: open.len() as u64,
                fte: open.iter().map(|v| v.fte.value()).sum(),
            }
        })
        .collect()
}

/// The month of the earliest opening among `vacancies`, for a series over their
/// whole history.
pub fn first_opening(vacancies: &[&Vacancy]) -> Option<Date> {
    vacancies.iter().map(|v| v.open.start()).min()
}

/// Vacancies in one stage on a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageCount {
    /// The stage; `None` for vacancies whose stage on the date was not recorded.
    pub stage: Option<VacancyStage>,
    /// How many.
    pub count: u64,
    /// Their FTE.
    pub fte: f64,
}

/// The vacancies open on `day` by the stage they were in that day: every stage in
/// order, then, when there are any, those whose stage that day was not recorded.
pub fn by_stage_at(
    vacancies: &[&Vacancy],
    recruitment: &Recruitment,
    day: Date,
) -> Vec<StageCount> {
    let mut counts: Vec<StageCount> = VacancyStage::ALL
        .iter()
        .map(|stage| StageCount {
            stage: Some(*stage),
            count: 0,
            fte: 0.0,
        })
        .collect();
    let mut unrecorded = StageCount {
        stage: None,
        count: 0,
        fte: 0.0,
    };
    for vacancy in vacancies.iter().filter(|v| open_on(v, day)) {
        let history = recruitment.history_of(&vacancy.id);
        let count = match stage_at(vacancy, &history, day) {
            Some(stage) => counts
                .iter_mut()
                .find(|count| count.stage == Some(stage))
                .unwrap_or(&mut unrecorded),
            None => &mut unrecorded,
        };
        count.count += 1;
        count.fte += vacancy.fte.value();
    }
    if unrecorded.count > 0 {
        counts.push(unrecorded);
    }
    counts
}

/// Days to fill of the vacancies filled between two dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FillTimes {
    /// How many were filled.
    pub filled: u64,
    /// The median of their days to fill.
    pub median_days: Option<f64>,
}

/// The vacancies filled from `from` to `to` (both included) and the median of
/// their days to fill.
pub fn fill_times(
    vacancies: &[&Vacancy],
    recruitment: &Recruitment,
    from: Date,
    to: Date,
) -> FillTimes {
    let mut days: Vec<f64> = vacancies
        .iter()
        .filter_map(|vacancy| {
            let history = recruitment.history_of(&vacancy.id);
            let filled = filled_on(vacancy, &history)?;
            (from <= filled && filled <= to)
                .then(|| (filled - vacancy.open.start()).num_days() as f64)
        })
        .collect();
    FillTimes {
        filled: days.len() as u64,
        median_days: median(&mut days),
    }
}

/// Days to fill by calendar year, for every year from the earliest filling to the
/// latest (years with none included, so gaps show).
pub fn fill_times_by_year(
    vacancies: &[&Vacancy],
    recruitment: &Recruitment,
) -> Vec<(i32, FillTimes)> {
    let years: Vec<i32> = vacancies
        .iter()
        .filter_map(|vacancy| filled_on(vacancy, &recruitment.history_of(&vacancy.id)))
        .map(|day| day.year())
        .collect();
    let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) else {
        return Vec::new();
    };
    (*first..=*last)
        .filter_map(|year| {
            let from = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let to = NaiveDate::from_ymd_opt(year, 12, 31)?;
            Some((year, fill_times(vacancies, recruitment, from, to)))
        })
        .collect()
}

/// One team's establishment on a day: its posts against the people in post and the
/// vacancies open.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamEstablishment {
    /// The team (`None`: records with no team).
    pub team_id: Option<TeamId>,
    /// How many posts it has.
    pub posts: u64,
    /// The FTE of its posts.
    pub post_fte: f64,
    /// The FTE of its funded posts.
    pub funded_fte: f64,
    /// The FTE of its own social workers in post (agency excluded, as the measures
    /// count them).
    pub in_post_fte: f64,
    /// The FTE of agency workers in post in it.
    pub agency_fte: f64,
    /// How many vacancies are open in it.
    pub vacancies: u64,
    /// Their FTE.
    pub vacant_fte: f64,
}

impl TeamEstablishment {
    fn empty(team_id: Option<TeamId>) -> Self {
        Self {
            team_id,
            posts: 0,
            post_fte: 0.0,
            funded_fte: 0.0,
            in_post_fte: 0.0,
            agency_fte: 0.0,
            vacancies: 0,
            vacant_fte: 0.0,
        }
    }
}

/// The row of `team`, added when it has none yet.
fn row_of<'r>(
    rows: &'r mut Vec<TeamEstablishment>,
    team: Option<&TeamId>,
) -> &'r mut TeamEstablishment {
    let index = match rows.iter().position(|row| row.team_id.as_ref() == team) {
        Some(index) => index,
        None => {
            rows.push(TeamEstablishment::empty(team.cloned()));
            rows.len() - 1
        }
    };
    &mut rows[index]
}

/// Every team's establishment on `day`: each team of the council in its order, then
/// records with no team when there are any. A worker in post counts at the FTE of
/// their assignment covering `day`.
pub fn establishment(
    workforce: &Workforce,
    recruitment: &Recruitment,
    day: Date,
) -> Vec<TeamEstablishment> {
    let mut rows: Vec<TeamEstablishment> = workforce
        .teams
        .iter()
        .map(|team| TeamEstablishment::empty(Some(team.id.clone())))
        .collect();
    for post in &recruitment.posts {
        let row = row_of(&mut rows, post.team_id.as_ref());
        row.posts += 1;
        row.post_fte += post.fte.value();
        if post.funded {
            row.funded_fte += post.fte.value();
        }
    }
    let in_post: HashSet<&EmploymentId> = workforce
        .employments
        .iter()
        .filter(|employment| employment.span().covers(day))
        .map(|employment| employment.id())
        .collect();
    for assignment in workforce
        .assignments
        .iter()
        .filter(|a| a.span.covers(day) && in_post.contains(&a.employment_id))
    {
        let row = row_of(&mut rows, assignment.team_id.as_ref());
        if assignment.contract == Contract::Agency {
            row.agency_fte += assignment.fte.value();
        } else {
            row.in_post_fte += assignment.fte.value();
        }
    }
    for vacancy in workforce.vacancies.iter().filter(|v| open_on(v, day)) {
        let row = row_of(&mut rows, vacancy.team_id.as_ref());
        row.vacancies += 1;
        row.vacant_fte += vacancy.fte.value();
    }
    // Records with no team last.
    rows.sort_by_key(|row| row.team_id.is_none());
    rows
}

/// Why a vacancy cannot be moved to a stage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// The vacancy is closed (filled or withdrawn). Its history ends there: a post
    /// that needs recruiting again gets a new vacancy, so days to fill and the
    /// monthly figures of the old one stay true.
    #[error(
        "vacancy {vacancy} closed on {closed_on} ({stage}): open a new vacancy for the post instead"
    )]
    Closed {
        /// The vacancy.
        vacancy: VacancyId,
        /// Its stage.
        stage: VacancyStage,
        /// The day it closed.
        closed_on: Date,
    },
    /// The vacancy is already in the stage.
    #[error("vacancy {vacancy} is already at {stage}")]
    SameStage {
        /// The vacancy.
        vacancy: VacancyId,
        /// Its stage.
        stage: VacancyStage,
    },
    /// The move is dated before the vacancy opened.
    #[error("the move must be on or after the day the vacancy opened, {opened_on}")]
    BeforeOpening {
        /// The day it opened.
        opened_on: Date,
    },
    /// The move is dated before the vacancy's latest move.
    #[error("the move must be on or after the vacancy's last move, on {last}")]
    BeforeLastMove {
        /// The latest move's day.
        last: Date,
    },
    /// The move is dated after today.
    #[error("the move cannot be dated in the future")]
    InFuture,
}

/// A checked move of a vacancy: the vacancy with its new stage (closed on the move's
/// day when the stage is `filled` or `withdrawn`) and the history entry to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// The vacancy as it is after the move.
    pub vacancy: Vacancy,
    /// The entry for its history.
    pub change: StageChange,
}

/// Moves a vacancy to `stage` on `on`, recorded as done `by` someone, as at `today`.
pub fn move_vacancy(
    vacancy: &Vacancy,
    recruitment: &Recruitment,
    stage: VacancyStage,
    on: Date,
    by: &str,
    today: Date,
) -> Result<Move, MoveError> {
    if let Some(closed_on) = vacancy.open.end() {
        return Err(MoveError::Closed {
            vacancy: vacancy.id.clone(),
            stage: vacancy.stage,
            closed_on,
        });
    }
    if stage == vacancy.stage {
        return Err(MoveError::SameStage {
            vacancy: vacancy.id.clone(),
            stage,
        });
    }
    if on > today {
        return Err(MoveError::InFuture);
    }
    let opened_on = vacancy.open.start();
    if on < opened_on {
        return Err(MoveError::BeforeOpening { opened_on });
    }
    let history = recruitment.history_of(&vacancy.id);
    if let Some(last) = history
        .last()
        .map(|change| change.on)
        .filter(|last| on < *last)
    {
        return Err(MoveError::BeforeLastMove { last });
    }
    let closes = matches!(stage, VacancyStage::Filled | VacancyStage::Withdrawn);
    let open = if closes {
        Span::new(opened_on, Some(on)).map_err(|_| MoveError::BeforeOpening { opened_on })?
    } else {
        vacancy.open
    };
    Ok(Move {
        vacancy: Vacancy {
            stage,
            open,
            ..vacancy.clone()
        },
        change: StageChange {
            vacancy_id: vacancy.id.clone(),
            number: recruitment.next_stage_number(&vacancy.id),
            on,
            stage,
            by: by.to_owned(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::Role;
    use crate::values::{Fte, parse_date};

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    fn vacancy(id: &str, opened: &str, closed: Option<&str>, stage: VacancyStage) -> Vacancy {
        Vacancy {
            id: VacancyId::parse(id).unwrap(),
            team_id: None,
            role: Role::SocialWorker,
            fte: Fte::FULL,
            open: Span::new(date(opened), closed.map(date)).unwrap(),
            stage,
            covered_by_agency: None,
        }
    }

    fn change(id: &str, number: u32, on: &str, stage: VacancyStage) -> StageChange {
        StageChange {
            vacancy_id: VacancyId::parse(id).unwrap(),
            number,
            on: date(on),
            stage,
            by: "recruitment@council.example".to_owned(),
        }
    }

    #[test]
    fn stage_history_and_days_to_fill_across_a_vacancys_whole_life() {
        use VacancyStage::*;
        let moves = [
            ("2024-01-08", NotRecruiting),
            ("2024-01-15", Advertised),
            ("2024-02-12", Shortlisting),
            ("2024-02-26", Interview),
            ("2024-03-11", Offer),
            ("2024-03-18", PreEmploymentChecks),
            ("2024-05-13", Filled),
        ];
        let mut recruitment = Recruitment::default();
        let mut record = vacancy("V1", "2024-01-08", None, NotRecruiting);
        let id = record.id.clone();
        for (number, (on, stage)) in moves.iter().enumerate() {
            let today = date(on);
            // Before each move: the days in the stage so far.
            let history = recruitment.history_of(&id);
            if number > 0 {
                assert_eq!(
                    days_in_stage(&record, &history, today),
                    (today - date(moves[number - 1].0)).num_days()
                );
                assert_eq!(days_to_fill(&record, &history), None);
            }
            recruitment.apply(crate::recruitment::RecruitmentChange::PutStageChange(
                change("V1", number as u32 + 1, on, *stage),
            ));
            record.stage = *stage;
            if *stage == Filled {
                record.open = Span::new(record.open.start(), Some(today)).unwrap();
            }
        }
        let history = recruitment.history_of(&id);
        assert_eq!(history.len(), 7);
        assert_eq!(filled_on(&record, &history), Some(date("2024-05-13")));
        assert_eq!(days_to_fill(&record, &history), Some(126));
        assert_eq!(days_in_stage(&record, &history, date("2024-05-20")), 7);

        let spells = timeline(&record, &history);
        let days: Vec<(Option<VacancyStage>, i64)> = spells
            .iter()
            .map(|spell| (spell.stage, spell.days(date("2024-05-13"))))
            .collect();
        assert_eq!(
            days,
            [
                (Some(NotRecruiting), 7),
                (Some(Advertised), 28),
                (Some(Shortlisting), 14),
                (Some(Interview), 14),
                (Some(Offer), 7),
                (Some(PreEmploymentChecks), 56),
                (Some(Filled), 0),
            ]
        );
        assert_eq!(
            spells
                .iter()
                .map(|s| s.days(date("2024-05-13")))
                .sum::<i64>(),
            126
        );
        assert_eq!(spells[1].by.as_deref(), Some("recruitment@council.example"));
        assert_eq!(spells[6].to, None);

        for (day, stage) in [
            ("2024-01-08", Some(NotRecruiting)),
            ("2024-01-14", Some(NotRecruiting)),
            ("2024-01-15", Some(Advertised)),
            ("2024-02-20", Some(Shortlisting)),
            ("2024-03-01", Some(Interview)),
            ("2024-03-17", Some(Offer)),
            ("2024-04-30", Some(PreEmploymentChecks)),
            ("2024-06-01", Some(Filled)),
        ] {
            assert_eq!(stage_at(&record, &history, date(day)), stage, "{day}");
        }
        // Open until the day before it was filled.
        assert!(open_on(&record, date("2024-05-12")));
        assert!(!open_on(&record, date("2024-05-13")));
        let all = [&record];
        let at = by_stage_at(&all, &recruitment, date("2024-03-01"));
        assert_eq!(
            at.iter().map(|c| c.count).collect::<Vec<_>>(),
            [0, 0, 0, 1, 0, 0, 0, 0]
        );
    }

    #[test]
    fn a_vacancy_without_history_counts_from_its_opening_and_its_closing() {
        let open = vacancy("V2", "2024-03-01", None, VacancyStage::Advertised);
        assert_eq!(days_in_stage(&open, &[], date("2024-03-31")), 30);
        assert_eq!(
            stage_at(&open, &[], date("2024-03-02")),
            Some(VacancyStage::Advertised)
        );
        assert_eq!(timeline(&open, &[]).len(), 1);
        assert_eq!(days_to_fill(&open, &[]), None);

        let filled = vacancy("V3", "2024-03-01", Some("2024-04-10"), VacancyStage::Filled);
        assert_eq!(days_to_fill(&filled, &[]), Some(40));
        // While it was open it was not yet filled: its stage then was not recorded.
        assert_eq!(stage_at(&filled, &[], date("2024-03-15")), None);
        assert_eq!(
            stage_at(&filled, &[], date("2024-04-10")),
            Some(VacancyStage::Filled)
        );
        assert_eq!(stage_since(&filled, &[]), date("2024-04-10"));
        let spells = timeline(&filled, &[]);
        assert_eq!(
            spells
                .iter()
                .map(|s| (s.stage, s.from, s.to))
                .collect::<Vec<_>>(),
            [
                (None, date("2024-03-01"), Some(date("2024-04-10"))),
                (Some(VacancyStage::Filled), date("2024-04-10"), None),
            ]
        );
        let withdrawn = vacancy(
            "V4",
            "2024-03-01",
            Some("2024-04-10"),
            VacancyStage::Withdrawn,
        );
        assert_eq!(days_to_fill(&withdrawn, &[]), None);
    }

    #[test]
    fn the_stage_before_the_first_recorded_move_is_not_recorded() {
        let record = vacancy("V5", "2024-01-01", None, VacancyStage::Interview);
        let later = change("V5", 1, "2024-02-01", VacancyStage::Interview);
        let history = [&later];
        assert_eq!(stage_at(&record, &history, date("2024-01-15")), None);
        let spells = timeline(&record, &history);
        assert_eq!(spells.len(), 2);
        assert_eq!(spells[0].stage, None);
        assert_eq!(spells[0].days(date("2024-03-01")), 31);

        let mut recruitment = Recruitment::default();
        recruitment.stage_changes.push(later.clone());
        let all = [&record];
        let at = by_stage_at(&all, &recruitment, date("2024-01-15"));
        assert_eq!(at.len(), VacancyStage::ALL.len() + 1);
        assert_eq!(at.last().map(|c| (c.stage, c.count)), Some((None, 1)));
    }

    #[test]
    fn month_ends_run_across_year_ends_and_leap_februaries() {
        let ends = month_ends(date("2023-11-15"), date("2024-03-02"));
        assert_eq!(
            ends,
            [
                "2023-11-30",
                "2023-12-31",
                "2024-01-31",
                "2024-02-29",
                "2024-03-31"
            ]
            .map(date)
        );
        assert!(month_ends(date("2024-03-01"), date("2024-02-01")).is_empty());
    }

    #[test]
    fn vacancy_fte_month_by_month_counts_those_open_on_each_month_end() {
        let mut half = vacancy("V1", "2023-12-31", Some("2024-02-29"), VacancyStage::Filled);
        half.fte = Fte::new(0.5).unwrap();
        let whole = vacancy("V2", "2023-11-01", None, VacancyStage::Advertised);
        let later = vacancy("V3", "2024-03-01", None, VacancyStage::Advertised);
        let all = [&half, &whole, &later];
        let series = vacancy_fte_by_month(&all, date("2023-11-01"), date("2024-03-31"));
        let points: Vec<(String, u64, f64)> = series
            .iter()
            .map(|m| (m.on.to_string(), m.count, m.fte))
            .collect();
        assert_eq!(
            points,
            [
                ("2023-11-30".to_owned(), 1, 1.0),
                ("2023-12-31".to_owned(), 2, 1.5),
                ("2024-01-31".to_owned(), 2, 1.5),
                // Filled on 29 February: no longer vacant that day.
                ("2024-02-29".to_owned(), 1, 1.0),
                ("2024-03-31".to_owned(), 2, 2.0),
            ]
        );
        assert_eq!(first_opening(&all), Some(date("2023-11-01")));
    }

    #[test]
    fn median_days_to_fill_of_an_odd_and_an_even_number_of_vacancies() {
        let filled =
            |id: &str, closed: &str| vacancy(id, "2024-01-01", Some(closed), VacancyStage::Filled);
        // 10, 30 and 100 days; then a fourth at 40 days.
        let a = filled("V1", "2024-01-11");
        let b = filled("V2", "2024-01-31");
        let c = filled("V3", "2024-04-10");
        let d = filled("V4", "2024-02-10");
        let withdrawn = vacancy(
            "V5",
            "2024-01-01",
            Some("2024-01-02"),
            VacancyStage::Withdrawn,
        );
        let outside = vacancy("V6", "2023-01-01", Some("2023-12-31"), VacancyStage::Filled);
        let recruitment = Recruitment::default();
        let (from, to) = (date("2024-01-01"), date("2024-12-31"));

        let odd = fill_times(&[&a, &b, &c, &withdrawn, &outside], &recruitment, from, to);
        assert_eq!((odd.filled, odd.median_days), (3, Some(30.0)));
        let even = fill_times(&[&a, &b, &c, &d, &outside], &recruitment, from, to);
        assert_eq!((even.filled, even.median_days), (4, Some(35.0)));
        let none = fill_times(&[&withdrawn], &recruitment, from, to);
        assert_eq!((none.filled, none.median_days), (0, None));

        // A move to filled recorded in the history counts from that day.
        let mut moved = recruitment.clone();
        moved
            .stage_changes
            .push(change("V1", 1, "2024-01-21", VacancyStage::Filled));
        let with_history = fill_times(&[&a], &moved, from, to);
        assert_eq!(with_history.median_days, Some(20.0));

        let by_year = fill_times_by_year(&[&a, &outside], &recruitment);
        assert_eq!(
            by_year
                .iter()
                .map(|(year, times)| (*year, times.filled, times.median_days))
                .collect::<Vec<_>>(),
            [(2023, 1, Some(364.0)), (2024, 1, Some(10.0))]
        );
    }

    #[test]
    fn a_teams_establishment_sets_funded_posts_against_people_in_post_and_open_vacancies() {
        use crate::council::CouncilCode;
        use crate::ids::{PostId, WorkerId};
        use crate::records::{Assignment, Employment, Team};
        use crate::recruitment::Post;

        let team = TeamId::parse("T1").unwrap();
        let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
        workforce.teams.push(Team {
            id: team.clone(),
            name: "Assessment".to_owned(),
            service: crate::codes::Service::Children,
            locality: None,
        });
        let today = date("2024-06-30");
        for (worker, fte, contract, ended) in [
            ("W1", 1.0, Contract::Permanent, None),
            ("W2", 0.5, Contract::Permanent, None),
            ("W3", 1.0, Contract::Agency, None),
            ("W4", 1.0, Contract::Permanent, Some("2024-05-31")),
        ] {
            let employment = EmploymentId::parse(&format!("E{worker}")).unwrap();
            let span = Span::new(date("2020-01-06"), ended.map(date)).unwrap();
            workforce.employments.push(
                Employment::new(
                    employment.clone(),
                    WorkerId::parse(worker).unwrap(),
                    span,
                    None,
                    ended.map(|_| crate::codes::LeavingReason::Resignation),
                    None,
                )
                .unwrap(),
            );
            workforce.assignments.push(Assignment {
                employment_id: employment,
                span,
                team_id: Some(team.clone()),
                role: Role::SocialWorker,
                contract,
                fte: Fte::new(fte).unwrap(),
            });
        }
        let mut open = vacancy("V1", "2024-03-01", None, VacancyStage::Advertised);
        open.team_id = Some(team.clone());
        let mut closed = vacancy("V2", "2024-01-01", Some("2024-04-01"), VacancyStage::Filled);
        closed.team_id = Some(team.clone());
        let no_team = vacancy("V3", "2024-03-01", None, VacancyStage::Advertised);
        workforce.vacancies = vec![open, closed, no_team];
        let mut recruitment = Recruitment::default();
        for (id, fte, funded) in [
            ("P1", 1.0, true),
            ("P2", 1.0, true),
            ("P3", 1.0, true),
            ("P4", 0.5, false),
        ] {
            recruitment.posts.push(Post {
                id: PostId::parse(id).unwrap(),
                title: format!("Social worker {id}"),
                team_id: Some(team.clone()),
                role: Role::SocialWorker,
                fte: Fte::new(fte).unwrap(),
                funded,
            });
        }
        let rows = establishment(&workforce, &recruitment, today);
        assert_eq!(rows.len(), 2);
        let row = &rows[0];
        assert_eq!(row.team_id.as_ref(), Some(&team));
        assert_eq!((row.posts, row.post_fte, row.funded_fte), (4, 3.5, 3.0));
        assert_eq!((row.in_post_fte, row.agency_fte), (1.5, 1.0));
        assert_eq!((row.vacancies, row.vacant_fte), (1, 1.0));
        assert_eq!((rows[1].team_id.clone(), rows[1].vacancies), (None, 1));
    }

    #[test]
    fn moving_a_vacancy_records_who_and_when_and_closes_it_when_filled() {
        let today = date("2024-05-13");
        let mut recruitment = Recruitment::default();
        let mut record = vacancy("V1", "2024-01-08", None, VacancyStage::Advertised);
        let first = move_vacancy(
            &record,
            &recruitment,
            VacancyStage::Interview,
            date("2024-02-01"),
            "officer@council.example",
            today,
        )
        .unwrap();
        assert_eq!(first.vacancy.stage, VacancyStage::Interview);
        assert_eq!(first.vacancy.open.end(), None);
        assert_eq!(first.change.number, 1);
        assert_eq!(first.change.by, "officer@council.example");
        recruitment.stage_changes.push(first.change);
        record = first.vacancy;

        let refused = |stage, on: &str| {
            move_vacancy(&record, &recruitment, stage, date(on), "x", today).unwrap_err()
        };
        assert!(matches!(
            refused(VacancyStage::Interview, "2024-03-01"),
            MoveError::SameStage { .. }
        ));
        assert_eq!(
            refused(VacancyStage::Offer, "2024-05-14"),
            MoveError::InFuture
        );
        assert_eq!(
            refused(VacancyStage::Offer, "2024-01-31"),
            MoveError::BeforeLastMove {
                last: date("2024-02-01")
            }
        );

        let filled = move_vacancy(
            &record,
            &recruitment,
            VacancyStage::Filled,
            today,
            "x",
            today,
        )
        .unwrap();
        assert_eq!(filled.vacancy.open.end(), Some(today));
        assert_eq!(filled.change.number, 2);
        recruitment.stage_changes.push(filled.change);
        let closed = filled.vacancy;
        let again = move_vacancy(
            &closed,
            &recruitment,
            VacancyStage::Advertised,
            today,
            "x",
            today,
        );
        assert!(matches!(again, Err(MoveError::Closed { .. })));
        assert!(
            again
                .unwrap_err()
                .to_string()
                .contains("open a new vacancy")
        );
        let early = vacancy("V2", "2024-05-01", None, VacancyStage::Advertised);
        assert_eq!(
            move_vacancy(
                &early,
                &recruitment,
                VacancyStage::Offer,
                date("2024-04-30"),
                "x",
                today
            ),
            Err(MoveError::BeforeOpening {
                opened_on: date("2024-05-01")
            })
        );
    }
}
