-- A part whose writer died (process killed, node lost) is finalised by whichever node claims it first:
-- recovery_node and recovery_started_at are that claim; a claim older than 30 minutes may be taken again.
alter table recording_part
    add column recovery_node       varchar(200),
    add column recovery_started_at timestamptz;

create index recording_part_unfinished on recording_part (recording_id) where finished_at is null;
