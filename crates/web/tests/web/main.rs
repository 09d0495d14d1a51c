//! The web application's integration tests: pages, forms and the JSON API, through the router.
//!
//! Every file of this folder is one module of a single test binary (`web`), so the
//! crate and its dependencies are linked once rather than once per file. A new test
//! file goes in this folder with a `mod` line below; its tests are then named
//! `<file>::<test>`, e.g. `cargo test -p pathway-web --test web <file>::`.

mod support;

mod academy_api;
mod academy_calendar;
mod academy_cohorts;
mod academy_members;
mod api;
mod api_fuzz_findings;
mod audit_page;
mod benchmarking;
mod career;
mod career_api;
mod caseloads;
mod census;
mod committee;
mod dashboard;
mod employment;
mod feedback;
mod import_page;
mod leavers;
mod person;
mod recruitment_candidates;
mod recruitment_demo;
mod recruitment_partners;
mod recruitment_pipeline;
mod register;
mod request_limits;
mod roles;
mod security_headers;
mod sign_in;
mod survey;
// [issue 11: subject access]
mod subject_access;
mod training;
mod xlsx;
