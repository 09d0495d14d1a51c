-- Training beyond the academy and the skills register (issue 7, part 3): courses,
-- their dates, bookings and attendance, completions without a date, and specialisms
-- and other skills. British Sign Language and languages stay in `workers`.
--
-- As in 0001 and 0004: every key starts with the council; dates TEXT 'YYYY-MM-DD',
-- times TEXT 'HH:MM' (London time), booleans 0/1, codes the domain's spellings.

-- One row per council that has changed the default reminder window.
create table training_settings (
    council text primary key references councils (code),
    reminder_days integer not null check (reminder_days between 1 and 366)
) without rowid;

-- PCF domains are a comma-separated list of the domain's spellings: they are tags,
-- read and written with the course, never queried one by one.
create table courses (
    council text not null references councils (code),
    course_id text not null,
    title text not null,
    mode text not null check (mode in ('face_to_face', 'online')),
    provider text not null,
    hours real not null check (hours > 0),
    description text not null,
    mandatory integer not null check (mandatory in (0, 1)),
    valid_for_months integer check (valid_for_months is null or (mandatory = 1 and valid_for_months >= 1)),
    pcf_domains text not null,
    primary key (council, course_id)
) without rowid;

create table course_dates (
    council text not null,
    course_id text not null,
    number integer not null check (number >= 1),
    date text not null,
    starts_at text not null,
    ends_at text not null check (ends_at > starts_at),
    place text not null,
    capacity integer not null check (capacity >= 1),
    primary key (council, course_id, number),
    foreign key (council, course_id) references courses (council, course_id)
) without rowid;

create table course_bookings (
    council text not null,
    course_id text not null,
    number integer not null,
    worker_id text not null,
    status text not null check (status in ('booked', 'attended', 'did_not_attend', 'cancelled')),
    completed_on text check (completed_on is null or status = 'attended'),
    primary key (council, course_id, number, worker_id),
    foreign key (council, course_id, number) references course_dates (council, course_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

-- A course completed without a course date (an online course at one's own pace).
create table training_completions (
    council text not null,
    course_id text not null,
    worker_id text not null,
    completed_on text not null,
    primary key (council, course_id, worker_id, completed_on),
    foreign key (council, course_id) references courses (council, course_id),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

create table skills (
    council text not null,
    worker_id text not null,
    number integer not null check (number >= 1),
    kind text not null check (kind in ('specialism', 'other')),
    name text not null,
    level text,
    recorded_on text not null,
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;
