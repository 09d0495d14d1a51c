//! The maintained list of acronyms Pathway's reports may use, and the choice of the
//! ones a report does use: a report's glossary holds exactly the acronyms in its text.
//!
//! An acronym counts as used when it stands as a word of its own, or with a plural
//! `s` ("NQSWs"); case matters, so "Ofsted" and "DfE" are matched as written.

use std::collections::BTreeSet;

use crate::model::GlossaryEntry;

/// Every acronym a report may use and what it stands for, alphabetical.
pub const ACRONYMS: &[(&str, &str)] = &[
    ("ADCS", "Association of Directors of Children's Services"),
    (
        "ASYE",
        "Assessed and Supported Year in Employment: the first year of practice of a newly qualified social worker",
    ),
    ("BSL", "British Sign Language"),
    ("CIN", "Child in need"),
    ("CLA", "Child looked after (a child in the council's care)"),
    ("CP", "Child protection"),
    ("CPD", "Continuing professional development"),
    (
        "CSWW",
        "Children's social work workforce: the DfE's annual census of it",
    ),
    ("DBS", "Disclosure and Barring Service"),
    ("DfE", "Department for Education"),
    (
        "ESWP",
        "Employer standards for social workers and their supervision (the Local Government Association's standards for employers of social workers)",
    ),
    (
        "FTE",
        "Full-time equivalent: a full-time post is 1.0, a three-day week 0.6",
    ),
    ("HR", "Human resources"),
    (
        "KSS",
        "Knowledge and skills statement: what the Chief Social Worker expects a child and family practitioner or practice supervisor to know and do",
    ),
    ("LA", "Local authority"),
    ("LGA", "Local Government Association"),
    ("NQSW", "Newly qualified social worker"),
    (
        "Ofsted",
        "Office for Standards in Education, Children's Services and Skills",
    ),
    (
        "PCF",
        "Professional Capabilities Framework, the British Association of Social Workers' framework for social work practice",
    ),
    ("PSW", "Principal social worker"),
    (
        "SWE",
        "Social Work England, the regulator of social workers",
    ),
    ("UK", "United Kingdom"),
];

/// The meaning of `acronym` in the maintained list.
pub fn meaning(acronym: &str) -> Option<&'static str> {
    ACRONYMS
        .iter()
        .find(|(known, _)| *known == acronym)
        .map(|(_, meaning)| *meaning)
}

/// The words of `text`: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// A word with its plural `s` taken off when the rest is all capitals ("NQSWs").
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()) => stem,
        _ => word,
    }
}

/// The glossary of `text`: the entries of [`ACRONYMS`] used in it, alphabetical.
pub fn used_in(text: &str) -> Vec<GlossaryEntry> {
    let used: BTreeSet<&str> = words(text).map(singular).collect();
    ACRONYMS
        .iter()
        .filter(|(acronym, _)| used.contains(acronym))
        .map(|(acronym, meaning)| GlossaryEntry {
            acronym: (*acronym).to_owned(),
            meaning: (*meaning).to_owned(),
        })
        .collect()
}

/// The words of `text` that look like acronyms (two or more capital letters, or an
/// entry of the list) but are not in [`ACRONYMS`]: what an editor is warned about,
/// since the glossary cannot explain them.
pub fn unknown_acronyms(text: &str) -> Vec<String> {
    let unknown: BTreeSet<String> = words(text)
        .map(singular)
        .filter(|word| looks_like_acronym(word) && meaning(word).is_none())
        .map(str::to_owned)
        .collect();
    unknown.into_iter().collect()
}

/// Two or more capital letters and no digits: "ASYE", "DfE"; not "I" or "A", and not
/// a code such as "W00110".
pub fn looks_like_acronym(word: &str) -> bool {
    word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && word.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_alphabetical_and_every_entry_is_found_in_its_own_name() {
        let mut sorted: Vec<&str> = ACRONYMS.iter().map(|(a, _)| *a).collect();
        sorted.sort_by_key(|a| a.to_lowercase());
        assert_eq!(sorted, ACRONYMS.iter().map(|(a, _)| *a).collect::<Vec<_>>());
        for (acronym, _) in ACRONYMS {
            assert_eq!(used_in(acronym).len(), 1, "{acronym}");
        }
    }

    #[test]
    fn a_glossary_holds_the_acronyms_used_as_words_and_plurals_and_no_others() {
        let text = "Twelve NQSWs began the ASYE; FTE figures (DfE). CPDs? PSWORK CLAN cp";
        let found: Vec<String> = used_in(text).into_iter().map(|e| e.acronym).collect();
        assert_eq!(found, ["ASYE", "CPD", "DfE", "FTE", "NQSW"]);
    }

    #[test]
    fn words_in_capitals_that_the_list_does_not_explain_are_reported() {
        assert_eq!(
            unknown_acronyms("The ASYE and SEND teams met the MASH in W00110."),
            ["MASH", "SEND"]
        );
    }
}
