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

    /// Whether the engagement runs on a day.
    pub fn runs_on(&self, day: Date) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }
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
}
