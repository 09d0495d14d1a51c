//! The HTML pages, one module per section.

pub mod academy;
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
