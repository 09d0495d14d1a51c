//! Staff survey responses from another survey tool, as one CSV file laid out in
//! docs/survey-format.md: one row per response, the groups the respondent chose and
//! one column per statement answered.
//!
//! All or nothing: every problem is reported as `file:row:column: message`, rows
//! counted as a spreadsheet counts them (the header is row 1).

use std::collections::BTreeMap;
use std::fmt;

use pathway_domain::ids::TeamId;
use pathway_domain::survey::{
    Agreement, ResponseId, RoleGroup, STATEMENTS, ServiceBand, SurveyResponse, statement,
};

/// The group columns; every other column is a statement's code.
pub const GROUP_COLUMNS: [&str; 3] = ["team_id", "role_group", "length_of_service"];

/// The most responses one file may hold.
pub const MAX_RESPONSES: usize = 100_000;

/// One problem with a survey file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyProblem {
    /// The file's name as given.
    pub file: String,
    /// The row, from 1 for the header.
    pub row: usize,
    /// The column's name, if one column is at fault.
    pub column: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for SurveyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "{}:{}:{}: {}", self.file, self.row, column, self.message),
            None => write!(f, "{}:{}: {}", self.file, self.row, self.message),
        }
    }
}

/// The expected spellings of an answer, for messages.
fn answer_spellings() -> String {
    format!(
        "{} (or 1 to 5), or empty when not answered",
        Agreement::SPELLINGS.join(", ")
    )
}

/// Reads a survey file's responses for `year`: each takes an ID from `new_id`; teams
/// must be among `teams`. Every problem is returned, or none.
pub fn read_responses(
    file: &str,
    bytes: &[u8],
    year: u16,
    teams: &[TeamId],
    mut new_id: impl FnMut() -> ResponseId,
) -> Result<Vec<SurveyResponse>, Vec<SurveyProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let problem = |row: usize, column: Option<&str>, message: String| SurveyProblem {
        file: file.to_owned(),
        row,
        column: column.map(str::to_owned),
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(error) => return Err(vec![problem(1, None, format!("not a CSV file: {error}"))]),
    };
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for header in &headers {
        if seen.contains(&header.as_str()) {
            problems.push(problem(
                1,
                Some(header),
                "this column appears twice".to_owned(),
            ));
        } else if !GROUP_COLUMNS.contains(&header.as_str()) && statement(header).is_none() {
            problems.push(problem(
                1,
                Some(header),
                format!(
                    "unknown column: expected {} or a statement code such as {}",
                    GROUP_COLUMNS.join(", "),
                    STATEMENTS[0].code
                ),
            ));
        }
        seen.push(header);
    }
    if !headers.iter().any(|header| statement(header).is_some()) {
        problems.push(problem(
            1,
            None,
            "no statement column: a file needs at least one, such as wellbeing_1".to_owned(),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut responses = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        if index >= MAX_RESPONSES {
            problems.push(problem(
                row,
                None,
                format!("a file may hold at most {MAX_RESPONSES} responses"),
            ));
            break;
        }
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(problem(row, None, format!("cannot read the row: {error}")));
                continue;
            }
        };
        let problems_before = problems.len();
        let mut response = SurveyResponse {
            id: new_id(),
            year,
            team_id: None,
            role_group: None,
            service: None,
            answers: BTreeMap::new(),
        };
        for (header, cell) in headers.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            match header.as_str() {
                "team_id" => match TeamId::parse(cell) {
                    Ok(team) if teams.contains(&team) => response.team_id = Some(team),
                    _ => problems.push(problem(
                        row,
                        Some(header),
                        format!(
                            "there is no team {cell:?}: expected the council's ID of one of its teams, or empty"
                        ),
                    )),
                },
                "role_group" => match RoleGroup::parse(cell) {
                    Ok(group) => response.role_group = Some(group),
                    Err(_) => problems.push(problem(
                        row,
                        Some(header),
                        format!(
                            "{cell:?} is not a role group: expected {}, or empty",
                            RoleGroup::SPELLINGS.join(", ")
                        ),
                    )),
                },
                "length_of_service" => match ServiceBand::parse(cell) {
                    Ok(band) => response.service = Some(band),
                    Err(_) => problems.push(problem(
                        row,
                        Some(header),
                        format!(
                            "{cell:?} is not a length of service: expected {}, or empty",
                            ServiceBand::SPELLINGS.join(", ")
                        ),
                    )),
                },
                code => match Agreement::parse_answer(cell) {
                    Some(answer) => {
                        response.answers.insert(code.to_owned(), answer);
                    }
                    None => problems.push(problem(
                        row,
                        Some(header),
                        format!("{cell:?} is not an answer: expected {}", answer_spellings()),
                    )),
                },
            }
        }
        if response.answers.is_empty() && problems.len() == problems_before {
            problems.push(problem(
                row,
                None,
                "the response answers no statement".to_owned(),
            ));
        }
        responses.push(response);
    }
    if problems.is_empty() {
        Ok(responses)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> impl FnMut() -> ResponseId {
        let mut next = 0u128;
        move || {
            next += 1;
            ResponseId::from_random(next)
        }
    }

    fn teams() -> Vec<TeamId> {
        vec![TeamId::parse("T1").unwrap()]
    }

    #[test]
    fn a_file_of_responses_reads_answers_by_spelling_or_number() {
        let text = "team_id,role_group,length_of_service,wellbeing_1,supervision_2\n\
                    T1,social_worker,under_2_years,agree,5\n\
                    ,,,strongly_disagree,\n";
        let responses = read_responses("s.csv", text.as_bytes(), 2024, &teams(), ids()).unwrap();
        assert_eq!(responses.len(), 2);
        assert_eq!(
            responses[0].answers["supervision_2"],
            Agreement::StronglyAgree
        );
        assert_eq!(responses[0].team_id, Some(TeamId::parse("T1").unwrap()));
        assert_eq!(responses[1].team_id, None);
        assert_eq!(responses[1].answers.len(), 1);
    }

    #[test]
    fn every_problem_is_named_by_file_row_and_column() {
        let text = "team_id,wellbeing_1\nT9,agree\nT1,sometimes\nT1,\n";
        let problems = read_responses("s.csv", text.as_bytes(), 2024, &teams(), ids())
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>();
        assert_eq!(problems.len(), 3);
        assert!(problems[0].starts_with("s.csv:2:team_id: there is no team \"T9\""));
        assert!(problems[1].starts_with("s.csv:3:wellbeing_1: \"sometimes\" is not an answer"));
        assert_eq!(problems[2], "s.csv:4: the response answers no statement");
    }

    #[test]
    fn an_unknown_column_is_refused_at_the_header() {
        let text = "name,wellbeing_1\nAlex,agree\n";
        let problems = read_responses("s.csv", text.as_bytes(), 2024, &teams(), ids()).unwrap_err();
        assert_eq!(problems[0].row, 1);
        assert_eq!(problems[0].column.as_deref(), Some("name"));
    }
}
