-- People who use StreamVCR. Passwords are bcrypt hashes.
create table app_user (
    id            bigserial primary key,
    username      varchar(64)  not null unique,
    password_hash varchar(100) not null,
    role          varchar(16)  not null check (role in ('user', 'admin')),
    created_at    timestamptz  not null
);

-- Browser sessions and personal API tokens; only a SHA-256 of the secret is stored.
create table access_token (
    id           bigserial primary key,
    user_id      bigint      not null references app_user (id) on delete cascade,
    kind         varchar(16) not null check (kind in ('session', 'api')),
    token_hash   varchar(64) not null unique,
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);
create index access_token_user on access_token (user_id);

create table reservation (
    id             bigserial primary key,
    owner_id       bigint        not null references app_user (id),
    title          varchar(200)  not null,
    source_url     varchar(2048) not null,
    start_at       timestamptz   not null,
    end_at         timestamptz   not null,
    state          varchar(24)   not null,
    state_reason   text,
    stop_requested boolean       not null default false,
    stop_reason    text,
    lease_owner    varchar(200),
    lease_until    timestamptz,
    created_at     timestamptz   not null,
    check (end_at > start_at)
);
-- The dispatcher's claim query: unfinished work by start time.
create index reservation_due on reservation (start_at)
    where state in ('SCHEDULED', 'RESOLVING', 'WAITING_FOR_STREAM', 'RECORDING', 'RECONNECTING');
create index reservation_owner on reservation (owner_id, start_at desc);
create index reservation_lease on reservation (lease_owner) where lease_owner is not null;

-- Every state change with its reason: the history a user sees.
create table reservation_event (
    id             bigserial primary key,
    reservation_id bigint      not null references reservation (id) on delete cascade,
    at             timestamptz not null,
    from_state     varchar(24),
    to_state       varchar(24) not null,
    reason         text        not null,
    node           varchar(200)
);
create index reservation_event_reservation on reservation_event (reservation_id, id);

-- What a reservation produced; one recording per reservation, one part per continuous session.
create table recording (
    id             bigserial primary key,
    reservation_id bigint      not null unique references reservation (id) on delete cascade,
    owner_id       bigint      not null references app_user (id),
    started_at     timestamptz not null,
    finished_at    timestamptz,
    bytes          bigint      not null default 0,
    duration_ms    bigint      not null default 0,
    bitrate        bigint      not null default 0,
    video_codec    varchar(32),
    audio_codec    varchar(32)
);
create index recording_owner on recording (owner_id, started_at desc);

create table recording_part (
    id            bigserial primary key,
    recording_id  bigint       not null references recording (id) on delete cascade,
    part_number   int          not null,
    relative_path varchar(300) not null,
    node          varchar(200),
    started_at    timestamptz  not null,
    finished_at   timestamptz,
    bytes         bigint       not null default 0,
    duration_ms   bigint       not null default 0,
    unique (recording_id, part_number)
);

-- Interruptions inside a part: the stream dropped and was reconnected.
create table recording_gap (
    id           bigserial primary key,
    part_id      bigint      not null references recording_part (id) on delete cascade,
    started_at   timestamptz not null,
    length_ms    bigint      not null,
    cause        text        not null
);
