-- What a gap is: a drop bridged by reconnecting inside a part, the hole before a part that began after a restart or
-- take-over, or a part left out of the whole file because it cannot be read (its length is then not recorded time).
alter table recording_gap add column kind varchar(16) not null default 'DROP'
    check (kind in ('DROP', 'HANDOVER', 'DAMAGED'));
