-- The fingerprint of each key every node must share (an HMAC of a fixed label under the key, never the key itself),
-- recorded by the first node to start with it: a node with another key refuses to start.
create table key_fingerprint (
    name varchar(100) primary key,
    fingerprint varchar(64) not null,
    registered_by varchar(200) not null,
    registered_at timestamptz not null
);
