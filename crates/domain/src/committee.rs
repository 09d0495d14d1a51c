//! The committee report's own words: what the principal social worker writes around
//! the figures (the meeting, who reports, the recommendations, the background and the
//! implications). The figures and the sentences about them are made from the records
//! each time; these words are kept with the report, one set per council and reference
//! date, so next year's paper can start from this year's.

use crate::values::Date;

/// The longest a single text may be, in characters: several pages of a paper.
pub const MAX_TEXT: usize = 20_000;
/// The longest a one-line field (meeting, report of, contact officer) may be.
pub const MAX_LINE: usize = 200;

/// The editable text of one committee report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeDetails {
    /// The committee the paper goes to ("Children's Services Scrutiny Committee").
    pub meeting: String,
    /// The day it meets, when known.
    pub meeting_date: Option<Date>,
    /// Whose report it is ("Director of Children's Services").
    pub report_of: String,
    /// Who to contact about it: name, job title, telephone or email.
    pub contact_officer: String,
    /// What the committee is asked to do: one recommendation per line.
    pub recommendations: String,
    /// Why the report comes now and what it covers: paragraphs split by blank lines.
    pub background: String,
    /// Financial implications.
    pub financial: String,
    /// Legal implications.
    pub legal: String,
    /// Equalities implications.
    pub equalities: String,
    /// Risks and how they are managed.
    pub risk: String,
}

/// Why committee details cannot be saved; `field` is the field's name as forms and
/// the API spell it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitteeError {
    /// A required line is empty.
    #[error("{field}: enter the {what}")]
    Blank {
        /// The field.
        field: &'static str,
        /// What it holds, in words.
        what: &'static str,
    },
    /// A text is too long.
    #[error("{field}: must be {max} characters or fewer")]
    TooLong {
        /// The field.
        field: &'static str,
        /// The most allowed.
        max: usize,
    },
}

impl CommitteeDetails {
    /// The words a council starts from before anyone has edited them: a report that
    /// can go to committee as it is, with the implications each council usually
    /// states, to be changed to fit.
    pub fn starting_point() -> Self {
        Self {
            meeting: "Children's Services Scrutiny Committee".to_owned(),
            meeting_date: None,
            report_of: "Director of Children's Services".to_owned(),
            contact_officer: "Principal Social Worker".to_owned(),
            recommendations: "Note the position of the children's social work workforce set out in this report.\n\
                Endorse the continued investment in the social work academy as the council's main route for recruiting and keeping social workers.\n\
                Receive a further report on the workforce in twelve months."
                .to_owned(),
            background: "The council reports to this committee each year on its children's social work workforce: vacancies, turnover, the use of agency social workers, caseloads, and how many of the social workers who came through the academy have stayed.\n\n\
                The figures in this report are taken from the council's workforce records on the reference date, using the same definitions as the Department for Education's annual children's social work workforce census."
                .to_owned(),
            financial: "Agency social workers cost the council considerably more than permanent staff. Every vacancy filled by a permanent social worker reduces that cost. The academy is funded within the existing workforce development budget.".to_owned(),
            legal: "The council must provide sufficient social workers to meet its duties to children under the Children Act 1989 and the Children Act 2004, and must send the Department for Education its workforce census each year.".to_owned(),
            equalities: "The workforce profile is monitored by gender, age, ethnicity and disability so that recruitment reaches every community the council serves. Small numbers are not published, so that no one can be identified.".to_owned(),
            risk: "High vacancy and turnover rates put the stability of children's relationships with their social workers at risk, and high caseloads put the quality of practice at risk. Both are monitored monthly by the workforce board.".to_owned(),
        }
    }

    /// Every problem that stops the details being saved, in the order of the form.
    pub fn check(&self) -> Vec<CommitteeError> {
        let mut problems = Vec::new();
        let lines = [
            ("meeting", "name of the meeting", &self.meeting),
            (
                "report_of",
                "person or post the report is from",
                &self.report_of,
            ),
            ("contact_officer", "contact officer", &self.contact_officer),
        ];
        for (field, what, text) in lines {
            if text.trim().is_empty() {
                problems.push(CommitteeError::Blank { field, what });
            } else if text.chars().count() > MAX_LINE {
                problems.push(CommitteeError::TooLong {
                    field,
                    max: MAX_LINE,
                });
            }
        }
        let texts = [
            ("recommendations", &self.recommendations),
            ("background", &self.background),
            ("financial", &self.financial),
            ("legal", &self.legal),
            ("equalities", &self.equalities),
            ("risk", &self.risk),
        ];
        for (field, text) in texts {
            if text.chars().count() > MAX_TEXT {
                problems.push(CommitteeError::TooLong {
                    field,
                    max: MAX_TEXT,
                });
            }
        }
        if self.recommendations.trim().is_empty() {
            problems.push(CommitteeError::Blank {
                field: "recommendations",
                what: "recommendations, one per line",
            });
        }
        problems
    }

    /// The recommendations, one per non-empty line.
    pub fn recommendation_list(&self) -> Vec<String> {
        self.recommendations
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// The paragraphs of a text: split at blank lines, lines within one joined by spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starting_point_can_be_saved_as_it_is() {
        assert_eq!(CommitteeDetails::starting_point().check(), []);
        assert_eq!(
            CommitteeDetails::starting_point()
                .recommendation_list()
                .len(),
            3
        );
    }

    #[test]
    fn a_blank_meeting_and_no_recommendations_are_refused_by_field() {
        let details = CommitteeDetails {
            meeting: "  ".to_owned(),
            recommendations: "\n \n".to_owned(),
            ..CommitteeDetails::starting_point()
        };
        let fields: Vec<String> = details.check().iter().map(ToString::to_string).collect();
        assert_eq!(
            fields,
            [
                "meeting: enter the name of the meeting",
                "recommendations: enter the recommendations, one per line"
            ]
        );
    }

    #[test]
    fn paragraphs_are_split_at_blank_lines_and_their_lines_joined() {
        assert_eq!(
            paragraphs("One\nline.\r\n\r\nTwo.\n\n\n"),
            ["One line.", "Two."]
        );
    }
}
