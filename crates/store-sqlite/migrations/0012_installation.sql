-- Councils on one installation: each council's region and whether it chose to be
-- named in other councils' benchmarks, and the councils each regional viewer sees.
-- Portable SQL: the PostgreSQL store runs the same tables.

-- A council without a row here is in the region "other" and anonymous.
create table council_profiles (
    council text primary key references councils (code),
    -- one of the spellings of domain::benchmarking::Region
    region text not null,
    -- 1 when the council chose to be named in other councils' benchmarks
    -- (when it changed, and who changed it, is in the audit trail)
    named_in_benchmarks integer not null default 0 check (named_in_benchmarks in (0, 1))
);

-- The group of councils whose figures a regional viewer sees.
create table regional_viewer_councils (
    user_id integer not null references users (id),
    council text not null references councils (code),
    primary key (user_id, council)
);
