-- Issue 11: the audit trail made tamper-evident, a hash chain per council. Each entry
-- keeps the SHA-256 of the council's entry before it and its own (see
-- pathway_app::audit::entry_hash); the entries already here are chained when the
-- database is next opened. audit_chain_heads holds each council's newest entry: its row
-- is what concurrent writers to one council queue on, and it shows when the newest
-- entries were removed.
alter table audit_events add column previous_hash text;
alter table audit_events add column hash text;

create table audit_chain_heads (
    council text primary key references councils (code),
    -- the newest entry's id, 0 before the first
    last_id integer not null,
    hash text not null
);
