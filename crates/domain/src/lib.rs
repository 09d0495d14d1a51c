//! Pathway's domain: the workforce record of a council's children's social care.
//!
//! Everything here is pure: checked value types parsed at the boundary ([`values`],
//! [`ids`], [`codes`]), the records of the bulk format ([`records`]), a council's whole
//! record set ([`workforce`]) and the rules that must hold between records
//! ([`rules`]). Storage, file formats and the web live in outer crates and depend on
//! this one, never the other way round.

// The code-list macros are used by the academy's codes too, so `codes` comes first.
#[macro_use]
pub mod codes;
pub mod academy;
pub mod access;
// [issue 9: benchmarking]
pub mod benchmarking;
pub mod career;
pub mod caseload;
pub mod census;
pub mod committee;
pub mod council;
pub mod feedback;
pub mod ids;
pub mod import;
pub mod measures;
pub mod problem;
pub mod records;
pub mod recruitment;
pub mod retention;
pub mod rules;
// [issue 11: subject access]
pub mod subject_access;
pub mod survey;
pub mod training;
pub mod values;
pub mod workforce;

pub use council::{Council, CouncilCode};
pub use problem::{Problem, Problems};
pub use workforce::{BulkFile, Workforce};
