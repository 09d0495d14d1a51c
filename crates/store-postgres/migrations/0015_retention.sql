-- The twin of SQLite's 0015_retention.sql: a council's retention schedule, the whole
-- years employment and training records are kept after the person's last employment
-- ended (6 by default, up to 25). A council with no row keeps them 6 years.
create table retention_settings (
    council text collate "C" primary key references councils (code),
    employment_years bigint not null check (employment_years between 6 and 25)
);
