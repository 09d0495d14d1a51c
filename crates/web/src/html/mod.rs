//! The HTML pages, one module per section.

pub mod dashboard;
pub mod sign_in;
