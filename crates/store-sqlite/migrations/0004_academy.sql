-- The social work academy beyond the bulk format's cohorts and members: programme
-- templates, each cohort's sessions and registers, the induction checklist, the ASYE
-- tracker, and the secret iCalendar feeds.
--
-- As in 0001, every key starts with the council. Times of day are TEXT 'HH:MM'
-- (London time), dates TEXT 'YYYY-MM-DD', booleans 0/1, codes the domain's spellings.
-- Imports write cohorts and academy members as upserts and never delete them, so the
-- foreign keys to those tables hold across re-imports.

-- One row per council that has changed Pathway's defaults.
create table academy_settings (
    council text primary key references councils (code),
    asye_caseload_limit integer not null check (asye_caseload_limit >= 0),
    weekly_hours real not null check (weekly_hours > 0 and weekly_hours <= 60)
) without rowid;

-- A council's own programme templates; a programme with no rows uses Pathway's default.
create table programme_days (
    council text not null references councils (code),
    programme text not null,
    number integer not null check (number >= 1),
    kind text not null check (kind in ('induction', 'recall')),
    after_months integer not null check (after_months >= 0),
    working_day integer not null check (working_day >= 1),
    starts_at text not null,
    ends_at text not null check (ends_at > starts_at),
    topic text not null,
    delivery text not null,
    venue text not null,
    facilitator text not null,
    required integer not null check (required in (0, 1)),
    primary key (council, programme, number)
) without rowid;

-- A cohort's calendar ("sessions" is taken by sign-in sessions). A catch-up names the
-- session it makes up for, which therefore cannot be removed while the catch-up is there.
create table academy_sessions (
    council text not null,
    cohort_id text not null,
    number integer not null check (number >= 1),
    kind text not null,
    date text not null,
    starts_at text not null,
    ends_at text not null check (ends_at > starts_at),
    topic text not null,
    delivery text not null,
    venue text not null,
    facilitator text not null,
    required integer not null check (required in (0, 1)),
    catches_up integer check ((kind = 'catch_up') = (catches_up is not null)),
    primary key (council, cohort_id, number),
    foreign key (council, cohort_id) references cohorts (council, cohort_id),
    foreign key (council, cohort_id, catches_up)
        references academy_sessions (council, cohort_id, number)
) without rowid;

create table attendance (
    council text not null,
    cohort_id text not null,
    session integer not null,
    worker_id text not null,
    mark text not null,
    recorded_by text not null,
    primary key (council, cohort_id, session, worker_id),
    foreign key (council, cohort_id, session)
        references academy_sessions (council, cohort_id, number),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
) without rowid;

-- A council's own checklist; none means Pathway's default. Ticks keep the item's ID
-- without a foreign key: the default items are not stored, and a tick outlives an item
-- later taken off the list.
create table checklist_items (
    council text not null references councils (code),
    item_id text not null,
    label text not null,
    position integer not null,
    primary key (council, item_id)
) without rowid;

create table checklist_ticks (
    council text not null,
    cohort_id text not null,
    worker_id text not null,
    item_id text not null,
    done_on text not null,
    done_by text not null,
    primary key (council, cohort_id, worker_id, item_id),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
) without rowid;

create table asye_records (
    council text not null,
    cohort_id text not null,
    worker_id text not null,
    starts_on text not null,
    qualified_on text,
    registered_on text,
    agreement_on text,
    assessor text not null,
    extended_to text check (extended_to is null or extended_to > starts_on),
    moderation text,
    moderated_on text,
    registration_claimed_on text,
    completion_claimed_on text,
    primary key (council, cohort_id, worker_id),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
) without rowid;

create table asye_reviews (
    council text not null,
    cohort_id text not null,
    worker_id text not null,
    kind text not null,
    held_on text not null,
    assessor text not null,
    notes text not null,
    primary key (council, cohort_id, worker_id, kind),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
) without rowid;

-- Supervisions, observations, feedback, reflections and development time; only
-- development time has hours.
create table asye_log (
    council text not null,
    cohort_id text not null,
    worker_id text not null,
    number integer not null check (number >= 1),
    kind text not null,
    happened_on text not null,
    given_by text not null,
    hours real check (hours is null or (hours > 0 and hours <= 24)),
    notes text not null,
    primary key (council, cohort_id, worker_id, number),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
) without rowid;

-- Only a hash of each feed's secret token is kept, as for sessions and API tokens. A
-- cohort's feed has no worker; the index on the scope (null worker as '') keeps one
-- feed per cohort and per member.
create table calendar_feeds (
    token_hash text primary key,
    council text not null,
    cohort_id text not null,
    worker_id text,
    created_at text not null,
    foreign key (council, cohort_id) references cohorts (council, cohort_id),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
) without rowid;
create unique index calendar_feeds_by_scope
    on calendar_feeds (council, cohort_id, coalesce(worker_id, ''));
