-- Failed logins per key (account and address, address, account), counted from the first failure of a minute; every
-- node counts in the same rows, so guesses spread over nodes add up.
create table login_failure (
    key varchar(600) primary key,
    window_start timestamptz not null,
    failures integer not null
);
create index login_failure_window on login_failure (window_start);
