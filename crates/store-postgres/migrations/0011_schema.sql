-- Pathway's schema on PostgreSQL, as SQLite's migrations 0001-0011 leave it: the same
-- tables, keys, references and checks, so that one set of queries serves both. Dates
-- are `date`, yes/no values `boolean`, times of day text 'HH:MM', moments text RFC 3339
-- (UTC, milliseconds), as in SQLite. Text sorts by code point (collation "C"), as in
-- SQLite, so both databases list records in the same order whatever the server's locale.
-- PostgreSQL's history starts at 11 so that later migrations keep SQLite's numbers.

CREATE TABLE councils (
    code text collate "C" primary key check (length(code) = 3),
    name text collate "C" not null,
    created_at text collate "C" not null default (to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE TABLE teams (
    council text collate "C" not null references councils (code),
    team_id text collate "C" not null,
    name text collate "C" not null,
    service text collate "C" not null,
    locality text collate "C",
    primary key (council, team_id)
);

CREATE TABLE workers (
    council text collate "C" not null references councils (code),
    worker_id text collate "C" not null,
    given_name text collate "C" not null,
    family_name text collate "C" not null,
    swe_number text collate "C",
    gender text collate "C",
    date_of_birth date,
    ethnicity text collate "C",
    qualified_on date,
    qualification_institution text collate "C",
    qualification_level text collate "C",
    route text collate "C",
    bsl boolean,
    -- the list joined with ';', as in the bulk format
    languages text collate "C" not null default '',
    primary key (council, worker_id)
);

CREATE TABLE employments (
    council text collate "C" not null,
    employment_id text collate "C" not null,
    worker_id text collate "C" not null,
    start_date date not null,
    end_date date check (end_date is null or end_date >= start_date),
    start_origin text collate "C",
    leaving_reason text collate "C" check ((leaving_reason is null) = (end_date is null)),
    destination text collate "C",
    primary key (council, employment_id),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE INDEX employments_by_worker on employments (council, worker_id);

CREATE TABLE assignments (
    council text collate "C" not null,
    employment_id text collate "C" not null,
    start_date date not null,
    end_date date check (end_date is null or end_date >= start_date),
    team_id text collate "C",
    role text collate "C" not null,
    contract text collate "C" not null,
    fte double precision not null check (fte > 0 and fte <= 1),
    primary key (council, employment_id, start_date),
    foreign key (council, employment_id) references employments (council, employment_id),
    foreign key (council, team_id) references teams (council, team_id)
);

CREATE TABLE caseloads (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    as_of date not null,
    cases bigint not null check (cases >= 0),
    primary key (council, worker_id, as_of),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE vacancies (
    council text collate "C" not null,
    vacancy_id text collate "C" not null,
    team_id text collate "C",
    role text collate "C" not null,
    fte double precision not null check (fte > 0 and fte <= 1),
    opened_on date not null,
    closed_on date check (closed_on is null or closed_on >= opened_on),
    stage text collate "C" not null,
    covered_by_agency boolean,
    primary key (council, vacancy_id),
    foreign key (council, team_id) references teams (council, team_id)
);

CREATE TABLE cohorts (
    council text collate "C" not null references councils (code),
    cohort_id text collate "C" not null,
    name text collate "C" not null,
    programme text collate "C" not null,
    start_date date not null,
    primary key (council, cohort_id)
);

CREATE TABLE academy_members (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    worker_id text collate "C" not null,
    joined_on date not null,
    completed_on date,
    asye_outcome text collate "C",
    primary key (council, cohort_id, worker_id),
    foreign key (council, cohort_id) references cohorts (council, cohort_id),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE placements (
    council text collate "C" not null references councils (code),
    placement_id text collate "C" not null,
    student_name text collate "C" not null,
    university text collate "C" not null,
    placement_number bigint not null check (placement_number in (1, 2)),
    team_id text collate "C",
    start_date date not null,
    end_date date check (end_date is null or end_date >= start_date),
    outcome text collate "C",
    hired_worker_id text collate "C",
    primary key (council, placement_id),
    foreign key (council, team_id) references teams (council, team_id),
    foreign key (council, hired_worker_id) references workers (council, worker_id)
);

CREATE TABLE recruitment_events (
    council text collate "C" not null references councils (code),
    event_id text collate "C" not null,
    held_on date not null,
    location text collate "C" not null,
    out_of_hours boolean,
    attendees bigint check (attendees >= 0),
    applications bigint check (applications >= 0),
    offers bigint check (offers >= 0),
    hires bigint check (hires >= 0),
    primary key (council, event_id)
);

CREATE TABLE absences (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    start_date date not null,
    end_date date,
    reason text collate "C" not null,
    working_days_lost double precision not null check (working_days_lost >= 0),
    primary key (council, worker_id, start_date),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE exit_interviews (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    held_on date not null,
    primary_reason text collate "C" not null,
    would_return text collate "C",
    comments text collate "C",
    primary key (council, worker_id, held_on),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE audit_events (
    id bigint generated by default as identity primary key,
    at text collate "C" not null default (to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    council text collate "C" not null references councils (code),
    actor text collate "C" not null,
    action text collate "C" not null,
    detail text collate "C" not null
);


CREATE INDEX audit_events_by_council on audit_events (council, id);

CREATE TABLE users (
    id bigint generated by default as identity primary key,
    -- null only for the installation's administrators
    council text collate "C" references councils (code),
    email text collate "C" not null unique,
    role text collate "C" not null,
    worker_id text collate "C",
    -- the teams a team manager manages, joined with ';'
    teams text collate "C" not null default '',
    password_hash text collate "C" not null,
    created_at text collate "C" not null default (to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE TABLE sessions (
    token_hash text collate "C" primary key,
    user_id bigint not null references users (id),
    csrf_token text collate "C" not null,
    expires_at text collate "C" not null,
    created_at text collate "C" not null default (to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
);

CREATE INDEX sessions_by_expiry on sessions (expires_at);

CREATE TABLE failed_sign_ins (
    email text collate "C" not null,
    at text collate "C" not null
);

CREATE INDEX failed_sign_ins_by_email on failed_sign_ins (email, at);

CREATE TABLE api_tokens (
    id bigint generated by default as identity primary key,
    user_id bigint not null references users (id),
    name text collate "C" not null,
    token_hash text collate "C" not null unique,
    created_at text collate "C" not null,
    last_used_at text collate "C",
    revoked_at text collate "C"
);

CREATE INDEX api_tokens_by_user on api_tokens (user_id, id);

CREATE TABLE academy_settings (
    council text collate "C" primary key references councils (code),
    asye_caseload_limit bigint not null check (asye_caseload_limit >= 0),
    weekly_hours double precision not null check (weekly_hours > 0 and weekly_hours <= 60)
);

CREATE TABLE programme_days (
    council text collate "C" not null references councils (code),
    programme text collate "C" not null,
    number bigint not null check (number >= 1),
    kind text collate "C" not null check (kind in ('induction', 'recall')),
    after_months bigint not null check (after_months >= 0),
    working_day bigint not null check (working_day >= 1),
    starts_at text collate "C" not null,
    ends_at text collate "C" not null check (ends_at > starts_at),
    topic text collate "C" not null,
    delivery text collate "C" not null,
    venue text collate "C" not null,
    facilitator text collate "C" not null,
    required boolean not null,
    primary key (council, programme, number)
);

CREATE TABLE academy_sessions (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    number bigint not null check (number >= 1),
    kind text collate "C" not null,
    date date not null,
    starts_at text collate "C" not null,
    ends_at text collate "C" not null check (ends_at > starts_at),
    topic text collate "C" not null,
    delivery text collate "C" not null,
    venue text collate "C" not null,
    facilitator text collate "C" not null,
    required boolean not null,
    catches_up bigint check ((kind = 'catch_up') = (catches_up is not null)),
    primary key (council, cohort_id, number),
    foreign key (council, cohort_id) references cohorts (council, cohort_id),
    foreign key (council, cohort_id, catches_up)
        references academy_sessions (council, cohort_id, number)
);

CREATE TABLE attendance (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    session bigint not null,
    worker_id text collate "C" not null,
    mark text collate "C" not null,
    recorded_by text collate "C" not null,
    primary key (council, cohort_id, session, worker_id),
    foreign key (council, cohort_id, session)
        references academy_sessions (council, cohort_id, number),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
);

CREATE TABLE checklist_items (
    council text collate "C" not null references councils (code),
    item_id text collate "C" not null,
    label text collate "C" not null,
    position bigint not null,
    primary key (council, item_id)
);

CREATE TABLE checklist_ticks (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    worker_id text collate "C" not null,
    item_id text collate "C" not null,
    done_on date not null,
    done_by text collate "C" not null,
    primary key (council, cohort_id, worker_id, item_id),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
);

CREATE TABLE asye_records (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    worker_id text collate "C" not null,
    starts_on date not null,
    qualified_on date,
    registered_on date,
    agreement_on date,
    assessor text collate "C" not null,
    extended_to date check (extended_to is null or extended_to > starts_on),
    moderation text collate "C",
    moderated_on date,
    registration_claimed_on date,
    completion_claimed_on date,
    primary key (council, cohort_id, worker_id),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
);

CREATE TABLE asye_reviews (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    worker_id text collate "C" not null,
    kind text collate "C" not null,
    held_on date not null,
    assessor text collate "C" not null,
    notes text collate "C" not null,
    primary key (council, cohort_id, worker_id, kind),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
);

CREATE TABLE asye_log (
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    worker_id text collate "C" not null,
    number bigint not null check (number >= 1),
    kind text collate "C" not null,
    happened_on date not null,
    given_by text collate "C" not null,
    hours double precision check (hours is null or (hours > 0 and hours <= 24)),
    notes text collate "C" not null,
    primary key (council, cohort_id, worker_id, number),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
);

CREATE TABLE calendar_feeds (
    token_hash text collate "C" primary key,
    council text collate "C" not null,
    cohort_id text collate "C" not null,
    worker_id text collate "C",
    created_at text collate "C" not null,
    foreign key (council, cohort_id) references cohorts (council, cohort_id),
    foreign key (council, cohort_id, worker_id)
        references academy_members (council, cohort_id, worker_id)
);

CREATE UNIQUE INDEX calendar_feeds_by_scope
    on calendar_feeds (council, cohort_id, coalesce(worker_id, ''));

CREATE TABLE recruitment_settings (
    council text collate "C" primary key references councils (code),
    anonymise_after_months bigint not null
        check (anonymise_after_months between 1 and 120),
    visa_alert_days bigint not null check (visa_alert_days >= 0)
);

CREATE TABLE recruitment_region (
    council text collate "C" not null references recruitment_settings (council),
    member text collate "C" not null check (length(member) = 3),
    primary key (council, member)
);

CREATE TABLE agency_price_caps (
    council text collate "C" not null references recruitment_settings (council),
    job_type text collate "C" not null,
    hourly_pence bigint not null check (hourly_pence >= 0),
    primary key (council, job_type)
);

CREATE TABLE posts (
    council text collate "C" not null references councils (code),
    post_id text collate "C" not null,
    title text collate "C" not null,
    team_id text collate "C",
    role text collate "C" not null,
    fte double precision not null check (fte > 0 and fte <= 1),
    funded boolean not null,
    primary key (council, post_id),
    foreign key (council, team_id) references teams (council, team_id)
);

CREATE TABLE vacancy_posts (
    council text collate "C" not null,
    vacancy_id text collate "C" not null,
    post_id text collate "C" not null,
    primary key (council, vacancy_id),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id),
    foreign key (council, post_id) references posts (council, post_id)
);

CREATE INDEX vacancy_posts_by_post on vacancy_posts (council, post_id);

CREATE TABLE vacancy_stage_changes (
    council text collate "C" not null,
    vacancy_id text collate "C" not null,
    number bigint not null check (number >= 1),
    moved_on date not null,
    stage text collate "C" not null,
    moved_by text collate "C" not null,
    primary key (council, vacancy_id, number),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id)
);

CREATE TABLE candidates (
    council text collate "C" not null references councils (code),
    candidate_id text collate "C" not null,
    given_name text collate "C" not null,
    family_name text collate "C" not null,
    email text collate "C" not null,
    phone text collate "C" not null,
    source text collate "C" not null,
    vacancy_id text collate "C",
    event_id text collate "C",
    placement_id text collate "C",
    applied_on date not null,
    stage text collate "C" not null,
    swe_number text collate "C",
    start_date date,
    role text collate "C",
    team_id text collate "C",
    fte double precision check (fte is null or (fte > 0 and fte <= 1)),
    worker_id text collate "C",
    anonymised_on date,
    primary key (council, candidate_id),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id),
    foreign key (council, event_id) references recruitment_events (council, event_id),
    foreign key (council, placement_id) references placements (council, placement_id),
    foreign key (council, team_id) references teams (council, team_id),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE candidate_stage_changes (
    council text collate "C" not null,
    candidate_id text collate "C" not null,
    number bigint not null check (number >= 1),
    moved_on date not null,
    stage text collate "C" not null,
    moved_by text collate "C" not null,
    primary key (council, candidate_id, number),
    foreign key (council, candidate_id) references candidates (council, candidate_id)
);

CREATE TABLE event_details (
    council text collate "C" not null,
    event_id text collate "C" not null,
    name text collate "C" not null,
    starts_at text collate "C",
    ends_at text collate "C" check (ends_at is null or starts_at is null or ends_at > starts_at),
    cost_pence bigint check (cost_pence is null or cost_pence >= 0),
    primary key (council, event_id),
    foreign key (council, event_id) references recruitment_events (council, event_id)
);

CREATE TABLE event_attendees (
    council text collate "C" not null,
    event_id text collate "C" not null,
    number bigint not null check (number >= 1),
    name text collate "C" not null,
    email text collate "C" not null,
    interested_in text collate "C" not null,
    candidate_id text collate "C",
    primary key (council, event_id, number),
    foreign key (council, event_id) references recruitment_events (council, event_id),
    foreign key (council, candidate_id) references candidates (council, candidate_id)
);

CREATE TABLE universities (
    council text collate "C" not null references councils (code),
    university_id text collate "C" not null,
    name text collate "C" not null,
    contact text collate "C" not null,
    partner_since date,
    primary key (council, university_id)
);

CREATE TABLE placement_details (
    council text collate "C" not null,
    placement_id text collate "C" not null,
    practice_educator text collate "C" not null,
    primary key (council, placement_id),
    foreign key (council, placement_id) references placements (council, placement_id)
);

CREATE TABLE international_recruits (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    country text collate "C" not null,
    visa_type text collate "C" not null,
    right_to_work_expires date,
    swe_status text collate "C" not null,
    arrived_on date,
    relocation_support text collate "C" not null,
    buddy_worker_id text collate "C",
    primary key (council, worker_id),
    foreign key (council, worker_id) references workers (council, worker_id),
    foreign key (council, buddy_worker_id) references workers (council, worker_id)
);

CREATE TABLE check_ins (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    number bigint not null check (number >= 1),
    held_on date not null,
    held_by text collate "C" not null,
    settling text collate "C" not null,
    notes text collate "C" not null,
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE agency_engagements (
    council text collate "C" not null references councils (code),
    engagement_id text collate "C" not null,
    worker_name text collate "C" not null,
    agency text collate "C" not null,
    job_type text collate "C" not null,
    vacancy_id text collate "C",
    team_id text collate "C",
    starts_on date not null,
    ends_on date check (ends_on is null or ends_on >= starts_on),
    qualified_on date not null,
    left_permanent_on date,
    left_permanent_council text collate "C" check (
        left_permanent_council is null or length(left_permanent_council) = 3
    ),
    notice_weeks bigint not null check (notice_weeks >= 0),
    hourly_rate_pence bigint not null check (hourly_rate_pence >= 0),
    signed_off_by text collate "C",
    signed_off_on date,
    sign_off_reason text collate "C",
    check (
        (signed_off_by is null) = (signed_off_on is null)
        and (signed_off_on is null) = (sign_off_reason is null)
    ),
    primary key (council, engagement_id),
    foreign key (council, vacancy_id) references vacancies (council, vacancy_id),
    foreign key (council, team_id) references teams (council, team_id)
);

CREATE TABLE caseload_settings (
    council text collate "C" primary key references councils (code),
    -- The lower bounds, comma-separated, starting at 0: '0,20,25,30'.
    band_bounds text collate "C" not null check (band_bounds like '0%'),
    rising_cases bigint not null check (rising_cases >= 1),
    rising_days bigint not null check (rising_days >= 1)
);

CREATE TABLE caseload_thresholds (
    council text collate "C" not null references caseload_settings (council),
    role text collate "C" not null check (role <> 'asye'),
    cases bigint not null check (cases >= 1),
    primary key (council, role)
);

CREATE TABLE career_frameworks (
    council text collate "C" primary key references councils (code),
    document text collate "C" not null check ((document::jsonb is not null))
);

CREATE TABLE career_assessments (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    number bigint not null check (number >= 1),
    level text collate "C" not null,
    started_on date not null,
    submitted_on date check (submitted_on is null or submitted_on >= started_on),
    reviewed_by text collate "C",
    reviewed_on date,
    decision text collate "C" check (decision in ('agreed', 'returned')),
    comments text collate "C" not null default '',
    check ((reviewed_by is null) = (decision is null) and (reviewed_on is null) = (decision is null)),
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE career_ratings (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    number bigint not null,
    position bigint not null check (position >= 1),
    criterion_id text collate "C" not null,
    area text collate "C" not null,
    wording text collate "C" not null,
    rating text collate "C" check (rating in ('not_yet', 'developing', 'confident', 'exceeding')),
    evidence text collate "C" not null default '',
    primary key (council, worker_id, number, criterion_id),
    foreign key (council, worker_id, number)
        references career_assessments (council, worker_id, number) on delete cascade
);

CREATE TABLE career_actions (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    number bigint not null check (number >= 1),
    description text collate "C" not null,
    due_on date,
    status text collate "C" not null check (status in ('planned', 'in_progress', 'done')),
    done_on date check ((status = 'done') = (done_on is not null)),
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE training_settings (
    council text collate "C" primary key references councils (code),
    reminder_days bigint not null check (reminder_days between 1 and 366)
);

CREATE TABLE courses (
    council text collate "C" not null references councils (code),
    course_id text collate "C" not null,
    title text collate "C" not null,
    mode text collate "C" not null check (mode in ('face_to_face', 'online')),
    provider text collate "C" not null,
    hours double precision not null check (hours > 0),
    description text collate "C" not null,
    mandatory boolean not null,
    valid_for_months bigint check (valid_for_months is null or (mandatory and valid_for_months >= 1)),
    pcf_domains text collate "C" not null,
    primary key (council, course_id)
);

CREATE TABLE course_dates (
    council text collate "C" not null,
    course_id text collate "C" not null,
    number bigint not null check (number >= 1),
    date date not null,
    starts_at text collate "C" not null,
    ends_at text collate "C" not null check (ends_at > starts_at),
    place text collate "C" not null,
    capacity bigint not null check (capacity >= 1),
    primary key (council, course_id, number),
    foreign key (council, course_id) references courses (council, course_id)
);

CREATE TABLE course_bookings (
    council text collate "C" not null,
    course_id text collate "C" not null,
    number bigint not null,
    worker_id text collate "C" not null,
    status text collate "C" not null check (status in ('booked', 'attended', 'did_not_attend', 'cancelled')),
    completed_on date check (completed_on is null or status = 'attended'),
    primary key (council, course_id, number, worker_id),
    foreign key (council, course_id, number) references course_dates (council, course_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE training_completions (
    council text collate "C" not null,
    course_id text collate "C" not null,
    worker_id text collate "C" not null,
    completed_on date not null,
    primary key (council, course_id, worker_id, completed_on),
    foreign key (council, course_id) references courses (council, course_id),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE skills (
    council text collate "C" not null,
    worker_id text collate "C" not null,
    number bigint not null check (number >= 1),
    kind text collate "C" not null check (kind in ('specialism', 'other')),
    name text collate "C" not null,
    level text collate "C",
    recorded_on date not null,
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
);

CREATE TABLE feedback_sessions (
    council text collate "C" not null references councils (code),
    session_id bigint not null check (session_id >= 1),
    held_on date not null,
    title text collate "C" not null,
    place text collate "C" not null,
    attendees bigint not null check (attendees between 0 and 10000),
    run_by text collate "C" not null,
    primary key (council, session_id)
);

CREATE TABLE feedback_themes (
    council text collate "C" not null,
    session_id bigint not null,
    number bigint not null check (number >= 1),
    text text collate "C" not null,
    standard text collate "C",
    primary key (council, session_id, number),
    foreign key (council, session_id) references feedback_sessions (council, session_id)
);

CREATE TABLE feedback_actions (
    council text collate "C" not null,
    session_id bigint not null,
    number bigint not null check (number >= 1),
    theme bigint not null,
    description text collate "C" not null,
    owner text collate "C" not null,
    status text collate "C" not null check (status in ('open', 'in_progress', 'done')),
    due_on date,
    done_on date,
    what_we_did text collate "C",
    primary key (council, session_id, number),
    foreign key (council, session_id, theme)
        references feedback_themes (council, session_id, number),
    check ((status = 'done') = (done_on is not null))
);

CREATE TABLE survey_settings (
    council text collate "C" primary key references councils (code),
    minimum_group bigint not null check (minimum_group between 5 and 100)
);

CREATE TABLE surveys (
    council text collate "C" not null references councils (code),
    year bigint not null check (year between 2000 and 2100),
    opened_on date not null,
    closed_on date,
    primary key (council, year)
);

CREATE TABLE survey_responses (
    council text collate "C" not null,
    response_id text collate "C" not null check (length(response_id) = 32),
    year bigint not null,
    team_id text collate "C",
    role_group text collate "C",
    length_of_service text collate "C",
    primary key (council, response_id),
    foreign key (council, year) references surveys (council, year),
    foreign key (council, team_id) references teams (council, team_id)
);

CREATE TABLE survey_answers (
    council text collate "C" not null,
    response_id text collate "C" not null,
    statement text collate "C" not null,
    answer text collate "C" not null check (
        answer in ('strongly_disagree', 'disagree', 'neither', 'agree', 'strongly_agree')
    ),
    primary key (council, response_id, statement),
    foreign key (council, response_id) references survey_responses (council, response_id)
);

CREATE TABLE survey_respondents (
    council text collate "C" not null,
    year bigint not null,
    respondent text collate "C" not null,
    primary key (council, year, respondent),
    foreign key (council, year) references surveys (council, year)
);

CREATE TABLE committee_reports (
    council text collate "C" not null references councils (code),
    reference_date date not null,
    meeting text collate "C" not null,
    meeting_date date,
    report_of text collate "C" not null,
    contact_officer text collate "C" not null,
    recommendations text collate "C" not null,
    background text collate "C" not null,
    financial text collate "C" not null,
    legal text collate "C" not null,
    equalities text collate "C" not null,
    risk text collate "C" not null,
    changed_by text collate "C" not null,
    changed_at text collate "C" not null,
    primary key (council, reference_date)
);
