package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtmpUrlTest {

    @Test
    void plainUrlUsesTheDefaultPort() {
        RtmpUrl url = RtmpUrl.parse("rtmp://media.example.org/live/stream");
        assertEquals(new RtmpUrl("rtmp", "media.example.org", 1935, "live", "stream",
                "rtmp://media.example.org/live"), url);
        assertFalse(url.tls());
        RtmpUrl secure = RtmpUrl.parse("rtmps://media.example.org/live/stream");
        assertEquals(443, secure.port());
        assertEquals("rtmps://media.example.org/live", secure.tcUrl());
        assertTrue(secure.tls());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // url | host | port | app | play path | tcUrl
        "rtmp://h:1936/live/stream?key=abc | h | 1936 | live | stream?key=abc | rtmp://h:1936/live",
        "rtmp://h/app/instance/stream | h | 1935 | app/instance | stream | rtmp://h/app/instance",
        "rtmp://h/a/b/c/d | h | 1935 | a/b/c | d | rtmp://h/a/b/c",
        "rtmp://h/a/b/c/d/e | h | 1935 | a/b/c | d/e | rtmp://h/a/b/c",
        "rtmp://h/ondemand/folder/clip.flv | h | 1935 | ondemand | folder/clip | rtmp://h/ondemand",
        "rtmp://h/vod/movie.mp4 | h | 1935 | vod | mp4:movie | rtmp://h/vod",
        "rtmp://h/vod/mp4:movie.mp4 | h | 1935 | vod | mp4:movie.mp4 | rtmp://h/vod",
        "rtmp://h/vod/clip.f4v?token=1 | h | 1935 | vod | mp4:clip?token=1 | rtmp://h/vod",
        "rtmp://h/vod/song.mp3 | h | 1935 | vod | mp3:song | rtmp://h/vod",
        "rtmp://h/vod/clip.flv | h | 1935 | vod | clip | rtmp://h/vod",
        "rtmp://h/vod/CLIP.FLV | h | 1935 | vod | CLIP.FLV | rtmp://h/vod",
        "rtmp://h/live/my%20stream%2x | h | 1935 | live | my stream%2x | rtmp://h/live",
        "rtmp://h/app?slist=mp4:a.mp4&x=1 | h | 1935 | app?slist=mp4:a.mp4&x=1 | mp4:a.mp4"
                + " | rtmp://h/app?slist=mp4:a.mp4&x=1",
        "rtmp://[::1]:1940/live/s | ::1 | 1940 | live | s | rtmp://[::1]:1940/live",
        "RTMP://H/live/s | H | 1935 | live | s | RTMP://H/live",
        "'  rtmp://h/live/s  ' | h | 1935 | live | s | rtmp://h/live",
    })
    void splitsLikeLibrtmp(String text, String host, int port, String app, String playPath, String tcUrl) {
        RtmpUrl url = RtmpUrl.parse(text);
        assertEquals(host, url.host());
        assertEquals(port, url.port());
        assertEquals(app, url.app());
        assertEquals(playPath, url.playPath());
        assertEquals(tcUrl, url.tcUrl());
        assertEquals("rtmp", url.scheme());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rtmp://h/live | RTMP URL needs an application and a stream name, e.g. rtmp://host/live/stream",
        "rtmp://h/live/ | RTMP URL needs an application and a stream name, e.g. rtmp://host/live/stream",
        "rtmp://h | RTMP URL needs an application and a stream name, e.g. rtmp://host/live/stream",
        "rtmp://h/ | RTMP URL needs an application and a stream name, e.g. rtmp://host/live/stream",
        "rtmp://h/ondemand/ | RTMP URL needs an application and a stream name, e.g. rtmp://host/live/stream",
        "http://h/live/s | Unsupported URL scheme 'http://': only rtmp:// and rtmps:// are supported",
        "rtmpe://h/live/s | Unsupported URL scheme 'rtmpe://': only rtmp:// and rtmps:// are supported",
        "rtmp://h:99999/live/s | RTMP URL has an invalid port '99999' (expected 1 to 65535)",
        "rtmp://h:0/live/s | RTMP URL has an invalid port '0' (expected 1 to 65535)",
        "rtmp://h:/live/s | RTMP URL has an invalid port '' (expected 1 to 65535)",
        "rtmp:///live/s | RTMP URL has no valid host name",
        "rtmp://user:pw@h/live/s | RTMP URLs cannot carry a user name or password before the host",
        "live/stream | Not an RTMP URL: it should start with rtmp:// or rtmps://",
        "'   ' | RTMP URL is empty",
    })
    void refusesWithAMessageForTheUser(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> RtmpUrl.parse(text)).getMessage());
    }

    @Test
    void toStringLeavesOutTheQueryString() {
        assertEquals("rtmp://h:1935/live/stream?…", RtmpUrl.parse("rtmp://h/live/stream?key=secret").toString());
        assertEquals("rtmp://[::1]:1935/live/s", RtmpUrl.parse("rtmp://[::1]/live/s").toString());
    }
}
