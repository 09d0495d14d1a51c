//! Times the measures' computation alone, on data already in memory: the figure to
//! compare with the reference peer's compute phase. Run by `scripts/bench`:
//!
//!     PATHWAY_BENCH_DATA=target/bench/national-153/data cargo bench -p pathway --bench measures
//!
//! The data folder is read once with the bulk reader, then every measure of every
//! council and of all councils pooled is computed several times, then the survival
//! of employments alone; the fastest and the median run of each are printed.

use std::path::PathBuf;
use std::time::Instant;

use pathway_bulk::NoProgress;
use pathway_domain::measures::{self, MeasureOptions};
use pathway_domain::values::parse_date;

fn main() {
    let Some(folder) = std::env::var_os("PATHWAY_BENCH_DATA").map(PathBuf::from) else {
        eprintln!("set PATHWAY_BENCH_DATA to a bulk-format folder (scripts/bench does)");
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
    report("measures compute", workforces.len(), &mut times);

    // The survival curves and log-rank tests alone, the same as in the whole
    // computation above: what to set beside lifelines.
    let whole = measures::compute(&workforces, &options);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let survival = measures::survival(&workforces, &options);
        times.push(started.elapsed().as_secs_f64());
        for (scope, figures) in &survival {
            assert_eq!(
                Some(figures),
                whole
                    .authorities
                    .get(scope)
                    .map(|measures| &measures.survival),
                "survival of {scope} as in the whole computation"
            );
        }
    }
    report("survival compute", workforces.len(), &mut times);
}

fn report(what: &str, councils: usize, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: {councils} councils, {} runs: fastest {:.3} s, median {:.3} s",
        times.len(),
        times[0],
        times[times.len() / 2]
    );
}
