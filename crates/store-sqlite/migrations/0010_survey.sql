-- The staff survey. Responses are anonymous: a response row holds a random ID, the
-- year, the coarse groups the respondent chose and the answers, and nothing else (no
-- user, no time). Who has answered is kept apart in survey_respondents, only so that
-- nobody answers twice; the two tables share no column but the council and year.
-- Both are WITHOUT ROWID, so no hidden row number records the order of insertion:
-- responses are stored and read in the order of their random IDs.

create table survey_settings (
    council text primary key references councils (code),
    minimum_group integer not null check (minimum_group between 5 and 100)
) without rowid;

create table surveys (
    council text not null references councils (code),
    year integer not null check (year between 2000 and 2100),
    opened_on text not null,
    closed_on text,
    primary key (council, year)
) without rowid;

create table survey_responses (
    council text not null,
    response_id text not null check (length(response_id) = 32),
    year integer not null,
    team_id text,
    role_group text,
    length_of_service text,
    primary key (council, response_id),
    foreign key (council, year) references surveys (council, year),
    foreign key (council, team_id) references teams (council, team_id)
) without rowid;

create table survey_answers (
    council text not null,
    response_id text not null,
    statement text not null,
    answer text not null check (
        answer in ('strongly_disagree', 'disagree', 'neither', 'agree', 'strongly_agree')
    ),
    primary key (council, response_id, statement),
    foreign key (council, response_id) references survey_responses (council, response_id)
) without rowid;

create table survey_respondents (
    council text not null,
    year integer not null,
    respondent text not null,
    primary key (council, year, respondent),
    foreign key (council, year) references surveys (council, year)
) without rowid;
