-- RTMP connection options a reservation carries (the booking form's Advanced section, the API's "rtmp" field),
-- as librtmp-style option text: conn=S:abc live=1
alter table reservation add column rtmp_options varchar(4000);
