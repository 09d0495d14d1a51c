-- The career pathway: each council's framework, people's self-assessments with
-- their ratings and reviews, and development plans.
--
-- As in 0001, every key starts with the council; dates are TEXT 'YYYY-MM-DD' and
-- codes the domain's spellings.

-- A council's own framework, kept as one JSON document (levels and criteria, as in
-- docs/career-format.md): it is always read and replaced whole, and its criteria
-- are retired rather than removed, so nothing refers into it by key. A council with
-- no row uses Pathway's default.
create table career_frameworks (
    council text primary key references councils (code),
    document text not null check (json_valid(document))
) without rowid;

-- A self-assessment against a level. The review is the manager's latest: agreed
-- (signed off) or returned for more evidence.
create table career_assessments (
    council text not null,
    worker_id text not null,
    number integer not null check (number >= 1),
    level text not null,
    started_on text not null,
    submitted_on text check (submitted_on is null or submitted_on >= started_on),
    reviewed_by text,
    reviewed_on text,
    decision text check (decision in ('agreed', 'returned')),
    comments text not null default '',
    check ((reviewed_by is null) = (decision is null) and (reviewed_on is null) = (decision is null)),
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;

-- One criterion's rating: the criterion's area and words are kept as rated, so
-- rewording or retiring it later leaves the assessment as it was.
create table career_ratings (
    council text not null,
    worker_id text not null,
    number integer not null,
    position integer not null check (position >= 1),
    criterion_id text not null,
    area text not null,
    wording text not null,
    rating text check (rating in ('not_yet', 'developing', 'confident', 'exceeding')),
    evidence text not null default '',
    primary key (council, worker_id, number, criterion_id),
    foreign key (council, worker_id, number)
        references career_assessments (council, worker_id, number) on delete cascade
) without rowid;

-- A development plan's actions.
create table career_actions (
    council text not null,
    worker_id text not null,
    number integer not null check (number >= 1),
    description text not null,
    due_on text,
    status text not null check (status in ('planned', 'in_progress', 'done')),
    done_on text check ((status = 'done') = (done_on is not null)),
    primary key (council, worker_id, number),
    foreign key (council, worker_id) references workers (council, worker_id)
) without rowid;
