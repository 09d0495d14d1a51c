-- Councils on one installation: each council's region and whether it chose to be
-- named in other councils' benchmarks, and the councils each regional viewer sees.
-- The twin of SQLite's 0012_installation.sql (yes/no as `boolean`, as in 0011).

-- A council without a row here is in the region "other" and anonymous.
create table council_profiles (
    council text collate "C" primary key references councils (code),
    -- one of the spellings of domain::benchmarking::Region
    region text collate "C" not null,
    -- true when the council chose to be named in other councils' benchmarks
    -- (when it changed, and who changed it, is in the audit trail)
    named_in_benchmarks boolean not null default false
);

-- The group of councils whose figures a regional viewer sees.
create table regional_viewer_councils (
    user_id bigint not null references users (id),
    council text collate "C" not null references councils (code),
    primary key (user_id, council)
);
