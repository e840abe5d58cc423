-- A user's own storage rules where they differ from the node's defaults (STREAMVCR_RETENTION_*, STREAMVCR_QUOTA_DEFAULT):
-- keep finished recordings this many days and/or only the newest this many; use at most this many bytes.
-- Null means "the default"; 0 days or 0 newest is refused by the application, as is a negative quota.
create table storage_policy (
    user_id      bigint primary key references app_user (id) on delete cascade,
    keep_days    int    check (keep_days between 1 and 36500),
    keep_newest  int    check (keep_newest between 1 and 1000000),
    quota_bytes  bigint check (quota_bytes >= 0)
);
-- Storage use per owner (the quota check at booking and at every heartbeat of a running recording).
create index recording_owner_bytes on recording (owner_id) include (bytes);
