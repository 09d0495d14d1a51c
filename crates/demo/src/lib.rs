//! Demo councils: invented, realistic, and the same every time for a seed.
//!
//! [`generate`] tells the story of each demo council over years of history (teams,
//! posts filled and left, vacancies covered by agency workers, the social work academy's
//! cohorts, caseloads, absences, student placements, recruitment events and exit
//! interviews) and returns each council's records as Pathway holds them. The headline
//! figures on the last day come out as English councils' do: turnover and agency rate
//! near 15%, vacancy rate 10-15%, most caseloads under 20. [`generate_academy`] adds
//! what the academy itself keeps for a council's recent cohorts: sessions, registers,
//! checklists and ASYE logs; [`generate_recruitment`] what the recruitment team keeps:
//! posts, vacancies' stage histories, candidates, events' attendees, university
//! partners, international recruits and agency engagements.
//!
//! The councils are made up (names such as "Northfield Borough Council", codes from
//! 990 down, none used by a real English council), so demo data is never mistaken for
//! a real council's. Randomness comes from the crate's own generator, so a seed gives the
//! same councils whatever the versions of other crates.

mod absence;
mod academy;
mod academy_records;
mod career_records;
pub use career_records::{career_changes, generate_career};
mod training_records;
pub use training_records::{generate_training, training_changes};
mod calendar;
mod career;
mod caseload;
mod council;
mod feedback_records;
mod leaving;
mod names;
mod people;
mod random;
mod recruitment;
mod recruitment_records;
mod survey_records;
// [issue 9: benchmarking]
mod installation;
pub use installation::installation_council;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use pathway_domain::values::Date;
use pathway_domain::{Council, Workforce};

pub use academy_records::{academy_changes, generate_academy};
pub use feedback_records::{feedback_changes, generate_feedback};
pub use names::MAX_COUNCILS;
pub use recruitment_records::{generate_recruitment, recruitment_changes};
pub use survey_records::{generate_survey, survey_changes};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many councils, from 1 to [`MAX_COUNCILS`]. The first ten have names of their
    /// own; the rest are "Demo Council N".
    pub councils: usize,
    /// The seed: the same seed gives the same councils, another seed other people and
    /// other histories.
    pub seed: u64,
    /// The last day of history: nothing is dated after it.
    pub until: Date,
    /// Years of history before `until` (at least 1).
    pub years: u32,
}

impl Default for DemoOptions {
    /// One council, seed 1, ten years of history to 30 September 2024 (a DfE census
    /// date).
    fn default() -> Self {
        Self {
            councils: 1,
            seed: 1,
            until: NaiveDate::from_ymd_opt(2024, 9, 30).expect("a real date"),
            years: 10,
        }
    }
}

/// Generates the demo councils and their records, in council order.
///
/// Each council has its own random stream (from the seed and its position), so the
/// first council's records are the same whether one or many are generated. Councils
/// are generated in parallel on the available cores; the result does not depend on how
/// many there are.
///
/// # Panics
/// If `options.councils` is 0 or more than [`MAX_COUNCILS`].
pub fn generate(options: &DemoOptions) -> Vec<(Council, Workforce)> {
    assert!(
        (1..=MAX_COUNCILS).contains(&options.councils),
        "between 1 and {MAX_COUNCILS} demo councils can be generated, not {}",
        options.councils
    );
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(options.councils);
    if threads <= 1 {
        return (0..options.councils)
            .map(|index| generate_council(index, options))
            .collect();
    }
    let mut results: Vec<Option<(Council, Workforce)>> = vec![None; options.councils];
    std::thread::scope(|scope| {
        // Council i goes to thread i mod n: sizes vary, so interleaving balances better
        // than contiguous blocks.
        let handles: Vec<_> = (0..threads)
            .map(|thread| {
                scope.spawn(move || {
                    (thread..options.councils)
                        .step_by(threads)
                        .map(|index| (index, generate_council(index, options)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            for (index, council) in handle.join().expect("a demo council generator panicked") {
                results[index] = Some(council);
            }
        }
    });
    results
        .into_iter()
        .map(|council| council.expect("every council was generated"))
        .collect()
}

/// The `index`th council (from 0) and its records.
fn generate_council(index: usize, options: &DemoOptions) -> (Council, Workforce) {
    council::Story::tell(index, options).into_workforce()
}
