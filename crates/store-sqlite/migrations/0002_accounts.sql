-- Users, their sessions, and failed sign-ins (for throttling).

create table users (
    id integer primary key autoincrement,
    -- null only for the installation's administrators
    council text references councils (code),
    email text not null unique,
    role text not null,
    worker_id text,
    -- the teams a team manager manages, joined with ';'
    teams text not null default '',
    password_hash text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Only a hash of each session token is kept: a copy of the database cannot be used to
-- take over a session.
create table sessions (
    token_hash text primary key,
    user_id integer not null references users (id),
    csrf_token text not null,
    expires_at text not null,
    created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) without rowid;
create index sessions_by_expiry on sessions (expires_at);

create table failed_sign_ins (
    email text not null,
    at text not null
);
create index failed_sign_ins_by_email on failed_sign_ins (email, at);
