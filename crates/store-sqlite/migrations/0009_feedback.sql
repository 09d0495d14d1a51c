-- Feedback sessions ("coffee and cake"), the themes raised at each and the actions
-- taken on them. No person is named: attendance is a count, and who ran a session or
-- owns an action is a role or team in words. Nothing is deleted: a session's record
-- is what was said. Dates are TEXT 'YYYY-MM-DD'; codes the domain's spellings.

create table feedback_sessions (
    council text not null references councils (code),
    session_id integer not null check (session_id >= 1),
    held_on text not null,
    title text not null,
    place text not null,
    attendees integer not null check (attendees between 0 and 10000),
    run_by text not null,
    primary key (council, session_id)
) without rowid;

create table feedback_themes (
    council text not null,
    session_id integer not null,
    number integer not null check (number >= 1),
    text text not null,
    standard text,
    primary key (council, session_id, number),
    foreign key (council, session_id) references feedback_sessions (council, session_id)
) without rowid;

create table feedback_actions (
    council text not null,
    session_id integer not null,
    number integer not null check (number >= 1),
    theme integer not null,
    description text not null,
    owner text not null,
    status text not null check (status in ('open', 'in_progress', 'done')),
    due_on text,
    done_on text,
    what_we_did text,
    primary key (council, session_id, number),
    foreign key (council, session_id, theme)
        references feedback_themes (council, session_id, number),
    check ((status = 'done') = (done_on is not null))
) without rowid;
