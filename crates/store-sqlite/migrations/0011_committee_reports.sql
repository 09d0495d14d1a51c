-- The committee report's own words, one set per council and reference date: what
-- the principal social worker writes around the figures (the meeting, who reports,
-- the recommendations, background and implications). The figures are not kept: they
-- are made from the records each time. Saving again replaces the words, noting who
-- changed them and when; every change is also in the audit trail. Dates are TEXT
-- 'YYYY-MM-DD'; changed_at an RFC 3339 time in UTC.

create table committee_reports (
    council text not null references councils (code),
    reference_date text not null,
    meeting text not null,
    meeting_date text,
    report_of text not null,
    contact_officer text not null,
    recommendations text not null,
    background text not null,
    financial text not null,
    legal text not null,
    equalities text not null,
    risk text not null,
    changed_by text not null,
    changed_at text not null,
    primary key (council, reference_date)
) without rowid;
