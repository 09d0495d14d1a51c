//! What the forms of the placements, international and agency pages share: the
//! typed values kept as sent ([`FormFields`]), each field's error linked from the
//! error summary, GOV.UK date boxes, amounts in pounds, and new IDs.

use pathway_domain::values::Date;

use super::{FormFields, SummaryError};
use crate::page::date_input;

/// A form's errors, field by field, in the order the form shows them.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, Vec<String>)>);

impl FieldErrors {
    /// Records what is wrong with a field (its id, which the summary links to).
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        match self.0.iter_mut().find(|(name, _)| name == field) {
            Some((_, messages)) => messages.push(message),
            None => self.0.push((field.to_owned(), vec![message])),
        }
    }

    /// The first message of a field, for its input.
    pub fn of(&self, field: &str) -> Option<String> {
        self.all(field).first().cloned()
    }

    /// The messages of a field, for a date input.
    pub fn all(&self, field: &str) -> &[String] {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map_or(&[], |(_, messages)| messages.as_slice())
    }

    /// The error summary's lines.
    pub fn summary(&self) -> Vec<SummaryError> {
        self.0
            .iter()
            .flat_map(|(field, messages)| {
                messages.iter().map(|message| SummaryError {
                    field: field.clone(),
                    message: message.clone(),
                })
            })
            .collect()
    }

    /// How many messages there are.
    fn count(&self) -> usize {
        self.0.iter().map(|(_, messages)| messages.len()).sum()
    }

    /// Whether the form is free of errors.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The three boxes of a date input named `<id>-day`, `<id>-month`, `<id>-year`, as
/// fields of a form.
pub fn put_date(pairs: &mut Vec<(String, String)>, id: &str, date: Option<Date>) {
    let (day, month, year) = date.map_or_else(Default::default, |date| {
        (
            date.format("%-d").to_string(),
            date.format("%-m").to_string(),
            date.format("%Y").to_string(),
        )
    });
    pairs.push((format!("{id}-day"), day));
    pairs.push((format!("{id}-month"), month));
    pairs.push((format!("{id}-year"), year));
}

/// Reads the date input `id` of a form: none when its boxes are empty; a wrong date
/// is recorded against the field. `what` starts the messages: `Start date`.
pub fn optional_date(
    form: &FormFields,
    errors: &mut FieldErrors,
    id: &str,
    what: &str,
) -> Option<Date> {
    match date_input(
        what,
        &form.get(&format!("{id}-day")),
        &form.get(&format!("{id}-month")),
        &form.get(&format!("{id}-year")),
    ) {
        Ok(date) => date,
        Err(message) => {
            errors.add(id, message);
            None
        }
    }
}

/// Reads the date input `id`, which must be filled in.
pub fn required_date(
    form: &FormFields,
    errors: &mut FieldErrors,
    id: &str,
    what: &str,
) -> Option<Date> {
    let before = errors.count();
    let date = optional_date(form, errors, id, what);
    if date.is_none() && errors.count() == before {
        errors.add(id, format!("Enter the {}", what.to_lowercase()));
    }
    date
}

/// Reads an amount typed in pounds (`42.50`, `£42.5`, `42`, `1,042.50`) as pence;
/// `None` if it is not one, negative or more than £1,000,000.
pub fn parse_pounds(text: &str) -> Option<u32> {
    let text = text.trim();
    let text = text
        .strip_prefix('£')
        .unwrap_or(text)
        .trim()
        .replace(',', "");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || whole.len() > 7
        || !digits(whole)
        || fraction.len() > 2
        || !digits(fraction)
    {
        return None;
    }
    let pence = whole.parse::<u32>().ok()? * 100
        + match fraction.len() {
            0 => 0,
            1 => fraction.parse::<u32>().ok()? * 10,
            _ => fraction.parse::<u32>().ok()?,
        };
    (pence <= 100_000_000).then_some(pence)
}

/// Pence as a form shows them: `42.50`.
pub fn pounds_field(pence: u32) -> String {
    pathway_domain::recruitment::agency::pounds(pence)
}

/// The first of `prefix1`, `prefix2`, ... that `taken` does not hold: a new record's
/// ID when the user gives none.
pub fn new_id(prefix: &str, taken: &[&str]) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken.iter().any(|t| t.eq_ignore_ascii_case(id)))
        .unwrap_or_else(|| prefix.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_read_as_people_type_them_into_pence() {
        assert_eq!(parse_pounds("42.50"), Some(4_250));
        assert_eq!(parse_pounds(" £42.5 "), Some(4_250));
        assert_eq!(parse_pounds("42"), Some(4_200));
        assert_eq!(parse_pounds("1,042.05"), Some(104_205));
        assert_eq!(parse_pounds("0.07"), Some(7));
        for wrong in ["", "£", "-1", "42.505", "forty", "4 2", ".50", "99999999"] {
            assert_eq!(parse_pounds(wrong), None, "{wrong}");
        }
        assert_eq!(pounds_field(4_250), "42.50");
    }

    #[test]
    fn a_new_id_takes_the_first_free_number() {
        assert_eq!(new_id("U", &[]), "U1");
        assert_eq!(new_id("U", &["U1", "u2", "U4"]), "U3");
    }

    #[test]
    fn a_missing_date_is_asked_for_and_a_wrong_one_explained_once() {
        let form = FormFields::new(vec![
            ("a-day".into(), "31".into()),
            ("a-month".into(), "2".into()),
            ("a-year".into(), "2024".into()),
        ]);
        let mut errors = FieldErrors::default();
        assert_eq!(required_date(&form, &mut errors, "a", "Start date"), None);
        assert_eq!(required_date(&form, &mut errors, "b", "End date"), None);
        assert_eq!(
            errors.all("a"),
            ["Start date must be a real date".to_owned()]
        );
        assert_eq!(errors.of("b").as_deref(), Some("Enter the end date"));
        let mut pairs = Vec::new();
        put_date(&mut pairs, "c", "2024-03-04".parse().ok());
        let form = FormFields::new(pairs);
        assert_eq!(form.get("c-day"), "4");
        assert_eq!(form.get("c-month"), "3");
    }
}
