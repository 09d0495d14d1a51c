-- Tokens for programs calling the JSON API as a user. Only a hash of each token is
-- kept: the token itself is shown once, when it is made.

create table api_tokens (
    id integer primary key autoincrement,
    user_id integer not null references users (id),
    name text not null,
    token_hash text not null unique,
    created_at text not null,
    last_used_at text,
    revoked_at text
);
create index api_tokens_by_user on api_tokens (user_id, id);
