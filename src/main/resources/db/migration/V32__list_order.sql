-- The lists' keyset pages read in (time, id) order; admins see every owner's rows, so these cover that order without
-- a sort of the whole table (a user's own list uses reservation_owner).
create index reservation_start_id on reservation (start_at desc, id desc);
create index recording_started_id on recording (started_at desc, id desc);
create index recording_owner_started_id on recording (owner_id, started_at desc, id desc);
-- The title sort, a user's own and an admin's.
create index reservation_owner_title_id on reservation (owner_id, title, id);
create index reservation_title_id on reservation (title, id);
