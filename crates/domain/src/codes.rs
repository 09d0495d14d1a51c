//! The coded values of the bulk format, with exactly its spellings.
//!
//! Codes are written lower-case snake_case (ethnicity and absence reasons keep the
//! DfE's own spellings) and matched case-insensitively. Where the DfE's children's
//! social work workforce census has a numeric code for a value, `census_code` gives it.

/// A text that is not one of a code list's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected one of {}, found {found:?}", expected.join(", "))]
pub struct CodeError {
    /// Every accepted spelling, in the spec's order.
    pub expected: &'static [&'static str],
    /// What the cell held.
    pub found: String,
}

macro_rules! code_enum {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )+
        }

        impl $name {
            /// Every value, in the order the spec lists them.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// Every spelling, in the order the spec lists them.
            pub const SPELLINGS: &'static [&'static str] = &[$($text),+];

            /// The spec's spelling of this value.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }

            /// Parses a spelling, ignoring case and surrounding spaces.
            pub fn parse(text: &str) -> Result<Self, $crate::codes::CodeError> {
                let wanted = text.trim();
                $(
                    if wanted.eq_ignore_ascii_case($text) {
                        return Ok(Self::$variant);
                    }
                )+
                Err($crate::codes::CodeError { expected: Self::SPELLINGS, found: text.to_owned() })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

macro_rules! census_codes {
    ($name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        impl $name {
            /// The value's numeric code in the DfE workforce census.
            pub fn census_code(self) -> u8 {
                match self { $(Self::$variant => $code,)+ }
            }
        }
    };
}

code_enum! {
    /// Which part of the council a team belongs to.
    Service {
        /// Children's social care: counts towards in-post figures.
        Children = "children",
        /// Adult social care: a spell here during an employment is a secondment.
        Adults = "adults",
        /// Anything else.
        Other = "other",
    }
}

code_enum! {
    /// A worker's gender as the census records it.
    Gender {
        /// Female (census 2).
        Female = "female",
        /// Male (census 1).
        Male = "male",
        /// Not specified (census 9).
        NotSpecified = "not_specified",
        /// Not known (census 0).
        NotKnown = "not_known",
    }
}
census_codes!(Gender { Female => 2, Male => 1, NotSpecified => 9, NotKnown => 0 });

code_enum! {
    /// A DfE census ethnicity code, kept in the DfE's upper-case spelling.
    Ethnicity {
        /// White British.
        Wbri = "WBRI",
        /// White Irish.
        Wiri = "WIRI",
        /// Any other White background.
        Woth = "WOTH",
        /// White and Black Caribbean.
        Mwbc = "MWBC",
        /// White and Black African.
        Mwba = "MWBA",
        /// White and Asian.
        Mwas = "MWAS",
        /// Any other mixed background.
        Moth = "MOTH",
        /// Indian.
        Aind = "AIND",
        /// Pakistani.
        Apkn = "APKN",
        /// Bangladeshi.
        Aban = "ABAN",
        /// Any other Asian background.
        Aoth = "AOTH",
        /// Black Caribbean.
        Bcrb = "BCRB",
        /// Black African.
        Bafr = "BAFR",
        /// Any other Black background.
        Both = "BOTH",
        /// Chinese.
        Chne = "CHNE",
        /// Any other ethnic group.
        Ooth = "OOTH",
        /// Refused to say.
        Refu = "REFU",
        /// Not yet obtained.
        Nobt = "NOBT",
    }
}

code_enum! {
    /// The level of a worker's social work qualification.
    QualificationLevel {
        /// A bachelor's degree.
        Undergraduate = "undergraduate",
        /// A master's degree or postgraduate diploma.
        Postgraduate = "postgraduate",
        /// Any other qualification.
        Other = "other",
    }
}

code_enum! {
    /// How a worker came into social work.
    Route {
        /// A university course.
        University = "university",
        /// The Step Up to Social Work programme.
        StepUp = "step_up",
        /// The Frontline programme.
        Frontline = "frontline",
        /// A social work degree apprenticeship.
        Apprenticeship = "apprenticeship",
        /// Qualified outside the UK.
        Overseas = "overseas",
        /// Any other route.
        Other = "other",
        /// Not recorded (the default when the cell is empty).
        Unknown = "unknown",
    }
}

code_enum! {
    /// Where a starter came from (DfE StartOrigin).
    StartOrigin {
        /// Newly qualified social worker.
        NewlyQualified = "newly_qualified",
        /// A social work role in another English council.
        OtherAuthority = "other_authority",
        /// From outside England.
        OutsideEngland = "outside_england",
        /// From agency work.
        Agency = "agency",
        /// Another social work role outside councils.
        OtherSocialWork = "other_social_work",
        /// Other social care work.
        OtherSocialCare = "other_social_care",
        /// Other employment, or none.
        OtherEmploymentOrNone = "other_employment_or_none",
        /// Any other origin.
        Other = "other",
        /// Not known (the default).
        NotKnown = "not_known",
    }
}
census_codes!(StartOrigin {
    NewlyQualified => 1, OtherAuthority => 2, OutsideEngland => 3, Agency => 4,
    OtherSocialWork => 5, OtherSocialCare => 6, OtherEmploymentOrNone => 7, Other => 8,
    NotKnown => 9,
});

code_enum! {
    /// Why an employment ended (DfE ReasonLeave).
    LeavingReason {
        /// Resigned.
        Resignation = "resignation",
        /// Took voluntary redundancy.
        VoluntaryRedundancy = "voluntary_redundancy",
        /// Made compulsorily redundant.
        CompulsoryRedundancy = "compulsory_redundancy",
        /// Dismissed.
        Dismissed = "dismissed",
        /// Retired.
        Retired = "retired",
        /// Died in service.
        Deceased = "deceased",
        /// Moved to a social work role outside children's services, such as adult
        /// services: left children's social work but stayed with the council.
        MovedWithinCouncil = "moved_within_council",
        /// Any other reason.
        Other = "other",
        /// Not known.
        NotKnown = "not_known",
    }
}
census_codes!(LeavingReason {
    Resignation => 1, VoluntaryRedundancy => 2, CompulsoryRedundancy => 3, Dismissed => 4,
    Retired => 5, Deceased => 6, MovedWithinCouncil => 7, Other => 8, NotKnown => 9,
});

code_enum! {
    /// Where a leaver went (DfE LeaverDestination).
    Destination {
        /// A social work role in another English council.
        OtherAuthority = "other_authority",
        /// Outside England.
        OutsideEngland = "outside_england",
        /// Agency social work.
        Agency = "agency",
        /// Another social work role outside councils.
        OtherSocialWork = "other_social_work",
        /// Other social care work.
        OtherSocialCare = "other_social_care",
        /// Left social care: other work, no work or a career break.
        LeftSocialCare = "left_social_care",
        /// Anywhere else.
        Other = "other",
        /// Not known (the default).
        NotKnown = "not_known",
    }
}
census_codes!(Destination {
    OtherAuthority => 1, OutsideEngland => 2, Agency => 3, OtherSocialWork => 4,
    OtherSocialCare => 5, LeftSocialCare => 6, Other => 7, NotKnown => 8,
});

code_enum! {
    /// The job a person does during an assignment, or a vacant post is for.
    Role {
        /// Newly qualified, in the Assessed and Supported Year in Employment.
        Asye = "asye",
        /// Social worker.
        SocialWorker = "social_worker",
        /// Senior or experienced social worker.
        SeniorSocialWorker = "senior_social_worker",
        /// Advanced or enhanced practitioner.
        AdvancedPractitioner = "advanced_practitioner",
        /// Practice supervisor.
        PracticeSupervisor = "practice_supervisor",
        /// Team manager.
        TeamManager = "team_manager",
        /// Service manager.
        ServiceManager = "service_manager",
        /// Senior manager (head of service and above).
        SeniorManager = "senior_manager",
        /// The principal social worker.
        PrincipalSocialWorker = "principal_social_worker",
        /// A qualified social worker in a role without cases.
        QualifiedNoCases = "qualified_no_cases",
        /// Any other role.
        Other = "other",
    }
}

impl Role {
    /// The census OrgRole derived from the role: 1 senior manager, 2 middle manager,
    /// 3 first line manager, 4 senior practitioner, 5 case holder, 6 qualified without
    /// cases. `other` has no OrgRole. The mapping is documented in docs/bulk-format.md.
    pub fn census_org_role(self) -> Option<u8> {
        match self {
            Self::SeniorManager => Some(1),
            Self::ServiceManager | Self::PrincipalSocialWorker => Some(2),
            Self::TeamManager | Self::PracticeSupervisor => Some(3),
            Self::SeniorSocialWorker | Self::AdvancedPractitioner => Some(4),
            Self::Asye | Self::SocialWorker => Some(5),
            Self::QualifiedNoCases => Some(6),
            Self::Other => None,
        }
    }
}

code_enum! {
    /// The contract an assignment is held on.
    Contract {
        /// Permanent employee.
        Permanent = "permanent",
        /// Fixed-term employee.
        FixedTerm = "fixed_term",
        /// Agency worker: counted apart from the council's own social workers.
        Agency = "agency",
        /// Seconded in.
        Secondment = "secondment",
        /// Apprentice.
        Apprentice = "apprentice",
    }
}

code_enum! {
    /// Where a vacancy's recruitment has got to.
    VacancyStage {
        /// Not being recruited to.
        NotRecruiting = "not_recruiting",
        /// Advertised.
        Advertised = "advertised",
        /// Shortlisting applicants.
        Shortlisting = "shortlisting",
        /// Interviewing.
        Interview = "interview",
        /// An offer is out.
        Offer = "offer",
        /// Offer accepted, pre-employment checks under way.
        PreEmploymentChecks = "pre_employment_checks",
        /// Filled.
        Filled = "filled",
        /// Withdrawn.
        Withdrawn = "withdrawn",
    }
}

code_enum! {
    /// An academy programme.
    Programme {
        /// Newly qualified: induction, recall days and the ASYE.
        Full = "full",
        /// Experienced starters: a shorter induction.
        Short = "short",
    }
}

code_enum! {
    /// The result of an academy member's Assessed and Supported Year in Employment.
    AsyeOutcome {
        /// Passed.
        Pass = "pass",
        /// Failed.
        Fail = "fail",
        /// Extended.
        Extended = "extended",
        /// Still under way.
        InProgress = "in_progress",
        /// Not applicable (experienced starters).
        NotApplicable = "not_applicable",
    }
}

code_enum! {
    /// What came of a student placement.
    PlacementOutcome {
        /// The student was offered a job.
        Offered = "offered",
        /// The student accepted a job offer.
        Accepted = "accepted",
        /// The student declined a job offer.
        Declined = "declined",
        /// No job was offered.
        NotOffered = "not_offered",
    }
}

code_enum! {
    /// Which of a student's two placements this is.
    PlacementNumber {
        /// The first placement.
        First = "1",
        /// The final placement, the one most likely to turn into a job.
        Final = "2",
    }
}

code_enum! {
    /// Why a worker was absent (DfE ReasonAbsence).
    AbsenceReason {
        /// Sickness.
        Sickness = "sic",
        /// Maternity or paternity leave.
        Maternity = "mat",
        /// Other paid authorised absence.
        OtherPaid = "oth",
        /// Public duties.
        PublicDuties = "pub",
        /// Training.
        Training = "trn",
        /// Unauthorised absence.
        Unauthorised = "una",
        /// Unpaid authorised absence.
        Unpaid = "unp",
    }
}

code_enum! {
    /// The main reason a leaver gave at exit interview.
    ExitReason {
        /// Caseload.
        Caseload = "caseload",
        /// Pay.
        Pay = "pay",
        /// Management support.
        ManagementSupport = "management_support",
        /// Career progression.
        CareerProgression = "career_progression",
        /// Moving home.
        Relocation = "relocation",
        /// Going to agency work.
        AgencyWork = "agency_work",
        /// Wellbeing.
        Wellbeing = "wellbeing",
        /// Travel.
        Travel = "travel",
        /// Retirement.
        Retirement = "retirement",
        /// Anything else.
        Other = "other",
    }
}

code_enum! {
    /// Whether a leaver would come back.
    WouldReturn {
        /// Yes.
        Yes = "yes",
        /// No.
        No = "no",
        /// Maybe.
        Maybe = "maybe",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_case_insensitively_and_ignore_spaces() {
        assert_eq!(Role::parse(" Social_Worker "), Ok(Role::SocialWorker));
        assert_eq!(Ethnicity::parse("wbri"), Ok(Ethnicity::Wbri));
        assert_eq!(AbsenceReason::parse("SIC"), Ok(AbsenceReason::Sickness));
    }

    #[test]
    fn unknown_codes_list_what_was_expected() {
        let error = Programme::parse("long").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected one of full, short, found \"long\""
        );
    }

    #[test]
    fn every_spelling_parses_back_to_its_value() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        for ethnicity in Ethnicity::ALL {
            assert_eq!(Ethnicity::parse(ethnicity.as_str()), Ok(*ethnicity));
        }
    }

    #[test]
    fn census_codes_follow_the_dfe_lists() {
        assert_eq!(Gender::Female.census_code(), 2);
        assert_eq!(Gender::NotKnown.census_code(), 0);
        assert_eq!(StartOrigin::NotKnown.census_code(), 9);
        assert_eq!(LeavingReason::MovedWithinCouncil.census_code(), 7);
        assert_eq!(Destination::NotKnown.census_code(), 8);
        assert_eq!(Role::QualifiedNoCases.census_org_role(), Some(6));
    }
}
