-- The audit names what an event was about as it was called then (a reservation's title, an account's username, a
-- site account's site, a recipe's name), so the name survives a deletion or a later rename; bookings are found by
-- their reservation, recordings by theirs.
alter table audit_event add column reservation_id bigint;
alter table audit_event add column subject varchar(200);
create index audit_event_reservation on audit_event (reservation_id, at desc);
create index audit_event_action on audit_event (action, at desc);

-- Events written before: the titles of the recordings still there.
update audit_event a set subject = r.title, reservation_id = r.id
from recording rec join reservation r on r.id = rec.reservation_id
where a.recording_id = rec.id;
