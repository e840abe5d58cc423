-- A refusal repeated within a minute (same address, user, action, recording and reason) is kept as one row that
-- counts its repeats, so nobody can fill the audit trail with refused requests.
alter table audit_event add column repeats integer not null default 1;
