-- How many times each council's records have been changed. Every write of a council's
-- records adds one in the same transaction, so a server holding anything read from
-- them (the web server's records cache) knows with one small query whether it is
-- still current, even when another server or the command line made the change.
-- A council without a row has never been changed (revision 0).
create table council_revisions (
    council text primary key references councils (code),
    revision integer not null check (revision > 0)
);

-- Measures documents kept by `pathway measures --json`, each under the options it was
-- asked with (councils, date, grouping, bands, curves) and the revisions of the
-- councils it was computed from: used again only while every revision is unchanged.
create table kept_measures (
    options text primary key,
    revisions text not null,
    document text not null
);
