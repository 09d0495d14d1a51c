//! The HTML pages, one module per section.

pub mod academy;
// [issue 7: caseloads]
// [issue 7: career]
pub mod career;
// [issue 7: training]
// [issue 7: feedback]
// [issue 7: leavers]
pub mod audit;
pub mod dashboard;
pub mod employment;
pub mod import;
pub mod people;
pub mod person;
pub mod recruitment;
pub mod register;
pub mod sign_in;
pub mod survival;
pub mod teams;
