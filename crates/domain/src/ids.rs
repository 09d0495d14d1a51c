//! The council's own identifiers for its records.
//!
//! Each kind of record has its own ID type so that a worker's ID can never be used
//! where a team's is expected. IDs are the council's strings, unique within a council.

use std::fmt;

/// Why a text is not a usable ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The cell was empty or only spaces.
    #[error("an ID is required")]
    Empty,
    /// The ID is longer than [`MAX_ID_LEN`] characters.
    #[error("an ID may have at most {MAX_ID_LEN} characters, this one has {0}")]
    TooLong(usize),
    /// The ID holds a line break, tab or other control character.
    #[error("an ID may not contain line breaks or other control characters")]
    ControlCharacter,
}

/// The longest ID accepted: councils' HR systems use short codes, and a long one is
/// almost always a column mix-up.
pub const MAX_ID_LEN: usize = 64;

fn check_id(text: &str) -> Result<String, IdError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(IdError::Empty);
    }
    let chars = trimmed.chars().count();
    if chars > MAX_ID_LEN {
        return Err(IdError::TooLong(chars));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(IdError::ControlCharacter);
    }
    Ok(trimmed.to_owned())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Parses an ID: trimmed, non-empty, at most [`MAX_ID_LEN`] characters.
            pub fn parse(text: &str) -> Result<Self, IdError> {
                check_id(text).map(Self)
            }

            /// The ID as the council wrote it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
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

id_type!(
    /// A team's ID (`team_id`).
    TeamId
);
id_type!(
    /// A person's ID (`worker_id`), the same across all their employments.
    WorkerId
);
id_type!(
    /// One continuous spell of employment (`employment_id`).
    EmploymentId
);
id_type!(
    /// A vacant post (`vacancy_id`).
    VacancyId
);
id_type!(
    /// An academy cohort (`cohort_id`).
    CohortId
);
id_type!(
    /// A university student placement (`placement_id`).
    PlacementId
);
id_type!(
    /// A recruitment event (`event_id`).
    EventId
);
id_type!(
    /// An item of the academy's induction checklist, such as `laptop`.
    ChecklistItemId
);
id_type!(
    /// A post of the establishment: a funded (or unfunded) job in a team.
    PostId
);
id_type!(
    /// A candidate for a vacancy.
    CandidateId
);
id_type!(
    /// A university the council places students from.
    UniversityId
);
id_type!(
    /// An engagement of an agency social worker.
    EngagementId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_trimmed() {
        assert_eq!(WorkerId::parse("  W001 ").unwrap().as_str(), "W001");
    }

    #[test]
    fn empty_long_and_multiline_ids_are_refused() {
        assert_eq!(TeamId::parse("   "), Err(IdError::Empty));
        assert_eq!(TeamId::parse(&"x".repeat(65)), Err(IdError::TooLong(65)));
        assert_eq!(TeamId::parse("T\n1"), Err(IdError::ControlCharacter));
        assert!(TeamId::parse(&"x".repeat(64)).is_ok());
    }
}
