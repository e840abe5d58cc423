package dev.streamvcr.hls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import static dev.streamvcr.hls.TestPlaylists.aes128;
import static dev.streamvcr.hls.TestPlaylists.keyed;
import static dev.streamvcr.hls.TestPlaylists.media;
import static dev.streamvcr.hls.TestPlaylists.parseSeed;
import static dev.streamvcr.hls.TestPlaylists.seconds;
import static dev.streamvcr.hls.TestPlaylists.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Playlists as servers write them: ffmpeg's HLS muxer (5.1, the files under the seed corpus were written by it), a
 * Twitch-like live playlist with ad markers, low-latency HLS, byte ranges; and the tolerance players show.
 */
class PlaylistParserTest {
    private static final String FFMPEG = "https://origin.example.com/hls/stream.m3u8";
    private static final String DIR = "https://origin.example.com/hls/";

    private static MediaPlaylist vod(int version, String targetSeconds, List<MediaSegment> segments) {
        return new MediaPlaylist(URI.create(FFMPEG), version, false, Duration.ofSeconds(Long.parseLong(targetSeconds)),
                0, 0, MediaPlaylist.Type.VOD, true, segments, List.of());
    }

    @Test
    void ffmpegMpegTs() {
        assertEquals(vod(3, "2", List.of(segment(0, DIR + "stream0.ts", "2"), segment(1, DIR + "stream1.ts", "2"),
                        segment(2, DIR + "stream2.ts", "1"))),
                parseSeed("ffmpeg-mpegts-vod.m3u8", FFMPEG));
    }

    @Test
    void ffmpegFragmentedMp4HasItsInitSectionOnEverySegment() {
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("ffmpeg-fmp4-vod.m3u8", FFMPEG);
        InitSection init = new InitSection(URI.create(DIR + "init.mp4"), null, SegmentKey.NONE);
        assertEquals(vod(7, "2", List.of(withInit(segment(0, DIR + "stream0.m4s", "2"), init),
                withInit(segment(1, DIR + "stream1.m4s", "2"), init),
                withInit(segment(2, DIR + "stream2.m4s", "1"), init))), playlist);
        assertTrue(playlist.isFragmentedMp4());
        assertFalse(((MediaPlaylist) parseSeed("ffmpeg-mpegts-vod.m3u8", FFMPEG)).isFragmentedMp4());
    }

    private static MediaSegment withInit(MediaSegment s, InitSection init) {
        return new MediaSegment(s.mediaSequence(), s.discontinuitySequence(), s.uri(), s.duration(), s.title(),
                s.byteRange(), s.key(), init, s.programDateTime(), s.gap(), s.discontinuity());
    }

    @Test
    void ffmpegKeyInfoFileWithExplicitIv() {
        // -hls_key_info_file with a third line: the IV attribute, used for every segment instead of §5.2's
        SegmentKey key = aes128("https://keys.example.com/enc.key",
                HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"));
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("ffmpeg-aes128-vod.m3u8", FFMPEG);
        assertEquals(vod(3, "2", List.of(keyed(segment(0, DIR + "stream0.ts", "2"), key),
                keyed(segment(1, DIR + "stream1.ts", "2"), key),
                keyed(segment(2, DIR + "stream2.ts", "1"), key))), playlist);
        assertEquals("000102030405060708090a0b0c0d0e0f", HexFormat.of().formatHex(playlist.segments().get(2).key()
                .iv(2)));
    }

    @Test
    void ffmpegVarStreamMapMasterWithAnAudioGroup() {
        String uri = "https://origin.example.com/hls/master.m3u8";
        MasterPlaylist playlist = (MasterPlaylist) parseSeed("ffmpeg-var-stream-map-master.m3u8", uri);
        assertEquals(new MasterPlaylist(URI.create(uri), 3, false, List.of(
                new Variant(URI.create(DIR + "stream_audio.m3u8"), 17600, 0, 0, 0, List.of("mp4a.40.2"), 0,
                        "group_aud", null, null),
                new Variant(URI.create(DIR + "stream_hi.m3u8"), 347600, 0, 128, 72,
                        List.of("avc1.f4000b", "mp4a.40.2"), 0, "group_aud", null, null),
                new Variant(URI.create(DIR + "stream_mid.m3u8"), 182600, 0, 96, 54,
                        List.of("avc1.f40009", "mp4a.40.2"), 0, "group_aud", null, null),
                new Variant(URI.create(DIR + "stream_lo.m3u8"), 105600, 0, 64, 36,
                        List.of("avc1.f4000a", "mp4a.40.2"), 0, "group_aud", null, null)),
                List.of(new Rendition(Rendition.Type.AUDIO, "group_aud", "audio_0", null, true, false,
                        URI.create(DIR + "stream_audio.m3u8"))), List.of()), playlist);
    }

    @Test
    void ffmpegLiveWindowWithProgramDateTimeBetweenExtinfAndUri() {
        // -hls_flags delete_segments+program_date_time: a sliding window, and ffmpeg writes the date after EXTINF
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("ffmpeg-live-window.m3u8", FFMPEG);
        List<MediaSegment> expected = List.of(
                dated(segment(3, DIR + "live3.ts", "2"), "2026-12-04T14:50:46.812Z"),
                dated(segment(4, DIR + "live4.ts", "2"), "2026-12-04T14:50:48.812Z"),
                dated(segment(5, DIR + "live5.ts", "2"), "2026-12-04T14:50:50.812Z"));
        assertEquals(new MediaPlaylist(URI.create(FFMPEG), 3, false, Duration.ofSeconds(2), 3, 0,
                MediaPlaylist.Type.NONE, false, expected, List.of()), playlist);
    }

    private static MediaSegment dated(MediaSegment s, String instant) {
        return new MediaSegment(s.mediaSequence(), s.discontinuitySequence(), s.uri(), s.duration(), s.title(),
                s.byteRange(), s.key(), s.initSection(), Instant.parse(instant), s.gap(), s.discontinuity());
    }

    @Test
    void ffmpegSingleFileByteRanges() {
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("ffmpeg-single-file-byte-ranges.m3u8", FFMPEG);
        assertEquals(List.of(new ByteRange(11656, 0), new ByteRange(11468, 11656), new ByteRange(5828, 23124)),
                playlist.segments().stream().map(MediaSegment::byteRange).toList());
        assertEquals("bytes=11656-23123", playlist.segments().get(1).byteRange().httpRange());
    }

    @Test
    void omittedByteRangeOffsetsFollowThePreviousSubRangeWithCrlfLineEnds() {
        // §4.3.2.2: without @offset the sub-range starts after the previous segment's, of the same resource
        String uri = "http://example.com/ranges/index.m3u8";
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("byte-ranges-omitted-offsets-crlf.m3u8", uri);
        URI resource = URI.create("http://example.com/ranges/segment.ts");
        List<MediaSegment> expected = List.of(
                ranged(0, resource, new ByteRange(75232, 0)),
                ranged(1, resource, new ByteRange(82112, 75232)),
                ranged(2, resource, new ByteRange(69864, 157344)));
        assertEquals(new MediaPlaylist(URI.create(uri), 4, false, Duration.ofSeconds(10), 0, 0,
                MediaPlaylist.Type.NONE, true, expected, List.of()), playlist);
    }

    private static MediaSegment ranged(long sequence, URI uri, ByteRange range) {
        return new MediaSegment(sequence, 0, uri, Duration.ofSeconds(10), "", range, SegmentKey.NONE, null, null,
                false, false);
    }

    @Test
    void twitchLikeAdBreakBetweenDiscontinuities() {
        String uri = "https://usher.example.net/api/channel/hls/example.m3u8";
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("twitch-like-ads.m3u8", uri);
        Instant start = Instant.parse("2024-06-10T06:13:20Z");
        List<MediaSegment> expected = List.of(
                twitch(4120, 0, "https://edge.example.net/v1/segment/AAAA4120.ts", "live", start, false),
                twitch(4121, 1, "https://ads.example.net/stitched/ad-0001.ts", "Amazon|8675309",
                        start.plusSeconds(2), true),
                twitch(4122, 1, "https://ads.example.net/stitched/ad-0002.ts", "Amazon|8675309",
                        start.plusSeconds(4), false),
                twitch(4123, 2, "https://edge.example.net/v1/segment/AAAA4123.ts", "live", start.plusSeconds(6),
                        true),
                twitch(4124, 2, "https://edge.example.net/v1/segment/AAAA4124.ts", "live", start.plusSeconds(8),
                        false));
        List<DateRange> ranges = List.of(
                new DateRange("playlist-creation-1718000000", "timestamp", start, null, null, null, false, false,
                        false, true),
                new DateRange("stitched-ad-1718000002-4", "twitch-stitched-ad", start.plusSeconds(2), null,
                        Duration.ofSeconds(4), null, true, false, false, false));
        assertEquals(new MediaPlaylist(URI.create(uri), 3, false, Duration.ofSeconds(6), 4120, 0,
                MediaPlaylist.Type.NONE, false, expected, ranges), playlist);
        assertEquals(List.of(false, true), ranges.stream().map(DateRange::isAdBreak).toList());
        assertEquals(List.of(false, true, true, false, false),
                playlist.segments().stream().map(playlist::inAdBreak).toList());
    }

    private static MediaSegment twitch(long sequence, long discontinuitySequence, String uri, String title,
                                       Instant date, boolean discontinuity) {
        return new MediaSegment(sequence, discontinuitySequence, URI.create(uri), Duration.ofSeconds(2), title, null,
                SegmentKey.NONE, null, date, false, discontinuity);
    }

    @Test
    void lowLatencyPlaylistListsOnlyFullSegments() {
        String uri = "https://ll.example.com/live/index.m3u8";
        MediaPlaylist playlist = (MediaPlaylist) parseSeed("ll-hls-parts.m3u8", uri);
        InitSection init = new InitSection(URI.create("https://ll.example.com/live/init.mp4"), null, SegmentKey.NONE);
        Instant start = Instant.parse("2024-03-01T12:00:00Z");
        List<MediaSegment> expected = List.of(
                new MediaSegment(500, 0, URI.create("https://ll.example.com/live/seg500.m4s"), Duration.ofSeconds(4),
                        "", null, SegmentKey.NONE, init, start, false, false),
                new MediaSegment(501, 0, URI.create("https://ll.example.com/live/seg501.m4s"), Duration.ofSeconds(4),
                        "", null, SegmentKey.NONE, init, start.plusSeconds(4), false, false),
                new MediaSegment(502, 0, URI.create("https://ll.example.com/live/seg502.m4s"), Duration.ofSeconds(4),
                        "", null, SegmentKey.NONE, init, start.plusSeconds(8), false, false));
        assertEquals(new MediaPlaylist(URI.create(uri), 9, false, Duration.ofSeconds(4), 500, 0,
                MediaPlaylist.Type.NONE, false, expected, List.of()), playlist);
        assertEquals(503, playlist.nextMediaSequence());
    }

    @Test
    void deltaUpdateNumbersSegmentsAfterTheSkippedOnes() {
        // 8216bis §4.4.5.2: EXT-X-SKIP stands for SKIPPED-SEGMENTS segments after EXT-X-MEDIA-SEQUENCE
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:100
                #EXT-X-SKIP:SKIPPED-SEGMENTS=20
                #EXTINF:4,
                s120.ts
                """, "https://x.example/a/p.m3u8");
        assertEquals(120, playlist.mediaSequence());
        assertEquals(List.of(segment(120, "https://x.example/a/s120.ts", "4")), playlist.segments());
    }

    @Test
    void gapDiscontinuitySequenceAndKeyChanges() {
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:10
                #EXT-X-DISCONTINUITY-SEQUENCE:4
                #EXT-X-KEY:METHOD=AES-128,URI="k1",IV=0X1F
                #EXTINF:6,
                a.ts
                #EXT-X-GAP
                #EXTINF:6,
                b.ts
                #EXT-X-KEY:METHOD=NONE
                #EXT-X-DISCONTINUITY
                #EXTINF:5.5,
                c.ts
                """, "https://x.example/p.m3u8");
        byte[] iv = new byte[16];
        iv[15] = 0x1F;
        SegmentKey key = aes128("https://x.example/k1", iv);
        assertEquals(List.of(
                new MediaSegment(10, 4, URI.create("https://x.example/a.ts"), seconds("6"), "", null, key, null,
                        null, false, false),
                new MediaSegment(11, 4, URI.create("https://x.example/b.ts"), seconds("6"), "", null, key, null,
                        null, true, false),
                new MediaSegment(12, 5, URI.create("https://x.example/c.ts"), seconds("5.5"), "", null,
                        SegmentKey.NONE, null, null, false, true)), playlist.segments());
        assertEquals(4, playlist.discontinuitySequence());
    }

    @Test
    void identityKeyIsPreferredAmongKeyFormatsAndDrmIsRecognised() {
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:6
                #EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-1",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
                #EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k"
                #EXTINF:6,
                a.ts
                #EXT-X-KEY:METHOD=NONE
                #EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key-2",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
                #EXTINF:6,
                b.ts
                """, "https://x.example/p.m3u8");
        SegmentKey first = playlist.segments().get(0).key();
        SegmentKey second = playlist.segments().get(1).key();
        assertEquals(aes128("https://keys.example/k", null), first);
        assertFalse(first.isDrm());
        assertEquals(new SegmentKey(SegmentKey.Method.SAMPLE_AES, URI.create("skd://key-2"), null,
                "com.apple.streamingkeydelivery", "1"), second);
        assertTrue(second.isDrm());
    }

    @Test
    void tagsWithUnknownEnumeratedValuesAreIgnoredButUnknownKeyMethodsKept() {
        // §6.3.1: a tag whose enumerated-string value is not recognized is ignored
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:4
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXT-X-PLAYLIST-TYPE:RECORDING
                #EXT-X-KEY:METHOD=AES-256-GCM,URI="k"
                #EXTINF:4,
                a.ts
                """, "https://x.example/p.m3u8");
        assertEquals(MediaPlaylist.Type.EVENT, playlist.type());
        assertEquals(SegmentKey.Method.OTHER, playlist.segments().get(0).key().method());
        MasterPlaylist master = TestPlaylists.master("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=HAPTICS,GROUP-ID="h",NAME="rumble",URI="h.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1000
                v.m3u8
                """, "https://x.example/m.m3u8");
        assertEquals(List.of(), master.renditions());
    }

    @Test
    void byteOrderMarkUnknownTagsCommentsAndSpacesAreTolerated() {
        String text = "\uFEFF#EXTM3U\n# a comment\n#EXT-X-FUTURE-TAG:X=1\n#EXT-X-ALLOW-CACHE:NO\n"
                + "#EXT-X-TARGETDURATION:4  \n   \n#EXTINF:4\n  my segment 1.ts  \n";
        MediaPlaylist playlist = (MediaPlaylist) new PlaylistParser().parse(text.getBytes(StandardCharsets.UTF_8),
                URI.create("http://host"));
        assertEquals(List.of(segment(0, "http://host/my%20segment%201.ts", "4")), playlist.segments());
    }

    @Test
    void relativeUrisResolveAgainstThePlaylistUri() {
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:4
                #EXTINF:4,
                ../other/a.ts
                #EXTINF:4,
                /root/b.ts
                #EXTINF:4,
                //cdn2.example.com/c.ts
                #EXTINF:4,
                ?segment=4
                """, "https://cdn.example.com/live/index.m3u8?token=abc");
        assertEquals(List.of("https://cdn.example.com/other/a.ts", "https://cdn.example.com/root/b.ts",
                        "https://cdn2.example.com/c.ts", "https://cdn.example.com/live/index.m3u8?segment=4"),
                playlist.segments().stream().map(s -> s.uri().toString()).toList());
    }

    @Test
    void datesNearTheEndOfTimeDoNotOverflow() {
        MediaPlaylist playlist = media("""
                #EXTM3U
                #EXT-X-TARGETDURATION:4
                #EXT-X-DATERANGE:ID="x",CLASS="twitch-stitched-ad",START-DATE="+999999999-12-31T23:59:59Z",DURATION=999999999999
                #EXT-X-PROGRAM-DATE-TIME:+999999999-12-31T23:59:59Z
                #EXTINF:999999999999,
                a.ts
                #EXTINF:4,
                b.ts
                """, "https://x.example/p.m3u8");
        assertEquals(Instant.MAX, playlist.segments().get(1).programDateTime());
        assertEquals(Instant.MAX, playlist.dateRanges().get(0).end());
        assertEquals(List.of(true, false), playlist.segments().stream().map(playlist::inAdBreak).toList());
    }

    @Test
    void aPlaylistWithoutSegmentsIsAnEmptyMediaPlaylist() {
        MediaPlaylist playlist = media("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:77\n",
                "https://x.example/p.m3u8");
        assertEquals(List.of(), playlist.segments());
        assertEquals(77, playlist.nextMediaSequence());
    }
}
