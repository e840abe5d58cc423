-- The lists' keyset pages read in (time, id) order; admins see every owner's rows, so these cover that order without
-- a sort of the whole table (a user's own list uses reservation_owner).
create index reservation_start_id on reservation (start_at desc, id desc);
create index recording_started_id on recording (started_at desc, id desc);
create index recording_owner_started_id on recording (owner_id, started_at desc, id desc);
