-- A/B previews: who was served which recording's preview (the viewers a leak of it is traced among), and the key
-- frames of every variant and name segment served (to recognise downloaded copies). Kept when the preview files
-- expire, a user is deleted or a recording removed: a leak may surface long after.
create table preview_viewer (
    recording_id    bigint      not null,
    user_id         bigint      not null,
    username        varchar(64) not null,
    first_served_at timestamptz not null,
    primary key (recording_id, user_id)
);

create table preview_key_frame (
    digest       bytea       primary key check (octet_length(digest) = 16),
    recording_id bigint      not null,
    segment      integer     not null check (segment >= 0),
    variant      char(1)     not null check (variant in ('A', 'B')),
    -- set for a name segment: the viewer whose name it carries
    user_id      bigint,
    created_at   timestamptz not null default now()
);
create index preview_key_frame_recording on preview_key_frame (recording_id, segment);
