//! The audit trail: who changed or looked at whose records, and when.

use chrono::{DateTime, Utc};
use pathway_domain::CouncilCode;

/// Something to record in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The council whose records were touched.
    pub council: CouncilCode,
    /// Who did it: a user's sign-in name, or `cli:<operating-system user>`.
    pub actor: String,
    /// What was done, e.g. `import`, `export`, `demo`.
    pub action: String,
    /// What exactly: the file and the counts.
    pub detail: String,
}

/// An entry as stored, with its time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The entry.
    pub entry: AuditEntry,
}

// The chain: each entry carries the SHA-256 of the entry before it in its council's
// trail and its own, so that an entry changed, removed or slipped in afterwards no
// longer matches the hashes around it. One chain per council: writers for different
// councils never wait on each other, and a council can check its own trail.

/// The "previous hash" of a council's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How an entry's time is stored, and hashed: the same text on every database.
pub const AUDIT_TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// An entry's time as it is stored and hashed.
pub fn audit_time(at: DateTime<Utc>) -> String {
    at.format(AUDIT_TIME_FORMAT).to_string()
}

/// The hash of one entry: SHA-256, in lower-case hex, of the previous entry's hash and
/// every stored field, each written with its length so that no two different entries
/// can be written the same way.
pub fn entry_hash(previous_hash: &str, at: &str, entry: &AuditEntry) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(b"pathway audit entry v1\n");
    let council = entry.council.to_string();
    for field in [
        previous_hash,
        council.as_str(),
        at,
        entry.actor.as_str(),
        entry.action.as_str(),
        entry.detail.as_str(),
    ] {
        hasher.update(format!("{}:", field.len()).as_bytes());
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    hex::encode(hasher.finalize())
}

/// An entry exactly as stored, with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainedAuditEntry {
    /// Its number in the database.
    pub id: i64,
    /// Its time, as stored (see [`AUDIT_TIME_FORMAT`]).
    pub at: String,
    /// The entry.
    pub entry: AuditEntry,
    /// The hash of the council's entry before it, as stored; `None` if missing.
    pub previous_hash: Option<String>,
    /// Its own hash, as stored; `None` if missing.
    pub hash: Option<String>,
}

/// The newest entry of a council's chain as recorded beside the entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    /// The newest entry's number (0 if none yet).
    pub last_id: i64,
    /// The newest entry's hash ([`GENESIS_HASH`] if none yet).
    pub hash: String,
}

/// A council's whole audit trail as stored, oldest first, with its recorded head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditChain {
    /// The council.
    pub council: CouncilCode,
    /// Every entry, oldest (lowest number) first.
    pub entries: Vec<ChainedAuditEntry>,
    /// The recorded head, if the council's chain has been started.
    pub head: Option<ChainHead>,
}

/// A council's chain found intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainChecked {
    /// The council.
    pub council: CouncilCode,
    /// How many entries were checked.
    pub entries: usize,
    /// The hash of the newest entry ([`GENESIS_HASH`] if none): noted somewhere other
    /// than the database, it shows later whether the newest entries were removed.
    pub head: String,
}

/// The first place a council's chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// An entry has no hash: it was written outside Pathway.
    #[error(
        "council {council}, entry {id} ({at}): it has no hash, so it was written outside Pathway"
    )]
    MissingHash {
        /// The council.
        council: CouncilCode,
        /// The entry's number.
        id: i64,
        /// Its time as stored.
        at: String,
    },
    /// An entry's fields no longer give its hash: it was changed after it was written.
    #[error(
        "council {council}, entry {id} ({at}): its contents do not match its hash (stored {stored}, \
         computed {computed}), so the entry was changed after it was written"
    )]
    Changed {
        /// The council.
        council: CouncilCode,
        /// The entry's number.
        id: i64,
        /// Its time as stored.
        at: String,
        /// The hash stored with it.
        stored: String,
        /// The hash of what it holds now.
        computed: String,
    },
    /// An entry does not follow the entry before it: entries between them were removed,
    /// or it was put there afterwards.
    #[error(
        "council {council}, entry {id} ({at}): it does not follow {before}: it records the previous \
         hash {recorded}, but that is {expected}, so an entry between them was removed or this one \
         was put there afterwards"
    )]
    Unlinked {
        /// The council.
        council: CouncilCode,
        /// The entry's number.
        id: i64,
        /// Its time as stored.
        at: String,
        /// The entry before it, in words ("entry 12" or "the start of the trail").
        before: String,
        /// The previous hash it records.
        recorded: String,
        /// The hash of the entry before it.
        expected: String,
    },
    /// The recorded head is not the newest entry: the newest entries were removed.
    #[error(
        "council {council}: the chain's recorded head is entry {head_id} with hash {head_hash}, but the \
         newest entry is {newest}, so the newest entries were removed or the head was changed"
    )]
    Head {
        /// The council.
        council: CouncilCode,
        /// The entry the head records.
        head_id: i64,
        /// The hash the head records.
        head_hash: String,
        /// The newest entry, in words.
        newest: String,
    },
}

impl AuditChain {
    /// Checks every link, oldest first, and the recorded head; gives the first break.
    pub fn verify(&self) -> Result<ChainChecked, ChainBreak> {
        let council = self.council;
        let mut expected = GENESIS_HASH.to_owned();
        let mut before = "the start of the trail".to_owned();
        for stored in &self.entries {
            let (Some(previous_hash), Some(hash)) = (&stored.previous_hash, &stored.hash) else {
                return Err(ChainBreak::MissingHash {
                    council,
                    id: stored.id,
                    at: stored.at.clone(),
                });
            };
            if *previous_hash != expected {
                return Err(ChainBreak::Unlinked {
                    council,
                    id: stored.id,
                    at: stored.at.clone(),
                    before,
                    recorded: previous_hash.clone(),
                    expected,
                });
            }
            let computed = entry_hash(previous_hash, &stored.at, &stored.entry);
            if computed != *hash {
                return Err(ChainBreak::Changed {
                    council,
                    id: stored.id,
                    at: stored.at.clone(),
                    stored: hash.clone(),
                    computed,
                });
            }
            expected = computed;
            before = format!("entry {}", stored.id);
        }
        let newest_id = self.entries.last().map_or(0, |entry| entry.id);
        match &self.head {
            Some(head) if head.last_id != newest_id || head.hash != expected => {
                Err(ChainBreak::Head {
                    council,
                    head_id: head.last_id,
                    head_hash: head.hash.clone(),
                    newest: match self.entries.last() {
                        Some(entry) => format!("entry {} with hash {expected}", entry.id),
                        None => "none: the trail is empty".to_owned(),
                    },
                })
            }
            None if newest_id != 0 => Err(ChainBreak::Head {
                council,
                head_id: 0,
                head_hash: "(none recorded)".to_owned(),
                newest: format!("entry {newest_id} with hash {expected}"),
            }),
            _ => Ok(ChainChecked {
                council,
                entries: self.entries.len(),
                head: expected,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(actor: &str, action: &str) -> AuditEntry {
        AuditEntry {
            council: CouncilCode::parse("888").unwrap(),
            actor: actor.into(),
            action: action.into(),
            detail: "looked at worker W1".into(),
        }
    }

    fn chain_of(entries: &[AuditEntry]) -> AuditChain {
        let mut previous = GENESIS_HASH.to_owned();
        let mut chained = Vec::new();
        for (number, entry) in entries.iter().enumerate() {
            let at = format!("2025-01-0{}T09:00:00.000Z", number + 1);
            let hash = entry_hash(&previous, &at, entry);
            chained.push(ChainedAuditEntry {
                id: i64::try_from(number).unwrap() + 1,
                at,
                entry: entry.clone(),
                previous_hash: Some(previous),
                hash: Some(hash.clone()),
            });
            previous = hash;
        }
        AuditChain {
            council: CouncilCode::parse("888").unwrap(),
            head: Some(ChainHead {
                last_id: i64::try_from(chained.len()).unwrap(),
                hash: previous,
            }),
            entries: chained,
        }
    }

    #[test]
    fn fields_moved_from_one_to_the_next_give_a_different_hash() {
        let at = "2025-01-01T09:00:00.000Z";
        assert_ne!(
            entry_hash(GENESIS_HASH, at, &entry("ab", "c")),
            entry_hash(GENESIS_HASH, at, &entry("a", "bc"))
        );
    }

    #[test]
    fn an_entry_whose_time_was_changed_breaks_the_chain_there() {
        let mut chain = chain_of(&[entry("a", "view"), entry("b", "view")]);
        assert_eq!(chain.verify().unwrap().entries, 2);
        chain.entries[0].at = "2024-01-01T09:00:00.000Z".into();
        assert!(matches!(
            chain.verify(),
            Err(ChainBreak::Changed { id: 1, .. })
        ));
    }

    #[test]
    fn an_entry_without_a_hash_is_reported_as_written_outside_pathway() {
        let mut chain = chain_of(&[entry("a", "view"), entry("b", "view")]);
        chain.entries[1].hash = None;
        assert!(matches!(
            chain.verify(),
            Err(ChainBreak::MissingHash { id: 2, .. })
        ));
    }

    #[test]
    fn an_empty_trail_is_intact_with_the_genesis_hash_as_its_head() {
        let chain = chain_of(&[]);
        assert_eq!(chain.verify().unwrap().head, GENESIS_HASH);
    }
}
