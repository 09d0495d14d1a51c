//! The `pathway` command's integration tests: each runs the built binary on a scratch database.
//!
//! Every file of this folder is one module of a single test binary (`cli`), so the
//! crate and its dependencies are linked once rather than once per file. A new test
//! file goes in this folder with a `mod` line below; its tests are then named
//! `<file>::<test>`, e.g. `cargo test -p pathway --test cli <file>::`.

mod support;

mod academy;
mod agency;
mod anonymise;
mod audit;
mod backup;
mod career;
mod caseloads;
mod census;
mod committee_report;
mod conformance;
mod copy;
mod crash_safety;
mod demo;
mod exit_interviews;
mod feedback_survey;
mod import;
mod import_errors;
mod logs;
mod measures_xlsx;
mod recruitment;
mod report;
mod retention;
mod round_trip;
mod shared_installation;
// [issue 11: subject access]
mod subject_access;
mod training;
