package dev.streamvcr.hls;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import static dev.streamvcr.hls.TestPlaylists.aes128;
import static dev.streamvcr.hls.TestPlaylists.keyed;
import static dev.streamvcr.hls.TestPlaylists.master;
import static dev.streamvcr.hls.TestPlaylists.media;
import static dev.streamvcr.hls.TestPlaylists.parseSeed;
import static dev.streamvcr.hls.TestPlaylists.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The playlists of RFC 8216 §8, parsed and compared whole. The RFC breaks long lines with a backslash for print;
 * here they are joined, as a server sends them.
 */
class RfcExamplesTest {
    private static final Rendition.Type AUDIO = Rendition.Type.AUDIO;
    private static final Rendition.Type VIDEO = Rendition.Type.VIDEO;

    private static Variant variant(String uri, long bandwidth, List<String> codecs, String audio, String video) {
        return new Variant(URI.create(uri), bandwidth, 0, 0, 0, codecs, 0, audio, video, null);
    }

    @Test
    void simpleMediaPlaylist() {
        // §8.1
        String uri = "http://media.example.com/simple.m3u8";
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:10
                #EXT-X-VERSION:3
                #EXTINF:9.009,
                http://media.example.com/first.ts
                #EXTINF:9.009,
                http://media.example.com/second.ts
                #EXTINF:3.003,
                http://media.example.com/third.ts
                #EXT-X-ENDLIST
                """, uri);
        assertEquals(new MediaPlaylist(URI.create(uri), 3, false, Duration.ofSeconds(10), 0, 0,
                MediaPlaylist.Type.NONE, true, List.of(
                        segment(0, "http://media.example.com/first.ts", "9.009"),
                        segment(1, "http://media.example.com/second.ts", "9.009"),
                        segment(2, "http://media.example.com/third.ts", "3.003")), List.of()), playlist);
        assertEquals(3, playlist.nextMediaSequence());
        assertEquals(true, playlist.isFinished());
    }

    @Test
    void liveMediaPlaylistUsingHttps() {
        // §8.2: a sliding window; no EXT-X-ENDLIST
        String uri = "https://priv.example.com/live.m3u8";
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:8
                #EXT-X-MEDIA-SEQUENCE:2680

                #EXTINF:7.975,
                https://priv.example.com/fileSequence2680.ts
                #EXTINF:7.941,
                https://priv.example.com/fileSequence2681.ts
                #EXTINF:7.975,
                https://priv.example.com/fileSequence2682.ts
                """, uri);
        assertEquals(new MediaPlaylist(URI.create(uri), 3, false, Duration.ofSeconds(8), 2680, 0,
                MediaPlaylist.Type.NONE, false, List.of(
                        segment(2680, "https://priv.example.com/fileSequence2680.ts", "7.975"),
                        segment(2681, "https://priv.example.com/fileSequence2681.ts", "7.941"),
                        segment(2682, "https://priv.example.com/fileSequence2682.ts", "7.975")), List.of()),
                playlist);
        assertEquals(false, playlist.isFinished());
    }

    @Test
    void playlistContainingEncryptedMediaSegments() {
        // §8.3: each EXT-X-KEY applies to the segments after it; no IV, so §5.2's sequence-number IV
        String uri = "http://media.example.com/encrypted.m3u8";
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-MEDIA-SEQUENCE:7794
                #EXT-X-TARGETDURATION:15

                #EXT-X-KEY:METHOD=AES-128,URI="https://priv.example.com/key.php?r=52"

                #EXTINF:2.833,
                http://media.example.com/fileSequence52-A.ts
                #EXTINF:15.0,
                http://media.example.com/fileSequence52-B.ts
                #EXTINF:13.333,
                http://media.example.com/fileSequence52-C.ts

                #EXT-X-KEY:METHOD=AES-128,URI="https://priv.example.com/key.php?r=53"

                #EXTINF:15.0,
                http://media.example.com/fileSequence53-A.ts
                """, uri);
        SegmentKey key52 = aes128("https://priv.example.com/key.php?r=52", null);
        SegmentKey key53 = aes128("https://priv.example.com/key.php?r=53", null);
        assertEquals(new MediaPlaylist(URI.create(uri), 3, false, Duration.ofSeconds(15), 7794, 0,
                MediaPlaylist.Type.NONE, false, List.of(
                        keyed(segment(7794, "http://media.example.com/fileSequence52-A.ts", "2.833"), key52),
                        keyed(segment(7795, "http://media.example.com/fileSequence52-B.ts", "15"), key52),
                        keyed(segment(7796, "http://media.example.com/fileSequence52-C.ts", "13.333"), key52),
                        keyed(segment(7797, "http://media.example.com/fileSequence53-A.ts", "15"), key53)),
                List.of()), playlist);
    }

    @Test
    void masterPlaylist() {
        // §8.4
        String uri = "http://example.com/master.m3u8";
        MasterPlaylist playlist = master("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=1280000,AVERAGE-BANDWIDTH=1000000
                http://example.com/low.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2560000,AVERAGE-BANDWIDTH=2000000
                http://example.com/mid.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=7680000,AVERAGE-BANDWIDTH=6000000
                http://example.com/hi.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=65000,CODECS="mp4a.40.5"
                http://example.com/audio-only.m3u8
                """, uri);
        assertEquals(new MasterPlaylist(URI.create(uri), 1, false, List.of(
                new Variant(URI.create("http://example.com/low.m3u8"), 1280000, 1000000, 0, 0, List.of(), 0, null,
                        null, null),
                new Variant(URI.create("http://example.com/mid.m3u8"), 2560000, 2000000, 0, 0, List.of(), 0, null,
                        null, null),
                new Variant(URI.create("http://example.com/hi.m3u8"), 7680000, 6000000, 0, 0, List.of(), 0, null,
                        null, null),
                variant("http://example.com/audio-only.m3u8", 65000, List.of("mp4a.40.5"), null, null)),
                List.of(), List.of()), playlist);
        assertEquals(List.of(false, false, false, true),
                playlist.variants().stream().map(Variant::isAudioOnly).toList());
    }

    @Test
    void masterPlaylistWithIFrames() {
        // §8.5: I-frame variants are for trick play, not recording: not listed
        String uri = "http://example.com/iframes/master.m3u8";
        MasterPlaylist playlist = master("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=1280000
                low/audio-video.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=86000,URI="low/iframe.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=2560000
                mid/audio-video.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=150000,URI="mid/iframe.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=7680000
                hi/audio-video.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=550000,URI="hi/iframe.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=65000,CODECS="mp4a.40.5"
                audio-only.m3u8
                """, uri);
        assertEquals(new MasterPlaylist(URI.create(uri), 1, false, List.of(
                variant("http://example.com/iframes/low/audio-video.m3u8", 1280000, List.of(), null, null),
                variant("http://example.com/iframes/mid/audio-video.m3u8", 2560000, List.of(), null, null),
                variant("http://example.com/iframes/hi/audio-video.m3u8", 7680000, List.of(), null, null),
                variant("http://example.com/iframes/audio-only.m3u8", 65000, List.of("mp4a.40.5"), null, null)),
                List.of(), List.of()), playlist);
    }

    @Test
    void masterPlaylistWithAlternativeAudio() {
        // §8.6
        String uri = "http://example.com/alt/master.m3u8";
        MasterPlaylist playlist = (MasterPlaylist) parseSeed("rfc8216-alternative-audio-master.m3u8", uri);
        String base = "http://example.com/alt/";
        assertEquals(new MasterPlaylist(URI.create(uri), 1, false, List.of(
                variant(base + "low/video-only.m3u8", 1280000, List.of("..."), "aac", null),
                variant(base + "mid/video-only.m3u8", 2560000, List.of("..."), "aac", null),
                variant(base + "hi/video-only.m3u8", 7680000, List.of("..."), "aac", null),
                variant(base + "main/english-audio.m3u8", 65000, List.of("mp4a.40.5"), "aac", null)), List.of(
                new Rendition(AUDIO, "aac", "English", "en", true, true, URI.create(base + "main/english-audio.m3u8")),
                new Rendition(AUDIO, "aac", "Deutsch", "de", false, true, URI.create(base + "main/german-audio.m3u8")),
                new Rendition(AUDIO, "aac", "Commentary", "en", false, false,
                        URI.create(base + "commentary/audio-only.m3u8"))), List.of()), playlist);
    }

    @Test
    void masterPlaylistWithAlternativeVideo() {
        // §8.7: one VIDEO group per variant, three camera angles each
        String uri = "http://example.com/angles/master.m3u8";
        MasterPlaylist playlist = master("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="low",NAME="Main",DEFAULT=YES,URI="low/main/audio-video.m3u8"
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="low",NAME="Centerfield",DEFAULT=NO,URI="low/centerfield/audio-video.m3u8"
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="low",NAME="Dugout",DEFAULT=NO,URI="low/dugout/audio-video.m3u8"

                #EXT-X-STREAM-INF:BANDWIDTH=1280000,CODECS="...",VIDEO="low"
                low/main/audio-video.m3u8

                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="mid",NAME="Main",DEFAULT=YES,URI="mid/main/audio-video.m3u8"
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="mid",NAME="Centerfield",DEFAULT=NO,URI="mid/centerfield/audio-video.m3u8"
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="mid",NAME="Dugout",DEFAULT=NO,URI="mid/dugout/audio-video.m3u8"

                #EXT-X-STREAM-INF:BANDWIDTH=2560000,CODECS="...",VIDEO="mid"
                mid/main/audio-video.m3u8

                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="hi",NAME="Main",DEFAULT=YES,URI="hi/main/audio-video.m3u8"
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="hi",NAME="Centerfield",DEFAULT=NO,URI="hi/centerfield/audio-video.m3u8"
                #EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="hi",NAME="Dugout",DEFAULT=NO,URI="hi/dugout/audio-video.m3u8"

                #EXT-X-STREAM-INF:BANDWIDTH=7680000,CODECS="...",VIDEO="hi"
                hi/main/audio-video.m3u8
                """, uri);
        String base = "http://example.com/angles/";
        assertEquals(new MasterPlaylist(URI.create(uri), 1, false, List.of(
                variant(base + "low/main/audio-video.m3u8", 1280000, List.of("..."), null, "low"),
                variant(base + "mid/main/audio-video.m3u8", 2560000, List.of("..."), null, "mid"),
                variant(base + "hi/main/audio-video.m3u8", 7680000, List.of("..."), null, "hi")), List.of(
                new Rendition(VIDEO, "low", "Main", null, true, false, URI.create(base + "low/main/audio-video.m3u8")),
                new Rendition(VIDEO, "low", "Centerfield", null, false, false,
                        URI.create(base + "low/centerfield/audio-video.m3u8")),
                new Rendition(VIDEO, "low", "Dugout", null, false, false,
                        URI.create(base + "low/dugout/audio-video.m3u8")),
                new Rendition(VIDEO, "mid", "Main", null, true, false, URI.create(base + "mid/main/audio-video.m3u8")),
                new Rendition(VIDEO, "mid", "Centerfield", null, false, false,
                        URI.create(base + "mid/centerfield/audio-video.m3u8")),
                new Rendition(VIDEO, "mid", "Dugout", null, false, false,
                        URI.create(base + "mid/dugout/audio-video.m3u8")),
                new Rendition(VIDEO, "hi", "Main", null, true, false, URI.create(base + "hi/main/audio-video.m3u8")),
                new Rendition(VIDEO, "hi", "Centerfield", null, false, false,
                        URI.create(base + "hi/centerfield/audio-video.m3u8")),
                new Rendition(VIDEO, "hi", "Dugout", null, false, false,
                        URI.create(base + "hi/dugout/audio-video.m3u8"))), List.of()), playlist);
        assertEquals(3, playlist.group(VIDEO, "mid").size());
    }
}
