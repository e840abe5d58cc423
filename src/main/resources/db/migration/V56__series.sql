-- A series: a booking repeated daily or on chosen weekdays at a local time in its owner's time zone.
-- Its occurrences are ordinary reservations, booked a horizon ahead (see SeriesService).
create table series (
    id               bigserial primary key,
    owner_id         bigint        not null references app_user (id),
    title            varchar(200)  not null,
    source_url       varchar(2048) not null,
    rtmp_options     varchar(4000),
    hls_options      varchar(1000),
    weekdays         varchar(27)   not null,
    start_time       time          not null,
    duration_seconds bigint        not null check (duration_seconds > 0),
    time_zone        varchar(64)   not null,
    first_date       date          not null,
    occurrence_count integer check (occurrence_count > 0),
    until_date       date,
    ended_at         timestamptz,
    problem          text,
    created_at       timestamptz   not null
);
create index series_owner on series (owner_id, id desc);

-- Which occurrence of which series a reservation is; one reservation per occurrence (a skipped one is cancelled).
alter table reservation add column series_id bigint references series (id) on delete set null;
alter table reservation add column series_date date;
create unique index reservation_series_date on reservation (series_id, series_date)
    where series_id is not null and series_date is not null;
