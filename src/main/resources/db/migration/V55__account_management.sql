-- Accounts an admin manages: disabled ones cannot log in; a reset password must be changed at the next login.
alter table app_user add column disabled boolean not null default false;
alter table app_user add column must_change_password boolean not null default false;

-- API tokens listed to their owner: a name to tell them apart and when each was last used.
alter table access_token add column name varchar(100);
alter table access_token add column last_used_at timestamptz;
