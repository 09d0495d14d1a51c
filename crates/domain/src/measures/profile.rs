//! The workforce profile on a day D: who the council's social workers are, by gender,
//! age, ethnicity, route into social work, overseas recruitment, languages and
//! British Sign Language, with small numbers suppressed for those who may not see
//! them (`docs/profile.md`).
//!
//! The workers counted are those the measures count as in post on D (headcount): a
//! non-agency assignment in children's services covering D, each worker once. Agency
//! workers in post on D (an agency assignment and no other) are counted separately
//! and not broken down: the council does not hold their details.

use chrono::Datelike;
use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;

use crate::codes::{Ethnicity, Gender, Route};
use crate::ids::WorkerId;
use crate::measures::index::CouncilIndex;
use crate::measures::suppression::{CountTable, Published, PublishedRate, Suppression};
use crate::records::Worker;
use crate::values::Date;

/// The age bands, youngest first: under 25, 25 to 29, then decades to 60 and over.
/// Under 25 and 25 to 29 together are the DfE's "under 30".
pub const AGE_BANDS: [&str; 6] = [
    "Under 25",
    "25 to 29",
    "30 to 39",
    "40 to 49",
    "50 to 59",
    "60 and over",
];

/// The label of every "not known" row.
pub const NOT_KNOWN: &str = "Not known";

/// A worker's age in whole years on `date`.
pub fn age_on(born: Date, date: Date) -> i32 {
    let mut age = date.year() - born.year();
    if (date.month(), date.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// The age band of an age.
pub fn age_band(age: i32) -> &'static str {
    match age {
        ..25 => AGE_BANDS[0],
        25..30 => AGE_BANDS[1],
        30..40 => AGE_BANDS[2],
        40..50 => AGE_BANDS[3],
        50..60 => AGE_BANDS[4],
        _ => AGE_BANDS[5],
    }
}

/// The DfE's major ethnic groups, in the order its statistics list them.
pub const ETHNIC_GROUPS: [&str; 5] = [
    "White",
    "Mixed or multiple ethnic groups",
    "Asian or Asian British",
    "Black or Black British",
    "Other ethnic group",
];

/// The major group of a census ethnicity code; `None` for refused or not obtained.
/// Chinese is in "Other ethnic group", as the DfE's workforce statistics group it.
pub fn ethnic_group(ethnicity: Ethnicity) -> Option<&'static str> {
    use Ethnicity::*;
    Some(match ethnicity {
        Wbri | Wiri | Woth => ETHNIC_GROUPS[0],
        Mwbc | Mwba | Mwas | Moth => ETHNIC_GROUPS[1],
        Aind | Apkn | Aban | Aoth => ETHNIC_GROUPS[2],
        Bcrb | Bafr | Both => ETHNIC_GROUPS[3],
        Chne | Ooth => ETHNIC_GROUPS[4],
        Refu | Nobt => return None,
    })
}

/// Whether a language is English, however written.
fn is_english(language: &str) -> bool {
    language.trim().eq_ignore_ascii_case("english")
}

/// One row of a breakdown: how many, and their share of everyone counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// What the row counts.
    pub label: String,
    /// How many.
    pub count: Published,
    /// count / the breakdown's total.
    pub share: PublishedRate,
}

/// The workers in post split one way, every worker in exactly one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    /// The rows, unknowns last.
    pub rows: Vec<Row>,
    /// Everyone counted: the headcount.
    pub total: Published,
}

impl Breakdown {
    fn of(entries: Vec<(String, u64)>, suppression: Suppression) -> Self {
        let published = suppression.table(&CountTable::list("workers", entries));
        let total = published.total;
        let rows = published
            .rows
            .into_iter()
            .zip(published.cells)
            .map(|(label, cells)| Row {
                label,
                count: cells[0],
                share: suppression.share(cells[0], total),
            })
            .collect();
        Self { rows, total }
    }

    /// The row with this label.
    pub fn row(&self, label: &str) -> Option<&Row> {
        self.rows.iter().find(|row| row.label == label)
    }
}

/// A language other than English and how many in post speak it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageCount {
    /// The language, as first written.
    pub language: String,
    /// How many in post speak it.
    pub count: Published,
}

/// The workforce profile on D, as it may be published to the viewer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    /// D.
    pub date: Date,
    /// Whether small numbers are suppressed.
    pub suppressed: bool,
    /// Social workers in post on D (agency excluded): every breakdown's total.
    pub headcount: Published,
    /// Agency workers in post on D, counted separately and not broken down.
    pub agency_headcount: Published,
    /// By gender.
    pub gender: Breakdown,
    /// By age band on D.
    pub age: Breakdown,
    /// By the DfE's major ethnic group.
    pub ethnicity: Breakdown,
    /// By route into social work.
    pub route: Breakdown,
    /// International recruits in post, and everyone else.
    pub overseas: Breakdown,
    /// Speak a language other than English, or none recorded.
    pub other_languages: Breakdown,
    /// Each language other than English (a worker may speak several, so these do
    /// not add up), most spoken first.
    pub languages: Vec<LanguageCount>,
    /// Proficient in British Sign Language: yes, no, not known.
    pub bsl: Breakdown,
}

/// The workers in post on D (agency excluded), and how many agency workers were.
pub fn in_post<'w>(council: &CouncilIndex<'w>, date: Date) -> (Vec<&'w Worker>, u64) {
    let mut own: Vec<&WorkerId> = Vec::new();
    let mut seen: HashSet<&WorkerId> = HashSet::default();
    let mut agency: HashSet<&WorkerId> = HashSet::default();
    for (employment, assignments) in council.employments() {
        if !employment.span().covers(date) {
            continue;
        }
        for assignment in assignments
            .iter()
            .filter(|a| a.children && a.span.covers(date))
        {
            let worker = employment.worker_id();
            if assignment.is_agency() {
                agency.insert(worker);
            } else if seen.insert(worker) {
                own.push(worker);
            }
        }
    }
    let agency_only = agency.iter().filter(|w| !seen.contains(*w)).count() as u64;
    let workers = own
        .into_iter()
        .filter_map(|id| council.workers.get(id).copied())
        .collect();
    (workers, agency_only)
}

/// Counts a label per worker into rows in a fixed order.
fn tally<'a>(
    labels: &[&str],
    workers: &[&'a Worker],
    label_of: impl Fn(&'a Worker) -> &'a str,
) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = labels.iter().map(|l| ((*l).to_owned(), 0)).collect();
    for worker in workers {
        let label = label_of(worker);
        if let Some(entry) = counts.iter_mut().find(|(l, _)| l == label) {
            entry.1 += 1;
        }
    }
    counts
}

/// The profile on `date`; `recruits` are the council's international recruits'
/// workers.
pub fn profile(
    council: &CouncilIndex<'_>,
    date: Date,
    recruits: &[&WorkerId],
    suppression: Suppression,
) -> Profile {
    let (workers, agency) = in_post(council, date);
    let headcount = workers.len() as u64;

    let gender_labels = ["Female", "Male", "Not specified", NOT_KNOWN];
    let gender = tally(&gender_labels, &workers, |w| match w.gender {
        Some(Gender::Female) => "Female",
        Some(Gender::Male) => "Male",
        Some(Gender::NotSpecified) => "Not specified",
        Some(Gender::NotKnown) | None => NOT_KNOWN,
    });

    let mut age_labels: Vec<&str> = AGE_BANDS.to_vec();
    age_labels.push(NOT_KNOWN);
    let age = tally(&age_labels, &workers, |w| {
        w.date_of_birth
            .map_or(NOT_KNOWN, |born| age_band(age_on(born, date)))
    });

    let mut ethnic_labels: Vec<&str> = ETHNIC_GROUPS.to_vec();
    ethnic_labels.push(NOT_KNOWN);
    let ethnicity = tally(&ethnic_labels, &workers, |w| {
        w.ethnicity.and_then(ethnic_group).unwrap_or(NOT_KNOWN)
    });

    let route_labels = [
        "University",
        "Step Up to Social Work",
        "Frontline",
        "Apprenticeship",
        "Qualified overseas",
        "Other",
        NOT_KNOWN,
    ];
    let route = tally(&route_labels, &workers, |w| match w.route {
        Some(Route::University) => route_labels[0],
        Some(Route::StepUp) => route_labels[1],
        Some(Route::Frontline) => route_labels[2],
        Some(Route::Apprenticeship) => route_labels[3],
        Some(Route::Overseas) => route_labels[4],
        Some(Route::Other) => route_labels[5],
        Some(Route::Unknown) | None => NOT_KNOWN,
    });

    let recruited: HashSet<&WorkerId> = recruits.iter().copied().collect();
    let overseas_labels = ["International recruits", "Everyone else"];
    let overseas = tally(&overseas_labels, &workers, |w| {
        if recruited.contains(&w.id) {
            overseas_labels[0]
        } else {
            overseas_labels[1]
        }
    });

    let language_labels = ["Speak a language other than English", "None recorded"];
    let other_languages = tally(&language_labels, &workers, |w| {
        if w.languages.iter().any(|l| !is_english(l)) {
            language_labels[0]
        } else {
            language_labels[1]
        }
    });
    let mut languages: Vec<(String, u64)> = Vec::new();
    for worker in &workers {
        let mut spoken: Vec<String> = Vec::new();
        for language in worker.languages.iter().filter(|l| !is_english(l)) {
            let language = language.trim();
            if spoken.iter().any(|s| s.eq_ignore_ascii_case(language)) {
                continue;
            }
            spoken.push(language.to_owned());
            match languages
                .iter_mut()
                .find(|(known, _)| known.eq_ignore_ascii_case(language))
            {
                Some(entry) => entry.1 += 1,
                None => languages.push((language.to_owned(), 1)),
            }
        }
    }
    languages.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let bsl_labels = ["Yes", "No", NOT_KNOWN];
    let bsl = tally(&bsl_labels, &workers, |w| match w.bsl {
        Some(true) => "Yes",
        Some(false) => "No",
        None => NOT_KNOWN,
    });

    Profile {
        date,
        suppressed: !suppression.shows_everything(),
        headcount: suppression.count(headcount),
        agency_headcount: suppression.count(agency),
        gender: Breakdown::of(gender, suppression),
        age: Breakdown::of(age, suppression),
        ethnicity: Breakdown::of(ethnicity, suppression),
        route: Breakdown::of(route, suppression),
        overseas: Breakdown::of(overseas, suppression),
        other_languages: Breakdown::of(other_languages, suppression),
        // Languages overlap and have no total, so each stands alone.
        languages: languages
            .into_iter()
            .map(|(language, count)| LanguageCount {
                language,
                count: suppression.count(count),
            })
            .collect(),
        bsl: Breakdown::of(bsl, suppression),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Contract, Role};
    use crate::council::CouncilCode;
    use crate::ids::EmploymentId;
    use crate::records::{Assignment, Employment};
    use crate::values::{Fte, Span, parse_date};
    use crate::workforce::Workforce;

    fn date(text: &str) -> Date {
        parse_date(text).unwrap()
    }

    struct Person {
        gender: Option<Gender>,
        born: Option<&'static str>,
        ethnicity: Option<Ethnicity>,
        route: Option<Route>,
        bsl: Option<bool>,
        languages: &'static [&'static str],
    }

    fn council(people: &[(Person, Contract, Option<&str>)]) -> Workforce {
        let mut workforce = Workforce::new(CouncilCode::parse("888").unwrap());
        for (n, (person, contract, end)) in people.iter().enumerate() {
            let id = WorkerId::parse(&format!("W{n}")).unwrap();
            workforce.workers.push(Worker {
                id: id.clone(),
                given_name: "A".into(),
                family_name: "B".into(),
                swe_number: None,
                gender: person.gender,
                date_of_birth: person.born.map(date),
                ethnicity: person.ethnicity,
                qualified_on: None,
                qualification_institution: None,
                qualification_level: None,
                route: person.route,
                bsl: person.bsl,
                languages: person.languages.iter().map(|l| (*l).to_owned()).collect(),
            });
            let employment_id = EmploymentId::parse(&format!("E{n}")).unwrap();
            let span = Span::new(date("2020-01-01"), end.map(date)).unwrap();
            let leaving = end.map(|_| crate::codes::LeavingReason::Resignation);
            workforce.employments.push(
                Employment::new(employment_id.clone(), id, span, None, leaving, None).unwrap(),
            );
            workforce.assignments.push(Assignment {
                employment_id,
                span,
                team_id: None,
                role: Role::SocialWorker,
                contract: *contract,
                fte: Fte::new(1.0).unwrap(),
            });
        }
        workforce
    }

    fn person(
        gender: Option<Gender>,
        born: Option<&'static str>,
        ethnicity: Option<Ethnicity>,
        route: Option<Route>,
        bsl: Option<bool>,
        languages: &'static [&'static str],
    ) -> Person {
        Person {
            gender,
            born,
            ethnicity,
            route,
            bsl,
            languages,
        }
    }

    /// Seven people: five in post, one agency worker in post, one who has left.
    fn example() -> Workforce {
        use Contract::*;
        use Ethnicity::*;
        use Gender::*;
        council(&[
            (
                person(
                    Some(Female),
                    Some("2000-10-01"),
                    Some(Wbri),
                    Some(Route::University),
                    Some(false),
                    &["English"],
                ),
                Permanent,
                None,
            ),
            (
                person(
                    Some(Female),
                    Some("1999-10-01"),
                    Some(Bafr),
                    Some(Route::Overseas),
                    Some(true),
                    &["Yoruba", "English"],
                ),
                Permanent,
                None,
            ),
            (
                person(
                    Some(Male),
                    Some("1984-09-30"),
                    Some(Chne),
                    Some(Route::Frontline),
                    None,
                    &["Cantonese", "yoruba"],
                ),
                FixedTerm,
                None,
            ),
            (
                person(
                    Some(Female),
                    Some("1964-09-30"),
                    Some(Refu),
                    None,
                    Some(false),
                    &[],
                ),
                Permanent,
                None,
            ),
            (
                person(None, None, None, Some(Route::Unknown), None, &[]),
                Permanent,
                None,
            ),
            (
                person(Some(Male), Some("1990-01-01"), Some(Wbri), None, None, &[]),
                Agency,
                None,
            ),
            (
                person(Some(Male), Some("1990-01-01"), Some(Wbri), None, None, &[]),
                Permanent,
                Some("2024-01-31"),
            ),
        ])
    }

    fn count(breakdown: &Breakdown, label: &str) -> Published {
        breakdown.row(label).unwrap().count
    }

    #[test]
    fn ages_are_whole_years_on_the_day() {
        assert_eq!(age_on(date("2000-10-01"), date("2024-09-30")), 23);
        assert_eq!(age_on(date("1999-09-30"), date("2024-09-30")), 25);
        assert_eq!(age_band(24), "Under 25");
        assert_eq!(age_band(25), "25 to 29");
        assert_eq!(age_band(29), "25 to 29");
        assert_eq!(age_band(30), "30 to 39");
        assert_eq!(age_band(59), "50 to 59");
        assert_eq!(age_band(60), "60 and over");
    }

    #[test]
    fn ethnicity_codes_fall_in_the_dfe_major_groups() {
        assert_eq!(ethnic_group(Ethnicity::Woth), Some("White"));
        assert_eq!(
            ethnic_group(Ethnicity::Mwas),
            Some("Mixed or multiple ethnic groups")
        );
        assert_eq!(
            ethnic_group(Ethnicity::Aban),
            Some("Asian or Asian British")
        );
        assert_eq!(
            ethnic_group(Ethnicity::Both),
            Some("Black or Black British")
        );
        assert_eq!(ethnic_group(Ethnicity::Chne), Some("Other ethnic group"));
        assert_eq!(ethnic_group(Ethnicity::Refu), None);
        assert_eq!(ethnic_group(Ethnicity::Nobt), None);
    }

    #[test]
    fn the_hand_worked_example_counts_as_worked_by_hand() {
        let workforce = example();
        let index = CouncilIndex::new(&workforce);
        let recruit = WorkerId::parse("W1").unwrap();
        let profile = profile(&index, date("2024-09-30"), &[&recruit], Suppression::NONE);
        assert_eq!(profile.headcount, Published::Count(5));
        assert_eq!(profile.agency_headcount, Published::Count(1));
        assert_eq!(count(&profile.gender, "Female"), Published::Count(3));
        assert_eq!(count(&profile.gender, "Male"), Published::Count(1));
        assert_eq!(count(&profile.gender, NOT_KNOWN), Published::Count(1));
        assert_eq!(
            profile.gender.row("Female").unwrap().share,
            PublishedRate::Rate(0.6)
        );
        // 23, 24 (born 1999-10-01), 40, 60, unknown.
        assert_eq!(count(&profile.age, "Under 25"), Published::Count(2));
        assert_eq!(count(&profile.age, "40 to 49"), Published::Count(1));
        assert_eq!(count(&profile.age, "60 and over"), Published::Count(1));
        assert_eq!(count(&profile.age, NOT_KNOWN), Published::Count(1));
        assert_eq!(count(&profile.ethnicity, "White"), Published::Count(1));
        assert_eq!(
            count(&profile.ethnicity, "Black or Black British"),
            Published::Count(1)
        );
        assert_eq!(
            count(&profile.ethnicity, "Other ethnic group"),
            Published::Count(1)
        );
        assert_eq!(count(&profile.ethnicity, NOT_KNOWN), Published::Count(2));
        assert_eq!(
            count(&profile.route, "Qualified overseas"),
            Published::Count(1)
        );
        assert_eq!(count(&profile.route, NOT_KNOWN), Published::Count(2));
        assert_eq!(
            count(&profile.overseas, "International recruits"),
            Published::Count(1)
        );
        assert_eq!(
            count(
                &profile.other_languages,
                "Speak a language other than English"
            ),
            Published::Count(2)
        );
        assert_eq!(profile.languages[0].language, "Yoruba");
        assert_eq!(profile.languages[0].count, Published::Count(2));
        assert_eq!(profile.languages[1].language, "Cantonese");
        assert_eq!(count(&profile.bsl, "Yes"), Published::Count(1));
        assert_eq!(count(&profile.bsl, "No"), Published::Count(2));
        assert_eq!(count(&profile.bsl, NOT_KNOWN), Published::Count(2));
    }

    #[test]
    fn outside_the_leads_view_small_numbers_are_c_with_their_shares() {
        let workforce = example();
        let index = CouncilIndex::new(&workforce);
        let profile = profile(&index, date("2024-09-30"), &[], Suppression::default());
        assert!(profile.suppressed);
        assert_eq!(profile.headcount, Published::Count(5));
        assert_eq!(profile.agency_headcount, Published::Suppressed);
        // 3 women, 1 man, 1 not known: all c (each 1 to 4).
        assert_eq!(count(&profile.gender, "Female"), Published::Suppressed);
        assert_eq!(
            profile.gender.row("Female").unwrap().share,
            PublishedRate::Suppressed
        );
        assert_eq!(count(&profile.gender, "Not specified"), Published::Count(0));
        assert_eq!(
            count(&profile.overseas, "Everyone else"),
            Published::Count(5)
        );
        assert_eq!(profile.languages[0].count, Published::Suppressed);
    }
}
