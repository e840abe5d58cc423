-- HLS recordings: the Media Sequence Number of the last segment a part holds, so a session that takes the work over
-- (after a restart or on another node) continues with the next segment still listed instead of the live edge.
alter table recording_part add column last_media_sequence bigint;
-- HLS options a reservation carries (the booking form's Advanced section, the API's "hls" field), as option text:
-- maxHeight=720 keepAds=1
alter table reservation add column hls_options varchar(1000);
