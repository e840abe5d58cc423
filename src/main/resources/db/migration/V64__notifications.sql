-- Where a person wants to be told about their recordings: an email address or a webhook URL, and which events.
create table notification_channel (
    id         bigserial primary key,
    user_id    bigint        not null references app_user (id) on delete cascade,
    kind       varchar(16)   not null check (kind in ('EMAIL', 'WEBHOOK')),
    target     varchar(2048) not null,
    -- The key webhook bodies are signed with (HMAC-SHA256); null for email
    secret     varchar(64),
    -- Event names separated by commas, e.g. 'started,failed'
    events     varchar(400)  not null,
    created_at timestamptz   not null
);
create index notification_channel_user on notification_channel (user_id);

-- The outbox and the delivery log in one: a row is written in the transaction of the change it tells about, then
-- sent (and retried) by whichever node claims it. channel_id has no foreign key so that deleting a channel can never
-- fail the recording transaction that is writing a row for it; the worker drops rows whose channel is gone.
create table notification_delivery (
    id              bigserial primary key,
    channel_id      bigint        not null,
    user_id         bigint        not null references app_user (id) on delete cascade,
    channel_label   varchar(2100) not null,
    event           varchar(32)   not null,
    subject         varchar(400)  not null,
    payload         text          not null,
    status          varchar(16)   not null check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null,
    last_error      varchar(2000),
    created_at      timestamptz   not null,
    finished_at     timestamptz
);
create index notification_delivery_due on notification_delivery (next_attempt_at) where status = 'PENDING';
create index notification_delivery_user on notification_delivery (user_id, id desc);
