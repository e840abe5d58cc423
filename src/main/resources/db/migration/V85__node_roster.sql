-- The nodes running now and how many recordings each may run at once (STREAMVCR_NODE_CAPACITY): each node renews its
-- row every few seconds and removes it when it stops, so admission at booking knows what the cluster can record.
create table node_roster (
    node_id varchar(200) primary key,
    capacity integer not null,
    seen_at timestamptz not null
);
