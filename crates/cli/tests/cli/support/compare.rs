//! Comparing two measures documents by the rules of "Comparing two documents" in
//! `../shared/spec/measures-json.md`.
//!
//! - Objects: the same keys (as sets); values compared key by key.
//! - Arrays: the same length; elements compared in order.
//! - The same JSON kind on both sides (object, array, string, number, boolean, null);
//!   `null` equals only `null`; strings and booleans must be exactly equal.
//! - Integer fields: exactly equal. A field is an integer field when the expected
//!   document (the reference peer's, which writes every count as an integer and every
//!   other number with a fraction or exponent) writes it as an integer; the actual value
//!   may still be written `39.0` for `39`, as the spec compares integral values as
//!   numbers.
//! - Other numbers: equal when `a == b`, or `|a − b| ≤ 1e-9 × max(|a|, |b|)`, or
//!   `|a − b| ≤ 1e-12`, or both `|a|` and `|b|` are below `1e-300`.
//!
//! The walk is depth first, keys in sorted order, and at each object the key sets are
//! checked before any value under it, so the reported difference is deterministic and a
//! missing or extra key is reported before the values beside it.

use std::fmt;

use serde_json::{Map, Number, Value};

/// Relative tolerance for non-integer numbers.
pub const RELATIVE: f64 = 1e-9;
/// Absolute tolerance for non-integer numbers (a statistic that is zero up to rounding).
pub const ABSOLUTE: f64 = 1e-12;
/// Below this on both sides, two numbers are equal (an underflowing p-value).
pub const UNDERFLOW: f64 = 1e-300;

/// Which rule of the comparison failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The expected document has a key the actual one lacks.
    MissingKey,
    /// The actual document has a key the expected one lacks.
    ExtraKey,
    /// The two values are of different JSON kinds (e.g. number against null).
    Kind,
    /// Two arrays of different lengths.
    Length,
    /// Two values of the same kind that are not equal (for numbers: outside tolerance,
    /// or an integer field not exactly equal).
    Value,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rule::MissingKey => "missing key (in expected, not in actual)",
            Rule::ExtraKey => "extra key (in actual, not in expected)",
            Rule::Kind => "different JSON kinds",
            Rule::Length => "arrays of different lengths",
            Rule::Value => "different values",
        })
    }
}

/// The first difference found between two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The JSON path of the differing value, keys and array indexes joined by dots
    /// (`authorities.888.survival.overall.at.1.lower`); empty for the document itself.
    pub path: String,
    pub rule: Rule,
    /// The expected value as compact JSON (`None` when the key is absent there).
    pub expected: Option<String>,
    /// The actual value as compact JSON (`None` when the key is absent there).
    pub actual: Option<String>,
    /// More about a value difference (e.g. the relative difference of two numbers).
    pub detail: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "the document itself"
        } else {
            &self.path
        };
        writeln!(f, "first difference at {path}: {}", self.rule)?;
        let absent = "(absent)".to_owned();
        writeln!(
            f,
            "  expected: {}",
            self.expected.as_ref().unwrap_or(&absent)
        )?;
        write!(f, "  actual:   {}", self.actual.as_ref().unwrap_or(&absent))?;
        if let Some(detail) = &self.detail {
            write!(f, "\n  {detail}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Difference {}

/// Compares two measures documents; `Err` holds the first difference.
pub fn compare(expected: &Value, actual: &Value) -> Result<(), Difference> {
    let mut path = Vec::new();
    walk(expected, actual, &mut path)
}

/// Whether two numbers are equal by the spec's rules, `integer_field` meaning the exact
/// rule applies.
pub fn numbers_equal(expected: &Number, actual: &Number, integer_field: bool) -> bool {
    if integer_field {
        return match (integer(expected), integer(actual)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
    }
    match (expected.as_f64(), actual.as_f64()) {
        (Some(a), Some(b)) => floats_equal(a, b),
        _ => false,
    }
}

/// The spec's rule for non-integer numbers.
pub fn floats_equal(a: f64, b: f64) -> bool {
    let gap = (a - b).abs();
    a == b
        || gap <= RELATIVE * a.abs().max(b.abs())
        || gap <= ABSOLUTE
        || (a.abs() < UNDERFLOW && b.abs() < UNDERFLOW)
}

/// A number's exact integer value: an integer literal, or an integral float such as
/// `39.0`. Floats beyond 2^53 are not exact integers and give `None`.
fn integer(number: &Number) -> Option<i128> {
    if let Some(value) = number.as_i64() {
        return Some(i128::from(value));
    }
    if let Some(value) = number.as_u64() {
        return Some(i128::from(value));
    }
    let value = number.as_f64()?;
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= EXACT {
        // Exact: an integral double within ±2^53 converts to i128 without loss.
        return Some(value as i128);
    }
    None
}

fn is_integer_literal(number: &Number) -> bool {
    number.is_i64() || number.is_u64()
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn walk(expected: &Value, actual: &Value, path: &mut Vec<String>) -> Result<(), Difference> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => objects(e, a, path),
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(difference(
                    path,
                    Rule::Length,
                    Some(expected),
                    Some(actual),
                    Some(format!("expected {} elements, actual {}", e.len(), a.len())),
                ));
            }
            for (index, (e, a)) in e.iter().zip(a).enumerate() {
                path.push(index.to_string());
                walk(e, a, path)?;
                path.pop();
            }
            Ok(())
        }
        (Value::Number(e), Value::Number(a)) => {
            let integer_field = is_integer_literal(e);
            if numbers_equal(e, a, integer_field) {
                return Ok(());
            }
            let detail = if integer_field {
                "an integer field: must be exactly equal".to_owned()
            } else {
                let (x, y) = (
                    e.as_f64().unwrap_or(f64::NAN),
                    a.as_f64().unwrap_or(f64::NAN),
                );
                let gap = (x - y).abs();
                format!(
                    "|difference| = {gap:e}, relative {:e} (tolerance: relative {RELATIVE:e} or absolute {ABSOLUTE:e})",
                    gap / x.abs().max(y.abs())
                )
            };
            Err(difference(
                path,
                Rule::Value,
                Some(expected),
                Some(actual),
                Some(detail),
            ))
        }
        (Value::String(e), Value::String(a)) if e == a => Ok(()),
        (Value::Bool(e), Value::Bool(a)) if e == a => Ok(()),
        (Value::Null, Value::Null) => Ok(()),
        (Value::String(_), Value::String(_)) | (Value::Bool(_), Value::Bool(_)) => Err(difference(
            path,
            Rule::Value,
            Some(expected),
            Some(actual),
            None,
        )),
        _ => Err(difference(
            path,
            Rule::Kind,
            Some(expected),
            Some(actual),
            Some(format!(
                "expected a {}, actual a {}",
                kind(expected),
                kind(actual)
            )),
        )),
    }
}

fn objects(
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    path: &mut Vec<String>,
) -> Result<(), Difference> {
    let mut expected_keys: Vec<&String> = expected.keys().collect();
    expected_keys.sort();
    let mut actual_keys: Vec<&String> = actual.keys().collect();
    actual_keys.sort();
    for key in &expected_keys {
        if !actual.contains_key(*key) {
            path.push((*key).clone());
            let extra = actual_keys
                .iter()
                .filter(|key| !expected.contains_key(**key))
                .map(|key| key.as_str())
                .collect::<Vec<_>>();
            return Err(difference(
                path,
                Rule::MissingKey,
                Some(&expected[key.as_str()]),
                None,
                (!extra.is_empty()).then(|| format!("keys only in actual here: {extra:?}")),
            ));
        }
    }
    for key in &actual_keys {
        if !expected.contains_key(*key) {
            path.push((*key).clone());
            return Err(difference(
                path,
                Rule::ExtraKey,
                None,
                Some(&actual[key.as_str()]),
                None,
            ));
        }
    }
    for key in expected_keys {
        path.push(key.clone());
        walk(&expected[key.as_str()], &actual[key.as_str()], path)?;
        path.pop();
    }
    Ok(())
}

/// How long a value's JSON may be in a message before it is cut.
const SHOWN: usize = 300;

fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= SHOWN {
        text
    } else {
        let cut: String = text.chars().take(SHOWN).collect();
        format!("{cut}… ({} characters)", text.chars().count())
    }
}

/// A path segment as written in a path: plain when it is simple, else a JSON string.
fn segment(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '/'));
    if plain {
        key.to_owned()
    } else {
        Value::String(key.to_owned()).to_string()
    }
}

fn difference(
    path: &[String],
    rule: Rule,
    expected: Option<&Value>,
    actual: Option<&Value>,
    detail: Option<String>,
) -> Difference {
    Difference {
        path: path
            .iter()
            .map(|key| segment(key))
            .collect::<Vec<_>>()
            .join("."),
        rule,
        expected: expected.map(show),
        actual: actual.map(show),
        detail,
    }
}
