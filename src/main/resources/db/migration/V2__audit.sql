-- Who looked at what: preview grants, playlist fetches, refused preview requests, downloads.
create table audit_event (
    id             bigserial primary key,
    at             timestamptz  not null,
    user_id        bigint       references app_user (id) on delete set null,
    username       varchar(64),
    recording_id   bigint,
    action         varchar(32)  not null,
    outcome        varchar(16)  not null check (outcome in ('allowed', 'refused')),
    client_address varchar(64),
    user_agent     varchar(300),
    detail         text
);
create index audit_event_at on audit_event (at desc);
create index audit_event_recording on audit_event (recording_id, at desc);
create index audit_event_user on audit_event (user_id, at desc);
