-- Each user's own logins to sites. The password and the cookie jar are AES-GCM ciphertexts (key outside the
-- database) bound to the row and its owner, so neither a database dump nor a copied column reveals them.
create table site_account (
    id              bigserial     primary key,
    owner_id        bigint        not null references app_user (id) on delete cascade,
    site            varchar(200)  not null,
    username        varchar(200)  not null,
    login_url       varchar(2048),
    password_sealed bytea         not null,
    cookies_sealed  bytea,
    landing_url     varchar(2048),
    last_login_at   timestamptz,
    last_error      text,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    unique (owner_id, site)
);

-- The login check made shortly before a booked start; a failed one is a warning shown with the reservation.
create table site_check (
    reservation_id bigint       primary key references reservation (id) on delete cascade,
    site           varchar(200),
    checked_at     timestamptz  not null,
    ok             boolean,
    message        text
);

-- Declarative site definitions an admin maintains: the whole recipe is kept as JSON, its name and URL pattern
-- also as columns so they can be listed and matched without parsing every definition.
create table site_recipe (
    id          bigserial     primary key,
    name        varchar(100)  not null unique,
    url_pattern varchar(1000) not null,
    definition  text          not null,
    updated_at  timestamptz   not null,
    updated_by  varchar(64)
);
