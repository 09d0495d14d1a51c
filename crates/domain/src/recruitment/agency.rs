//! Agency social workers and the DfE's rules on them (in force from October 2024):
//! at least three years' post-qualifying experience, no engagement within three
//! months of leaving a permanent post in the same region, a notice period of four
//! weeks, and pay within the region's price cap. A breach is allowed only with a
//! recorded sign-off.

use serde::{Deserialize, Serialize};

use crate::council::CouncilCode;
use crate::ids::{EngagementId, TeamId, VacancyId};
use crate::values::{Date, add_months};

/// Months of post-qualifying experience an agency social worker needs.
pub const EXPERIENCE_MONTHS: u32 = 36;

/// Months after leaving a permanent post in the region before an agency engagement.
pub const COOLING_OFF_MONTHS: u32 = 3;

/// The notice period an engagement must have, in weeks.
pub const NOTICE_WEEKS: u8 = 4;

code_enum! {
    /// The job an agency worker does, as the price caps group them.
    AgencyJobType {
        /// Social worker.
        SocialWorker = "social_worker",
        /// Senior or experienced social worker.
        SeniorSocialWorker = "senior_social_worker",
        /// Advanced or consultant practitioner.
        AdvancedPractitioner = "advanced_practitioner",
        /// Team manager.
        TeamManager = "team_manager",
        /// Independent reviewing officer or child protection chair.
        IroOrChair = "iro_or_cp_chair",
    }
}

impl AgencyJobType {
    /// The job type as a person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::SocialWorker => "Social worker",
            Self::SeniorSocialWorker => "Senior social worker",
            Self::AdvancedPractitioner => "Advanced practitioner",
            Self::TeamManager => "Team manager",
            Self::IroOrChair => "IRO or child protection chair",
        }
    }
}

/// The region's hourly price cap for one job type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceCap {
    /// The job type.
    pub job_type: AgencyJobType,
    /// The most the council may pay an hour, in pence (the charge rate).
    pub hourly_pence: u32,
}

/// The caps Pathway starts a council with, for its region to replace with its own.
pub fn default_price_caps() -> Vec<PriceCap> {
    [
        (AgencyJobType::SocialWorker, 4_000),
        (AgencyJobType::SeniorSocialWorker, 4_500),
        (AgencyJobType::AdvancedPractitioner, 4_800),
        (AgencyJobType::TeamManager, 5_500),
        (AgencyJobType::IroOrChair, 5_200),
    ]
    .into_iter()
    .map(|(job_type, hourly_pence)| PriceCap {
        job_type,
        hourly_pence,
    })
    .collect()
}

/// Who agreed to a breach of the rules, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    /// Who signed it off (a senior manager).
    pub by: String,
    /// The day.
    pub on: Date,
    /// Why the breach is accepted.
    pub reason: String,
}

/// An agency social worker's engagement with the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyEngagement {
    /// The council's ID for the engagement.
    pub id: EngagementId,
    /// The agency worker's name.
    pub worker_name: String,
    /// The agency.
    pub agency: String,
    /// The job.
    pub job_type: AgencyJobType,
    /// The vacancy it covers.
    pub vacancy_id: Option<VacancyId>,
    /// The team.
    pub team_id: Option<TeamId>,
    /// The first day.
    pub starts_on: Date,
    /// The last day, once known.
    pub ends_on: Option<Date>,
    /// The day they qualified as a social worker.
    pub qualified_on: Date,
    /// The last day of their latest permanent social work post, if they had one.
    pub left_permanent_on: Option<Date>,
    /// The council of that post (none: this council).
    pub left_permanent_council: Option<CouncilCode>,
    /// Their notice period, in weeks.
    pub notice_weeks: u8,
    /// The hourly charge rate, in pence.
    pub hourly_rate_pence: u32,
    /// The sign-off of any breach.
    pub sign_off: Option<SignOff>,
}

/// A breach of the DfE's agency rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyBreach {
    /// Less than three years' post-qualifying experience at the start.
    Experience {
        /// Whole months of experience at the start.
        months: u32,
    },
    /// Engaged within three months of leaving a permanent post in the region.
    CoolingOff {
        /// When they left it.
        left_on: Date,
        /// The council they left.
        council: CouncilCode,
    },
    /// A notice period shorter than four weeks.
    Notice {
        /// The weeks agreed.
        weeks: u8,
    },
    /// Paid above the region's cap.
    AboveCap {
        /// The hourly rate, in pence.
        rate_pence: u32,
        /// The cap, in pence.
        cap_pence: u32,
    },
}

impl AgencyBreach {
    /// The breach as a person reads it.
    pub fn describe(self) -> String {
        match self {
            Self::Experience { months } => format!(
                "{} years {} months of post-qualifying experience at the start: 3 years are required",
                months / 12,
                months % 12
            ),
            Self::CoolingOff { left_on, council } => format!(
                "left a permanent post with council {council} on {left_on}: no agency work in the region for 3 months"
            ),
            Self::Notice { weeks } => {
                format!("a notice period of {weeks} weeks: {NOTICE_WEEKS} weeks are required")
            }
            Self::AboveCap {
                rate_pence,
                cap_pence,
            } => format!(
                "£{} an hour is above the region's cap of £{}",
                pounds(rate_pence),
                pounds(cap_pence)
            ),
        }
    }
}

/// Pence as pounds, e.g. `42.50`.
pub fn pounds(pence: u32) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

/// Whole months from `from` to `to` (0 when `to` is not after `from`): the largest n
/// with `from` plus n months on or before `to`.
pub fn whole_months(from: Date, to: Date) -> u32 {
    let mut months = 0;
    while add_months(from, months + 1) <= to {
        months += 1;
    }
    months
}

impl AgencyEngagement {
    /// The rules this engagement breaks, for a council and its region's settings.
    pub fn breaches(
        &self,
        council: CouncilCode,
        region: &[CouncilCode],
        caps: &[PriceCap],
    ) -> Vec<AgencyBreach> {
        let mut breaches = Vec::new();
        if self.starts_on < add_months(self.qualified_on, EXPERIENCE_MONTHS) {
            breaches.push(AgencyBreach::Experience {
                months: whole_months(self.qualified_on, self.starts_on),
            });
        }
        if let Some(left_on) = self.left_permanent_on {
            let left_council = self.left_permanent_council.unwrap_or(council);
            let in_region = left_council == council || region.contains(&left_council);
            if in_region
                && self.starts_on >= left_on
                && self.starts_on < add_months(left_on, COOLING_OFF_MONTHS)
            {
                breaches.push(AgencyBreach::CoolingOff {
                    left_on,
                    council: left_council,
                });
            }
        }
        if self.notice_weeks < NOTICE_WEEKS {
            breaches.push(AgencyBreach::Notice {
                weeks: self.notice_weeks,
            });
        }
        if let Some(cap) = caps.iter().find(|cap| cap.job_type == self.job_type)
            && self.hourly_rate_pence > cap.hourly_pence
        {
            breaches.push(AgencyBreach::AboveCap {
                rate_pence: self.hourly_rate_pence,
                cap_pence: cap.hourly_pence,
            });
        }
        breaches
    }

    /// Whether the engagement breaks a rule that nobody has signed off.
    pub fn needs_sign_off(
        &self,
        council: CouncilCode,
        region: &[CouncilCode],
        caps: &[PriceCap],
    ) -> bool {
        self.sign_off.is_none() && !self.breaches(council, region, caps).is_empty()
    }

    /// Takes over the sign-off of the engagement as `stored`, if this changed version
    /// breaks no rule that the stored one did not: a sign-off covers the breaches it
    /// was given for, and a change that adds another needs a new one.
    pub fn keep_sign_off(
        &mut self,
        stored: &AgencyEngagement,
        council: CouncilCode,
        region: &[CouncilCode],
        caps: &[PriceCap],
    ) {
        let before: Vec<&str> = stored
            .breaches(council, region, caps)
            .into_iter()
            .map(AgencyBreach::code)
            .collect();
        let covered = self
            .breaches(council, region, caps)
            .into_iter()
            .all(|breach| before.contains(&breach.code()));
        self.sign_off = if covered {
            stored.sign_off.clone()
        } else {
            None
        };
    }

    /// Whether the engagement runs on a day.
    pub fn runs_on(&self, day: Date) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }
}

/// A quarter of a calendar year, written `2024Q3` (July to September 2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i32,
    number: u8,
}

/// Why a quarter could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a quarter: write the year, Q and 1 to 4, such as 2024Q3")]
pub struct QuarterError(pub String);

impl Quarter {
    /// The quarter of a year, 1 to 4.
    pub fn new(year: i32, number: u8) -> Option<Self> {
        ((1..=4).contains(&number) && (1900..=9999).contains(&year))
            .then_some(Self { year, number })
    }

    /// The quarter a day falls in.
    pub fn of(day: Date) -> Self {
        use chrono::Datelike;
        Self {
            year: day.year(),
            number: u8::try_from(day.month0() / 3 + 1).unwrap_or(1),
        }
    }

    /// Reads `2024Q3` (or `2024q3`, `2024-Q3`).
    pub fn parse(text: &str) -> Result<Self, QuarterError> {
        let error = || QuarterError(text.to_owned());
        let trimmed = text.trim();
        let (year, number) = trimmed.split_once(['Q', 'q']).ok_or_else(error)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) || number.len() != 1 {
            return Err(error());
        }
        let year: i32 = year.parse().map_err(|_| error())?;
        let number: u8 = number.parse().map_err(|_| error())?;
        Self::new(year, number).ok_or_else(error)
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        Date::from_ymd_opt(self.year, u32::from(self.number) * 3 - 2, 1).unwrap_or(Date::MIN)
    }

    /// Its last day.
    pub fn last_day(self) -> Date {
        add_months(self.first_day(), 3)
            .pred_opt()
            .unwrap_or(Date::MAX)
    }

    /// The quarter before.
    pub fn previous(self) -> Self {
        if self.number == 1 {
            Self {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Self {
                year: self.year,
                number: self.number - 1,
            }
        }
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}Q{}", self.year, self.number)
    }
}

impl std::str::FromStr for Quarter {
    type Err = QuarterError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl AgencyBreach {
    /// The breach's code in the quarterly export.
    pub fn code(self) -> &'static str {
        match self {
            Self::Experience { .. } => "experience",
            Self::CoolingOff { .. } => "cooling_off",
            Self::Notice { .. } => "notice",
            Self::AboveCap { .. } => "above_cap",
        }
    }
}

/// The columns of the quarterly agency export, in order (docs/agency-export.md).
pub const QUARTER_COLUMNS: [&str; 22] = [
    "council",
    "quarter",
    "engagement_id",
    "agency",
    "worker_name",
    "job_type",
    "team_id",
    "vacancy_id",
    "starts_on",
    "ends_on",
    "days_in_quarter",
    "qualified_on",
    "pq_experience_months",
    "left_permanent_on",
    "left_permanent_council",
    "notice_weeks",
    "hourly_rate",
    "price_cap",
    "breaches",
    "signed_off_by",
    "signed_off_on",
    "sign_off_reason",
];

/// One engagement's line of the quarterly export, each cell as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterRow(pub [String; QUARTER_COLUMNS.len()]);

/// The quarterly export's rows: every engagement running on at least one day of the
/// quarter, by start date then ID, with its days in the quarter and the rules it
/// breaks under the council's settings.
pub fn quarter_rows(
    engagements: &[AgencyEngagement],
    council: CouncilCode,
    settings: &super::RecruitmentSettings,
    quarter: Quarter,
) -> Vec<QuarterRow> {
    let (first, last) = (quarter.first_day(), quarter.last_day());
    let mut running: Vec<&AgencyEngagement> = engagements
        .iter()
        .filter(|e| e.starts_on <= last && e.ends_on.is_none_or(|end| end >= first))
        .collect();
    running.sort_by(|a, b| (a.starts_on, &a.id).cmp(&(b.starts_on, &b.id)));
    let text = |value: Option<String>| value.unwrap_or_default();
    running
        .into_iter()
        .map(|e| {
            let from = e.starts_on.max(first);
            let to = e.ends_on.map_or(last, |end| end.min(last));
            let days = (to - from).num_days() + 1;
            let cap = settings
                .price_caps
                .iter()
                .find(|cap| cap.job_type == e.job_type);
            let breaches: Vec<&str> = e
                .breaches(council, &settings.region, &settings.price_caps)
                .into_iter()
                .map(AgencyBreach::code)
                .collect();
            let sign_off = e.sign_off.as_ref();
            QuarterRow([
                council.to_string(),
                quarter.to_string(),
                e.id.to_string(),
                e.agency.clone(),
                e.worker_name.clone(),
                e.job_type.as_str().to_owned(),
                text(e.team_id.as_ref().map(ToString::to_string)),
                text(e.vacancy_id.as_ref().map(ToString::to_string)),
                e.starts_on.to_string(),
                text(e.ends_on.map(|d| d.to_string())),
                days.to_string(),
                e.qualified_on.to_string(),
                whole_months(e.qualified_on, e.starts_on).to_string(),
                text(e.left_permanent_on.map(|d| d.to_string())),
                text(
                    e.left_permanent_on
                        .map(|_| e.left_permanent_council.unwrap_or(council).to_string()),
                ),
                e.notice_weeks.to_string(),
                pounds(e.hourly_rate_pence),
                text(cap.map(|cap| pounds(cap.hourly_pence))),
                breaches.join(";"),
                text(sign_off.map(|s| s.by.clone())),
                text(sign_off.map(|s| s.on.to_string())),
                text(sign_off.map(|s| s.reason.clone())),
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn council(code: &str) -> CouncilCode {
        CouncilCode::parse(code).unwrap()
    }

    fn engagement(starts_on: &str) -> AgencyEngagement {
        AgencyEngagement {
            id: EngagementId::parse("A1").unwrap(),
            worker_name: "Sam Locum".into(),
            agency: "Social Care Staffing Ltd".into(),
            job_type: AgencyJobType::SocialWorker,
            vacancy_id: None,
            team_id: None,
            starts_on: date(starts_on),
            ends_on: None,
            qualified_on: date("2015-07-01"),
            left_permanent_on: None,
            left_permanent_council: None,
            notice_weeks: 4,
            hourly_rate_pence: 3_800,
            sign_off: None,
        }
    }

    #[test]
    fn two_years_eleven_months_of_experience_is_flagged_and_three_years_is_not() {
        let caps = default_price_caps();
        let mut short = engagement("2023-12-15");
        short.qualified_on = date("2021-01-15");
        assert_eq!(
            short.breaches(council("888"), &[], &caps),
            vec![AgencyBreach::Experience { months: 35 }]
        );
        let mut enough = engagement("2024-01-15");
        enough.qualified_on = date("2021-01-15");
        assert!(enough.breaches(council("888"), &[], &caps).is_empty());
    }

    #[test]
    fn engaged_89_days_after_leaving_a_post_in_the_region_is_flagged_and_92_days_is_not() {
        let caps = default_price_caps();
        let region = [council("889"), council("890")];
        // Left a permanent post with a neighbouring council on 1 January 2024.
        for (start, flagged) in [("2024-03-30", true), ("2024-04-02", false)] {
            let mut agency = engagement(start);
            agency.left_permanent_on = Some(date("2024-01-01"));
            agency.left_permanent_council = Some(council("889"));
            let breaches = agency.breaches(council("888"), &region, &caps);
            assert_eq!(
                breaches.contains(&AgencyBreach::CoolingOff {
                    left_on: date("2024-01-01"),
                    council: council("889"),
                }),
                flagged,
                "{start}: {breaches:?}"
            );
        }
    }

    #[test]
    fn leaving_a_council_outside_the_region_needs_no_cooling_off() {
        let mut agency = engagement("2024-01-10");
        agency.left_permanent_on = Some(date("2024-01-01"));
        agency.left_permanent_council = Some(council("201"));
        assert!(
            agency
                .breaches(council("888"), &[council("889")], &default_price_caps())
                .is_empty()
        );
        // The council's own post counts without being listed in the region.
        agency.left_permanent_council = None;
        assert_eq!(
            agency
                .breaches(council("888"), &[], &default_price_caps())
                .len(),
            1
        );
    }

    #[test]
    fn a_short_notice_period_and_a_rate_above_the_cap_are_flagged_until_signed_off() {
        let caps = default_price_caps();
        let mut agency = engagement("2024-05-01");
        agency.notice_weeks = 1;
        agency.hourly_rate_pence = 4_001;
        assert_eq!(
            agency.breaches(council("888"), &[], &caps),
            vec![
                AgencyBreach::Notice { weeks: 1 },
                AgencyBreach::AboveCap {
                    rate_pence: 4_001,
                    cap_pence: 4_000
                }
            ]
        );
        assert!(agency.needs_sign_off(council("888"), &[], &caps));
        agency.sign_off = Some(SignOff {
            by: "Head of service".into(),
            on: date("2024-04-28"),
            reason: "Court work cannot wait".into(),
        });
        assert!(!agency.needs_sign_off(council("888"), &[], &caps));
        assert_eq!(
            AgencyBreach::AboveCap {
                rate_pence: 4_001,
                cap_pence: 4_000
            }
            .describe(),
            "£40.01 an hour is above the region's cap of £40.00"
        );
    }

    #[test]
    fn whole_months_count_from_the_same_day_of_the_month() {
        assert_eq!(whole_months(date("2021-01-15"), date("2023-12-15")), 35);
        assert_eq!(whole_months(date("2021-01-15"), date("2024-01-14")), 35);
        assert_eq!(whole_months(date("2021-01-15"), date("2024-01-15")), 36);
        assert_eq!(whole_months(date("2024-01-31"), date("2024-02-29")), 1);
        assert_eq!(whole_months(date("2024-03-01"), date("2024-02-01")), 0);
    }

    #[test]
    fn quarters_are_read_written_and_bounded_by_calendar_months() {
        let quarter = Quarter::parse("2024Q3").unwrap();
        assert_eq!(quarter.to_string(), "2024Q3");
        assert_eq!(quarter.first_day(), date("2024-07-01"));
        assert_eq!(quarter.last_day(), date("2024-09-30"));
        assert_eq!(
            Quarter::parse("2024q1").unwrap().last_day(),
            date("2024-03-31")
        );
        assert_eq!(
            Quarter::parse("2023-Q4").unwrap().last_day(),
            date("2023-12-31")
        );
        assert_eq!(Quarter::of(date("2024-12-31")).to_string(), "2024Q4");
        assert_eq!(
            Quarter::parse("2024Q1").unwrap().previous().to_string(),
            "2023Q4"
        );
        for wrong in ["2024Q5", "2024Q0", "24Q3", "2024", "Q3", "2024Q33", ""] {
            assert!(Quarter::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn the_quarters_rows_are_the_engagements_running_in_it_with_their_days_and_breaches() {
        let settings = crate::recruitment::RecruitmentSettings {
            region: vec![council("889")],
            ..Default::default()
        };
        let mut before = engagement("2024-01-01");
        before.id = EngagementId::parse("A0").unwrap();
        before.ends_on = Some(date("2024-06-30"));
        let mut across = engagement("2024-06-01");
        across.id = EngagementId::parse("A1").unwrap();
        across.ends_on = Some(date("2024-07-10"));
        across.notice_weeks = 2;
        across.sign_off = Some(SignOff {
            by: "Head of service".into(),
            on: date("2024-05-30"),
            reason: "Court deadline; no permanent worker".into(),
        });
        let mut open = engagement("2024-09-30");
        open.id = EngagementId::parse("A2").unwrap();
        open.qualified_on = date("2022-01-01");
        open.left_permanent_on = Some(date("2024-08-01"));
        open.left_permanent_council = Some(council("889"));
        open.hourly_rate_pence = 4_250;
        let mut after = engagement("2024-10-01");
        after.id = EngagementId::parse("A3").unwrap();
        let rows = quarter_rows(
            &[after, open, before, across],
            council("888"),
            &settings,
            Quarter::parse("2024Q3").unwrap(),
        );
        let cell = |row: &QuarterRow, column: &str| {
            row.0[QUARTER_COLUMNS.iter().position(|c| *c == column).unwrap()].clone()
        };
        let ids: Vec<String> = rows.iter().map(|r| cell(r, "engagement_id")).collect();
        assert_eq!(ids, ["A1", "A2"]);
        assert_eq!(cell(&rows[0], "days_in_quarter"), "10");
        assert_eq!(cell(&rows[0], "breaches"), "notice");
        assert_eq!(cell(&rows[0], "signed_off_by"), "Head of service");
        assert_eq!(cell(&rows[0], "signed_off_on"), "2024-05-30");
        assert_eq!(cell(&rows[0], "hourly_rate"), "38.00");
        assert_eq!(cell(&rows[0], "price_cap"), "40.00");
        assert_eq!(cell(&rows[1], "days_in_quarter"), "1");
        assert_eq!(cell(&rows[1], "ends_on"), "");
        assert_eq!(cell(&rows[1], "pq_experience_months"), "32");
        assert_eq!(cell(&rows[1], "left_permanent_council"), "889");
        assert_eq!(
            cell(&rows[1], "breaches"),
            "experience;cooling_off;above_cap"
        );
        assert_eq!(cell(&rows[1], "signed_off_by"), "");
        assert_eq!(cell(&rows[1], "council"), "888");
        assert_eq!(cell(&rows[1], "quarter"), "2024Q3");
    }

    #[test]
    fn a_change_keeps_the_sign_off_unless_it_adds_a_breach() {
        let caps = default_price_caps();
        let mut stored = engagement("2024-05-01");
        stored.notice_weeks = 1;
        stored.sign_off = Some(SignOff {
            by: "Head of service".into(),
            on: date("2024-04-28"),
            reason: "Court work".into(),
        });
        let mut later_end = stored.clone();
        later_end.sign_off = None;
        later_end.ends_on = Some(date("2024-12-31"));
        later_end.keep_sign_off(&stored, council("888"), &[], &caps);
        assert_eq!(later_end.sign_off, stored.sign_off);
        let mut dearer = later_end.clone();
        dearer.hourly_rate_pence = 9_000;
        dearer.keep_sign_off(&stored, council("888"), &[], &caps);
        assert_eq!(dearer.sign_off, None);
        assert!(dearer.needs_sign_off(council("888"), &[], &caps));
    }
}
