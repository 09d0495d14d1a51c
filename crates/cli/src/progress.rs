//! A progress bar for large imports, shown only when a person is watching.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pathway_domain::BulkFile;

/// Shows how far through each file the reader is, on a terminal; silent otherwise, so
/// that scripts and logs get only the summary.
#[derive(Debug)]
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    /// A bar on standard error if it is a terminal.
    pub fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{msg:>24} [{bar:40}] {bytes}/{total_bytes} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        });
        Self { bar }
    }

    /// Removes the bar once reading is done.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl pathway_bulk::Progress for Bar {
    fn file_started(&self, file: BulkFile, total_bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(file.csv_name());
            bar.set_length(total_bytes);
            bar.set_position(0);
        }
    }

    fn advanced(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn file_finished(&self, _file: BulkFile) {}
}
