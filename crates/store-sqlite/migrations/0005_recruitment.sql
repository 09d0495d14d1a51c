-- Recruitment beyond the bulk format's vacancies, recruitment events and placements:
-- the establishment's posts, vacancies' stage histories, candidates, events' details
-- and attendees, university partners, placements' practice educators, international
-- recruits and their check-ins, agency engagements, and the council's settings.
--
-- As in 0001 and 0004, every key starts with the council. Times of day are TEXT 'HH:MM'
-- (London time), dates TEXT 'YYYY-MM-DD', booleans 0/1, money whole pence, codes the
-- domain's spellings. Imports write vacancies, events, placements, teams and workers
-- as upserts and never delete them, and no candidate is ever deleted (anonymising
-- empties a candidate's personal data but keeps the row), so the foreign keys to
-- those tables hold across re-imports. Councils named in the region and in an
-- engagement's last permanent post need not be on this installation, so they have
-- no foreign key.

-- One row per council that has changed Pathway's defaults. The region and the price
-- caps are child tables rather than JSON text, so that the database itself refuses a
-- council listed twice or two caps for one job type, and checks each value; with no
-- settings row the council has the default settings (and no region or cap rows).
create table recruitment_settings (
    council text primary key references councils (code),
    anonymise_after_months integer not null
        check (anonymise_after_months between 1 and 120),
    visa_alert_days integer not null check (visa_alert_days >= 0)
) without rowid;

-- The other councils of the council's region, for the agency cooling-off rule.
create table recruitment_region (
    council text not null references recruitment_settings (council),
    member text not null check (length(member) = 3),
    primary key (council, member)
) without rowid;

create table agency_price_caps (
    council text not null references recruitment_settings (council),
    job_type text not null,
    hourly_pence integer not null check (hourly_pence >= 0),
    primary key (council, job_type)
) without rowid;

create table posts (
    council text not null references councils (code),
    post_id text not null,
    title text not null,
    team_id text,
    role text not null,
    fte real not null check (fte > 0 and fte <= 1),
    funded integer not null check (funded in (0, 1)),
    primary key (council, post_id),
    foreign key (council, team_id) references teams (council, team_id)
) without rowid;

-- A vacancy is for one post; a post may have had several vacancies over the years.
create table vacancy_posts (
    council text not null,
    vacancy_id text not null,
    post_id text not null,
    primary key (council, vacancy_id),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id),
    foreign key (council, post_id) references posts (council, post_id)
) without rowid;
create index vacancy_posts_by_post on vacancy_posts (council, post_id);

create table vacancy_stage_changes (
    council text not null,
    vacancy_id text not null,
    number integer not null check (number >= 1),
    moved_on text not null,
    stage text not null,
    moved_by text not null,
    primary key (council, vacancy_id, number),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id)
) without rowid;

create table candidates (
    council text not null references councils (code),
    candidate_id text not null,
    given_name text not null,
    family_name text not null,
    email text not null,
    phone text not null,
    source text not null,
    vacancy_id text,
    event_id text,
    placement_id text,
    applied_on text not null,
    stage text not null,
    swe_number text,
    start_date text,
    role text,
    team_id text,
    fte real check (fte is null or (fte > 0 and fte <= 1)),
    worker_id text,
    anonymised_on text,
    primary key (council, candidate_id),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id),
    foreign key (council, event_id) references recruitment_events (council, event_id),
    foreign key (council, placement_id) references placements (council, placement_id),
    foreign key (council, team_id) references teams (council, team_id),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

create table candidate_stage_changes (
    council text not null,
    candidate_id text not null,
    number integer not null check (number >= 1),
    moved_on text not null,
    stage text not null,
    moved_by text not null,
    primary key (council, candidate_id, number),
    foreign key (council, candidate_id) references candidates (council, candidate_id)
) without rowid;

create table event_details (
    council text not null,
    event_id text not null,
    name text not null,
    starts_at text,
    ends_at text check (ends_at is null or starts_at is null or ends_at > starts_at),
    cost_pence integer check (cost_pence is null or cost_pence >= 0),
    primary key (council, event_id),
    foreign key (council, event_id) references recruitment_events (council, event_id)
) without rowid;

create table event_attendees (
    council text not null,
    event_id text not null,
    number integer not null check (number >= 1),
    name text not null,
    email text not null,
    interested_in text not null,
    candidate_id text,
    primary key (council, event_id, number),
    foreign key (council, event_id) references recruitment_events (council, event_id),
    foreign key (council, candidate_id) references candidates (council, candidate_id)
) without rowid;

create table universities (
    council text not null references councils (code),
    university_id text not null,
    name text not null,
    contact text not null,
    partner_since text,
    primary key (council, university_id)
) without rowid;

create table placement_details (
    council text not null,
    placement_id text not null,
    practice_educator text not null,
    primary key (council, placement_id),
    foreign key (council, placement_id) references placements (council, placement_id)
) without rowid;

create table international_recruits (
    council text not null,
    worker_id text not null,
    country text not null,
    visa_type text not null,
    right_to_work_expires text,
    swe_status text not null,
    arrived_on text,
    relocation_support text not null,
    buddy_worker_id text,
    primary key (council, worker_id),
    foreign key (council, worker_id) references workers (council, worker_id),
    foreign key (council, buddy_worker_id) references workers (council, worker_id)
) without rowid;

-- Check-ins refer to the worker rather than the recruit record, as the domain's
-- checks do.
create table check_ins (
    council text not null,
    worker_id text not null,
    number integer not null check (number >= 1),
    held_on text not null,
    held_by text not null,
    settling text not null,
    notes text not null,
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

-- A sign-off is all three of who, when and why, or none of them.
create table agency_engagements (
    council text not null references councils (code),
    engagement_id text not null,
    worker_name text not null,
    agency text not null,
    job_type text not null,
    vacancy_id text,
    team_id text,
    starts_on text not null,
    ends_on text check (ends_on is null or ends_on >= starts_on),
    qualified_on text not null,
    left_permanent_on text,
    left_permanent_council text check (
        left_permanent_council is null or length(left_permanent_council) = 3
    ),
    notice_weeks integer not null check (notice_weeks >= 0),
    hourly_rate_pence integer not null check (hourly_rate_pence >= 0),
    signed_off_by text,
    signed_off_on text,
    sign_off_reason text,
    check (
        (signed_off_by is null) = (signed_off_on is null)
        and (signed_off_on is null) = (sign_off_reason is null)
    ),
    primary key (council, engagement_id),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id),
    foreign key (council, team_id) references teams (council, team_id)
) without rowid;
