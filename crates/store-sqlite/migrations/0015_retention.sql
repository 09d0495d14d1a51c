-- A council's retention schedule: the whole years employment and training records are
-- kept after the person's last employment ended (6 by default, up to 25 for councils
-- keeping the records of staff who work with children longer). A council with no row
-- keeps them 6 years. Unsuccessful candidates' months are recruitment_settings (0005).
create table retention_settings (
    council text primary key references councils (code),
    employment_years integer not null check (employment_years between 6 and 25)
) without rowid;
