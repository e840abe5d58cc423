-- Whether the user allowed their site password to go over plain http, which only a host on their own network may
-- use; every other login page must be https.
alter table site_account add column allow_http boolean not null default false;
