//! The HTML pages, one module per section.

pub mod academy;
// [issue 7: caseloads]
pub mod caseloads;
// [issue 7: career]
pub mod career;
// [issue 7: training]
pub mod training;
// [issue 7: feedback]
pub mod feedback;
pub mod survey;
// [issue 7: leavers]
pub mod audit;
pub mod dashboard;
pub mod employment;
pub mod import;
pub mod leavers;
pub mod people;
pub mod person;
pub mod profile;
pub mod recruitment;
pub mod register;
pub mod sign_in;
pub mod survival;
pub mod teams;
