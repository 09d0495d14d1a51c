//! Running one job per file on a few threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::BulkError;

/// Runs `run` over every job on a few threads (at most 4, and no more than the
/// machine's cores), taking jobs in order; each thread first opens its own `resource`
/// (say, a zip archive). Stops at the first error and returns it. Results come back
/// in no particular order.
pub(crate) fn in_parallel<J: Sync, R, T: Send>(
    jobs: &[J],
    open: impl Fn() -> Result<R, BulkError> + Sync,
    run: impl Fn(&mut R, &J) -> Result<T, BulkError> + Sync,
) -> Result<Vec<T>, BulkError> {
    let threads = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 4)
        .min(jobs.len());
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let results = Mutex::new(Vec::with_capacity(jobs.len()));
    let first_error = Mutex::new(None);
    let work = || {
        let mut resource = None;
        while !stop.load(Ordering::Relaxed) {
            let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) else {
                break;
            };
            let result = match &mut resource {
                Some(resource) => run(resource, job),
                None => open().and_then(|opened| run(resource.insert(opened), job)),
            };
            match result {
                Ok(result) => results
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(result),
                Err(error) => {
                    stop.store(true, Ordering::Relaxed);
                    first_error
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .get_or_insert(error);
                }
            }
        }
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(work);
            }
        });
    }
    if let Some(error) = first_error.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(error);
    }
    Ok(results.into_inner().unwrap_or_else(|e| e.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_runs_once() {
        let jobs: Vec<u32> = (0..50).collect();
        let mut results = in_parallel(&jobs, || Ok(()), |(), job| Ok(job * 2)).unwrap();
        results.sort();
        assert_eq!(results, (0..50).map(|j| j * 2).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_is_returned() {
        let jobs = [1, 2, 3];
        let result = in_parallel(
            &jobs,
            || Ok(()),
            |(), job| {
                if *job == 2 {
                    Err(BulkError::NotAContainer { path: "x".into() })
                } else {
                    Ok(*job)
                }
            },
        );
        assert!(matches!(result, Err(BulkError::NotAContainer { .. })));
    }

    #[test]
    fn no_jobs_is_no_results() {
        let jobs: [u8; 0] = [];
        assert!(
            in_parallel(&jobs, || Ok(()), |(), _| Ok(()))
                .unwrap()
                .is_empty()
        );
    }
}
