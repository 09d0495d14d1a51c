//! The HTML pages, one module per section.

pub mod academy;
pub mod audit;
pub mod career;
pub mod caseloads;
pub mod dashboard;
pub mod employment;
pub mod feedback;
pub mod import;
pub mod leavers;
pub mod people;
pub mod person;
pub mod profile;
pub mod recruitment;
pub mod register;
pub mod sign_in;
pub mod survey;
pub mod survival;
pub mod teams;
pub mod training;
// [issue 8: committee]
pub mod committee;
// [issue 8: census]
pub mod census;
// [issue 8: xlsx]
pub mod tables_xlsx;
// [issue 9: benchmarking]
pub mod admin_councils;
pub mod benchmarking;
// [issue 11: subject access]
pub mod subject_access;
