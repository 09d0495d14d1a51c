//! Times the measures' computation alone, on data already in memory: the figure to
//! compare with the reference peer's compute phase. Run by `scripts/bench-measures`:
//!
//!     PATHWAY_BENCH_DATA=target/bench/measures-153/data cargo bench -p pathway --bench measures
//!
//! The data folder is read once with the bulk reader, then every measure of every
//! council and of all councils pooled is computed several times; the fastest and the
//! median run are printed.

use std::path::PathBuf;
use std::time::Instant;

use pathway_bulk::NoProgress;
use pathway_domain::measures::{self, MeasureOptions};
use pathway_domain::values::parse_date;

fn main() {
    let Some(folder) = std::env::var_os("PATHWAY_BENCH_DATA").map(PathBuf::from) else {
        eprintln!("set PATHWAY_BENCH_DATA to a bulk-format folder (scripts/bench-measures does)");
        return;
    };
    let runs: usize = std::env::var("PATHWAY_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(7);
    let upload = match pathway_bulk::read(&folder, &NoProgress) {
        Ok(upload) => upload,
        Err(error) => panic!("cannot read {}: {error}", folder.display()),
    };
    let workforces: Vec<_> = upload
        .councils
        .into_iter()
        .map(|(_, workforce, _)| workforce)
        .collect();
    let options = MeasureOptions::at(parse_date("2024-09-30").expect("a date"));
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let report = measures::compute(&workforces, &options);
        times.push(started.elapsed().as_secs_f64());
        assert!(report.authorities.contains_key("all"));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "measures compute: {} councils, {runs} runs: fastest {:.3} s, median {:.3} s",
        workforces.len(),
        times[0],
        times[runs / 2]
    );
}
