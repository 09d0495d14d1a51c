//! The reports' integration tests: the committee report as a model, a PDF and a DOCX.
//!
//! Every file of this folder is one module of a single test binary (`reports`), so the
//! crate and its dependencies are linked once rather than once per file. A new test
//! file goes in this folder with a `mod` line below; its tests are then named
//! `<file>::<test>`, e.g. `cargo test -p pathway-reports --test reports <file>::`.

mod support;

mod committee;
mod docx;
mod pdf;
