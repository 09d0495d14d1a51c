-- A council's caseload settings: the bands' lower bounds, a threshold per role (every
-- role but asye, whose threshold is academy_settings.asye_caseload_limit) and what
-- "rising fast" means. A council with no row uses Pathway's defaults. The counts
-- themselves are the workforce table caseloads (0001).

create table caseload_settings (
    council text primary key references councils (code),
    -- The lower bounds, comma-separated, starting at 0: '0,20,25,30'.
    band_bounds text not null check (band_bounds like '0%'),
    rising_cases integer not null check (rising_cases >= 1),
    rising_days integer not null check (rising_days >= 1)
) without rowid;

create table caseload_thresholds (
    council text not null references caseload_settings (council),
    role text not null check (role <> 'asye'),
    cases integer not null check (cases >= 1),
    primary key (council, role)
) without rowid;
