-- What resolving a reservation's address found: once when it was booked and again at each start (a page's
-- stream address and its tokens change). The chosen source, the resolver ("via") and where it looked ("origin"),
-- or the reason nothing was found, and every resolver's candidates or error as JSON.
create table reservation_resolution (
    id             bigserial primary key,
    reservation_id bigint      not null references reservation (id) on delete cascade,
    at             timestamptz not null,
    phase          varchar(16) not null check (phase in ('booking', 'start')),
    input          text        not null,
    via            varchar(200),
    source         text,
    origin         text,
    reason         text,
    reports        text        not null,
    check ((source is null) = (via is null))
);
create index reservation_resolution_reservation on reservation_resolution (reservation_id, id);
