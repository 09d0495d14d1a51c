//! The SQLite store's integration tests, each on a fresh database file.
//!
//! Every file of this folder is one module of a single test binary (`store_sqlite`), so the
//! crate and its dependencies are linked once rather than once per file. A new test
//! file goes in this folder with a `mod` line below; its tests are then named
//! `<file>::<test>`, e.g. `cargo test -p pathway-store-sqlite --test store_sqlite <file>::`.

mod academy;
mod committee;
mod recruitment;
mod store;
mod survey;
