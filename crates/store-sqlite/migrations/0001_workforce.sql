-- Pathway's workforce record: one table per file of the bulk format.
--
-- Every row belongs to a council (its three-digit DfE code) and is keyed by the
-- council's own IDs, so the primary keys are (council, id...). Tables are WITHOUT ROWID
-- because they are only ever reached by that key, which saves a second index.
-- Dates are TEXT 'YYYY-MM-DD', booleans 0/1, codes the bulk format's spellings.

create table councils (
    code text primary key check (length(code) = 3),
    name text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) without rowid;

create table teams (
    council text not null references councils (code),
    team_id text not null,
    name text not null,
    service text not null,
    locality text,
    primary key (council, team_id)
) without rowid;

create table workers (
    council text not null references councils (code),
    worker_id text not null,
    given_name text not null,
    family_name text not null,
    swe_number text,
    gender text,
    date_of_birth text,
    ethnicity text,
    qualified_on text,
    qualification_institution text,
    qualification_level text,
    route text,
    bsl integer,
    -- the list joined with ';', as in the bulk format
    languages text not null default '',
    primary key (council, worker_id)
) without rowid;

create table employments (
    council text not null,
    employment_id text not null,
    worker_id text not null,
    start_date text not null,
    end_date text check (end_date is null or end_date >= start_date),
    start_origin text,
    leaving_reason text check ((leaving_reason is null) = (end_date is null)),
    destination text,
    primary key (council, employment_id),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;
create index employments_by_worker on employments (council, worker_id);

create table assignments (
    council text not null,
    employment_id text not null,
    start_date text not null,
    end_date text check (end_date is null or end_date >= start_date),
    team_id text,
    role text not null,
    contract text not null,
    fte real not null check (fte > 0 and fte <= 1),
    primary key (council, employment_id, start_date),
    foreign key (council, employment_id) references employments (council, employment_id),
    foreign key (council, team_id) references teams (council, team_id)
) without rowid;

create table caseloads (
    council text not null,
    worker_id text not null,
    as_of text not null,
    cases integer not null check (cases >= 0),
    primary key (council, worker_id, as_of),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

create table vacancies (
    council text not null,
    vacancy_id text not null,
    team_id text,
    role text not null,
    fte real not null check (fte > 0 and fte <= 1),
    opened_on text not null,
    closed_on text check (closed_on is null or closed_on >= opened_on),
    stage text not null,
    covered_by_agency integer,
    primary key (council, vacancy_id),
    foreign key (council, team_id) references teams (council, team_id)
) without rowid;

create table cohorts (
    council text not null references councils (code),
    cohort_id text not null,
    name text not null,
    programme text not null,
    start_date text not null,
    primary key (council, cohort_id)
) without rowid;

create table academy_members (
    council text not null,
    cohort_id text not null,
    worker_id text not null,
    joined_on text not null,
    completed_on text,
    asye_outcome text,
    primary key (council, cohort_id, worker_id),
    foreign key (council, cohort_id) references cohorts (council, cohort_id),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

create table placements (
    council text not null references councils (code),
    placement_id text not null,
    student_name text not null,
    university text not null,
    placement_number integer not null check (placement_number in (1, 2)),
    team_id text,
    start_date text not null,
    end_date text check (end_date is null or end_date >= start_date),
    outcome text,
    hired_worker_id text,
    primary key (council, placement_id),
    foreign key (council, team_id) references teams (council, team_id),
    foreign key (council, hired_worker_id) references workers (council, worker_id)
) without rowid;

create table recruitment_events (
    council text not null references councils (code),
    event_id text not null,
    held_on text not null,
    location text not null,
    out_of_hours integer,
    attendees integer check (attendees >= 0),
    applications integer check (applications >= 0),
    offers integer check (offers >= 0),
    hires integer check (hires >= 0),
    primary key (council, event_id)
) without rowid;

-- An absence may end before it starts: such rows are kept as given, with a warning at
-- import (see docs/bulk-format.md).
create table absences (
    council text not null,
    worker_id text not null,
    start_date text not null,
    end_date text,
    reason text not null,
    working_days_lost real not null check (working_days_lost >= 0),
    primary key (council, worker_id, start_date),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

create table exit_interviews (
    council text not null,
    worker_id text not null,
    held_on text not null,
    primary_reason text not null,
    would_return text,
    comments text,
    primary key (council, worker_id, held_on),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

-- Who changed or looked at whose records. Append-only: Pathway never updates or
-- deletes a row here.
create table audit_events (
    id integer primary key autoincrement,
    at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    council text not null references councils (code),
    actor text not null,
    action text not null,
    detail text not null
);
create index audit_events_by_council on audit_events (council, id);
