//! The SQL shared by Pathway's database crates. This folder is not a crate: each of
//! `store-sqlite` and `store-postgres` compiles these files as its module `queries`
//! (`#[path = "../../store-sql/mod.rs"]`), against its own `crate::db` (sqlx types,
//! placeholders, how a write begins, how a date is read).

pub(crate) mod academy;
pub(crate) mod accounts;
pub(crate) mod api_tokens;
pub(crate) mod audit;
pub(crate) mod career;
pub(crate) mod caseloads;
pub(crate) mod committee;
pub(crate) mod feedback;
pub(crate) mod installation;
pub(crate) mod recruitment;
pub(crate) mod retention;
pub(crate) mod store;
// [issue 11: subject access]
pub(crate) mod subject_access;
pub(crate) mod survey;
pub(crate) mod tables;
pub(crate) mod training;
