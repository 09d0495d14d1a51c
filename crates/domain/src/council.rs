//! Councils, identified by the Department for Education's local-authority code.

use std::fmt;
use std::str::FromStr;

/// A council's three-digit DfE local-authority code, such as `888` (Lancashire).
///
/// Every row of council data carries one; it is the unit of isolation between councils
/// sharing an installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CouncilCode(u16);

/// Why a text is not a DfE local-authority code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a three-digit DfE local-authority code such as 888, found {0:?}")]
pub struct CouncilCodeError(pub String);

impl CouncilCode {
    /// Parses a code written as exactly three digits (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, CouncilCodeError> {
        let trimmed = text.trim();
        if trimmed.len() == 3 && trimmed.bytes().all(|b| b.is_ascii_digit()) {
            let number: u16 = trimmed
                .parse()
                .map_err(|_| CouncilCodeError(text.to_owned()))?;
            if number >= 100 {
                return Ok(Self(number));
            }
        }
        Err(CouncilCodeError(text.to_owned()))
    }

    /// The code as a number, e.g. 888.
    pub fn number(self) -> u16 {
        self.0
    }
}

impl fmt::Display for CouncilCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}", self.0)
    }
}

crate::values::serde_as_text!(CouncilCode);

impl FromStr for CouncilCode {
    type Err = CouncilCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_digit_codes_are_accepted_and_printed_back() {
        assert_eq!(CouncilCode::parse(" 888 ").unwrap().to_string(), "888");
        assert_eq!(CouncilCode::parse("201").unwrap().number(), 201);
    }

    #[test]
    fn codes_that_are_not_three_digits_are_refused() {
        for bad in ["88", "8888", "08a", "", "088", "-88", "８８８"] {
            assert!(CouncilCode::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}

/// A council using Pathway: its DfE code and the name it goes by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Council {
    /// The DfE local-authority code.
    pub code: CouncilCode,
    /// The council's name, as shown in page headers and reports.
    pub name: String,
}

impl Council {
    /// The name given to a council first met in an upload, until an administrator
    /// names it.
    pub fn unnamed(code: CouncilCode) -> Self {
        Self {
            code,
            name: format!("Council {code}"),
        }
    }
}
