//! Councils' records, and the dashboard's figures computed from them, kept in memory
//! between requests.
//!
//! Loading a council's whole record from the database is what most pages spend their
//! time on (tens of milliseconds for a few hundred social workers, against well under
//! one for the page itself), and the records change far less often than they are read.
//! Each entry remembers the council's revision ([`Store::council_revision`]), which
//! every write adds one to in its own transaction; a request asks the database for
//! the revision (one small query) and uses the entry only if it is unchanged. So a
//! change made by another server sharing the database, or by the command line, is seen
//! by the next request, and nothing is ever served from before a change.
//!
//! The cache holds a bounded number of councils, the most recently used, so a national
//! installation's server keeps the memory of a few councils, not of all of them.
//! Requests that miss at the same moment wait for one load instead of each loading.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use pathway_app::{Store, StoreError};
use pathway_domain::measures::{self, MeasureOptions, ScopeMeasures};
use pathway_domain::values::Date;
use pathway_domain::{CouncilCode, Workforce};
use pathway_reports::trend::{measure_years, trend_dates};

use crate::error::WebError;
use crate::html::dashboard::DashboardFigures;

/// How many councils' records a server keeps by default; `PATHWAY_CACHED_COUNCILS`
/// changes it (0 turns the cache off).
const DEFAULT_CACHED_COUNCILS: usize = 8;

/// How many dashboards' figures are kept: each is a few kilobytes.
const CACHED_DASHBOARDS: usize = 256;

/// How many councils' measures at a date are kept for benchmarking: each is a few
/// kilobytes, and a national installation has 153 councils.
const CACHED_COUNCIL_MEASURES: usize = 2048;

/// Councils' records and dashboard figures, each valid for the revisions it was
/// computed from.
#[derive(Debug)]
pub struct RecordsCache {
    workforces: Recent<CouncilCode, Workforce>,
    dashboards: Recent<(Vec<CouncilCode>, Date), DashboardFigures>,
    council_measures: Recent<(CouncilCode, Date), ScopeMeasures>,
}

impl RecordsCache {
    /// A cache of `councils` councils' records (0: none kept).
    #[must_use]
    pub fn new(councils: usize) -> Self {
        Self {
            workforces: Recent::new(councils),
            dashboards: Recent::new(if councils == 0 { 0 } else { CACHED_DASHBOARDS }),
            council_measures: Recent::new(if councils == 0 {
                0
            } else {
                CACHED_COUNCIL_MEASURES
            }),
        }
    }

    /// The size `PATHWAY_CACHED_COUNCILS` asks for, or the default.
    #[must_use]
    pub fn from_environment() -> Self {
        let councils = std::env::var("PATHWAY_CACHED_COUNCILS")
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(DEFAULT_CACHED_COUNCILS);
        Self::new(councils)
    }

    /// One council's whole record as it is now.
    pub async fn workforce(
        &self,
        store: &dyn Store,
        council: CouncilCode,
    ) -> Result<Arc<Workforce>, StoreError> {
        let revision = store.council_revision(council).await?;
        self.workforce_at(store, council, revision).await
    }

    /// One council's whole record at `revision`, read from the database just before
    /// (as the sign-in check does), or newer.
    pub async fn workforce_at(
        &self,
        store: &dyn Store,
        council: CouncilCode,
        revision: u64,
    ) -> Result<Arc<Workforce>, StoreError> {
        // The revision was read before the records, so the records are at least as
        // new as the revision they are kept under: a change between the two only
        // causes one more load later, never a stale page.
        self.workforces
            .get_or_make(council, vec![revision], || store.workforce(council))
            .await
    }

    /// One council's measures at D, as its dashboard computes them, from its records
    /// at `revision` (read just before): what benchmarking compares, so that a
    /// benchmark of 153 councils loads only the councils changed since it was last
    /// seen, one at a time.
    pub async fn council_measures(
        &self,
        store: &dyn Store,
        council: CouncilCode,
        revision: u64,
        date: Date,
    ) -> Result<Arc<ScopeMeasures>, WebError> {
        self.council_measures
            .get_or_make((council, date), vec![revision], || async move {
                let workforce = self.workforce_at(store, council, revision).await?;
                tokio::task::spawn_blocking(move || {
                    let mut report = measures::compute(
                        std::slice::from_ref(workforce.as_ref()),
                        &MeasureOptions::at(date),
                    );
                    report
                        .authorities
                        .remove(&council.to_string())
                        .ok_or_else(|| WebError::Internal(format!("no measures for {council}")))
                })
                .await
                .map_err(|error| WebError::Internal(format!("measuring failed: {error}")))?
            })
            .await
    }

    /// The dashboard's figures and charts for `councils` pooled (one council, or every
    /// council for an administrator): the measures at D and the four years before it.
    /// `known` is a council's revision already read in this request.
    pub(crate) async fn dashboard(
        &self,
        store: &dyn Store,
        councils: &[CouncilCode],
        date: Date,
        known: Option<(CouncilCode, u64)>,
    ) -> Result<Arc<DashboardFigures>, WebError> {
        let mut revisions = Vec::with_capacity(councils.len());
        for council in councils {
            revisions.push(match known {
                Some((code, revision)) if code == *council => revision,
                _ => store.council_revision(*council).await?,
            });
        }
        let key = (councils.to_vec(), date);
        self.dashboards
            .get_or_make(key, revisions.clone(), || async move {
                let mut workforces = Vec::with_capacity(councils.len());
                for (council, revision) in councils.iter().zip(&revisions) {
                    let workforce = self.workforce_at(store, *council, *revision).await?;
                    workforces.push(Arc::unwrap_or_clone(workforce));
                }
                let scope = match councils {
                    [one] => one.to_string(),
                    _ => "all".to_owned(),
                };
                tokio::task::spawn_blocking(move || {
                    let years = measure_years(&workforces, &trend_dates(date), &scope)
                        .ok_or_else(|| WebError::Internal(format!("no measures for {scope}")))?;
                    DashboardFigures::new(&years)
                })
                .await
                .map_err(|error| WebError::Internal(format!("measuring failed: {error}")))?
            })
            .await
    }
}

/// The most recently used values, each with the revisions it was made from; at most
/// `capacity` of them.
#[derive(Debug)]
struct Recent<K, V> {
    capacity: usize,
    /// Most recently used first.
    entries: Mutex<Vec<Entry<K, V>>>,
    /// One lock per key being loaded, so that concurrent misses load once.
    loads: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

#[derive(Debug)]
struct Entry<K, V> {
    key: K,
    revisions: Vec<u64>,
    value: Arc<V>,
}

impl<K: Eq + Hash + Clone, V> Recent<K, V> {
    fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(Vec::new()),
            loads: Mutex::new(HashMap::new()),
        }
    }

    /// The value kept for `key` if it was made from exactly these revisions.
    fn get(&self, key: &K, revisions: &[u64]) -> Option<Arc<V>> {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let index = entries.iter().position(|entry| &entry.key == key)?;
        if entries[index].revisions != revisions {
            return None;
        }
        let entry = entries.remove(index);
        let value = Arc::clone(&entry.value);
        entries.insert(0, entry);
        Some(value)
    }

    fn put(&self, key: K, revisions: Vec<u64>, value: Arc<V>) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        entries.retain(|entry| entry.key != key);
        entries.insert(
            0,
            Entry {
                key,
                revisions,
                value,
            },
        );
        entries.truncate(self.capacity);
    }

    /// The value kept for `key` at these revisions, or else one made by `make` (by
    /// one caller at a time: others asking at the same moment wait and use it).
    async fn get_or_make<E, F, Made>(
        &self,
        key: K,
        revisions: Vec<u64>,
        make: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Made,
        Made: Future<Output = Result<V, E>>,
    {
        if let Some(hit) = self.get(&key, &revisions) {
            return Ok(hit);
        }
        let making = self.loading(&key);
        let _only_one = making.lock().await;
        if let Some(hit) = self.get(&key, &revisions) {
            return Ok(hit);
        }
        let value = Arc::new(make().await?);
        self.put(key, revisions, Arc::clone(&value));
        Ok(value)
    }

    /// The lock that loads of `key` take in turn. Locks nobody holds are dropped as
    /// new ones are made, so the map stays as small as the loads in progress.
    fn loading(&self, key: &K) -> Arc<tokio::sync::Mutex<()>> {
        let mut loads = self
            .loads
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        loads.retain(|_, lock| Arc::strong_count(lock) > 1);
        Arc::clone(loads.entry(key.clone()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Arc<String> {
        Arc::new(text.to_owned())
    }

    #[test]
    fn a_value_is_served_only_for_the_revisions_it_was_made_from() {
        let recent = Recent::new(2);
        recent.put(1, vec![3], value("three"));
        assert_eq!(
            recent.get(&1, &[3]).as_deref().map(String::as_str),
            Some("three")
        );
        assert!(recent.get(&1, &[4]).is_none());
        assert!(recent.get(&2, &[3]).is_none());
        recent.put(1, vec![4], value("four"));
        assert_eq!(
            recent.get(&1, &[4]).as_deref().map(String::as_str),
            Some("four")
        );
        assert!(recent.get(&1, &[3]).is_none());
    }

    #[test]
    fn the_least_recently_used_value_goes_first_when_full() {
        let recent = Recent::new(2);
        recent.put(1, vec![1], value("one"));
        recent.put(2, vec![1], value("two"));
        assert!(recent.get(&1, &[1]).is_some());
        recent.put(3, vec![1], value("three"));
        assert!(recent.get(&2, &[1]).is_none());
        assert!(recent.get(&1, &[1]).is_some());
        assert!(recent.get(&3, &[1]).is_some());
    }

    #[test]
    fn a_cache_of_no_councils_keeps_nothing() {
        let recent = Recent::new(0);
        recent.put(1, vec![1], value("one"));
        assert!(recent.get(&1, &[1]).is_none());
    }
}
