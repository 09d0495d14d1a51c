//! The store conformance story: every test here runs on SQLite and on PostgreSQL
//! (`…::on_sqlite`, `…::on_postgres`). One test binary, so the suite links once.

mod academy;
mod api_tokens;
mod audit_chain;
mod committee;
mod concurrency;
mod installation;
mod recruitment;
mod retention;
mod store;
// [issue 11: subject access]
mod subject_access;
mod survey;
