package dev.streamvcr.hls.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.hls.LiveStart;
import dev.streamvcr.hls.client.ScriptedHlsServer.Response;
import dev.streamvcr.peer.TestVertx;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HLS client against a scripted server: what it fetches, in what order, and what it reports. */
class HlsFollowerTest {

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    private static final String BASE = "https://cdn.example.test/live/";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScriptedHlsServer server = new ScriptedHlsServer();
    private final CollectingListener listener = new CollectingListener();

    private HlsFollower follow(String uri, HlsFollowOptions options) {
        HlsFollower follower = new HlsFollower(VERTX.get(), server, URI.create(uri), options, listener);
        VERTX.get().runOnContext(v -> follower.start());
        return follower;
    }

    private static HlsFollowOptions fromFirst() {
        return HlsFollowOptions.defaults().withStart(LiveStart.firstListed()).withRetries(3, Duration.ofMillis(10));
    }

    /** A media playlist of 1 s segments {@code first} to {@code end - 1}, named seg<n>.ts. */
    private static String media(long first, long end, boolean endList, String... extraBeforeSegments) {
        StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n")
                .append("#EXT-X-MEDIA-SEQUENCE:").append(first).append('\n');
        for (String line : extraBeforeSegments) {
            text.append(line).append('\n');
        }
        for (long n = first; n < end; n++) {
            text.append("#EXTINF:1.0,\nseg").append(n).append(".ts\n");
        }
        return text.append(endList ? "#EXT-X-ENDLIST\n" : "").toString();
    }

    private static byte[] segment(long n, int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (n * 31 + i);
        }
        return body;
    }

    private void serveSegments(long first, long end, int size) {
        for (long n = first; n < end; n++) {
            server.answer(BASE + "seg" + n + ".ts", Response.ok(segment(n, size)));
        }
    }

    private static byte[] concat(long first, long end, int size) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (long n = first; n < end; n++) {
            all.writeBytes(segment(n, size));
        }
        return all.toByteArray();
    }

    private void awaitEnding() {
        await().atMost(WAIT).until(() -> listener.ending != null);
    }

    @Test
    void theBestVariantOfAMasterIsFollowedToItsEnd() {
        server.answer(BASE + "master.m3u8", Response.ok("#EXTM3U\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nlow.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=2500000,RESOLUTION=1280x720\nhigh.m3u8\n"));
        server.answer(BASE + "high.m3u8", Response.ok(media(0, 3, true)));
        serveSegments(0, 3, 3000);
        follow(BASE + "master.m3u8", fromFirst());
        awaitEnding();
        assertEquals("ended", listener.ending);
        assertEquals(List.of(0L, 1L, 2L), listener.written);
        assertArrayEquals(concat(0, 3, 3000), listener.bytes.toByteArray());
        assertEquals(List.of(false, true, true), listener.continuity, "the first starts a timeline, the rest continue it");
        assertTrue(listener.description.contains("1280x720"), listener.description);
        assertEquals(0, server.requestsTo(BASE + "low.m3u8"));
    }

    @Test
    void aMasterWithoutARecordableVariantFailsAtOnce() {
        server.answer(BASE + "master.m3u8", Response.ok("#EXTM3U\n"
                + "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"iframes.m3u8\"\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=800000\nrtsp://cdn.example.test/cam\n"));
        follow(BASE + "master.m3u8", fromFirst());
        awaitEnding();
        assertEquals("failed: The stream cannot be recorded: the master playlist lists no variant that can be recorded",
                listener.ending);
    }

    @Test
    void aLivePlaylistIsReloadedAndEachNewSegmentFetchedOnce() {
        server.answer(BASE + "live.m3u8", Response.ok(media(10, 12, false)), Response.ok(media(10, 12, false)),
                Response.ok(media(11, 14, false)), Response.ok(media(12, 15, true)));
        serveSegments(10, 15, 500);
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), listener.written);
        for (long n = 10; n < 15; n++) {
            assertEquals(1, server.requestsTo(BASE + "seg" + n + ".ts"), "segment " + n + " once");
        }
        assertEquals(List.of(), listener.missed());
    }

    @Test
    void aBrokenDownloadIsResumedWhereItStoppedAndNothingIsWrittenTwice() {
        server.answer(BASE + "live.m3u8", Response.ok(media(0, 2, true)));
        server.answer(BASE + "seg0.ts", Response.ok(segment(0, 5000)).breakingAfter(2000),
                new Response(206, Map.of(), segment(0, 5000), -1));
        // this server ignores Range and sends everything again
        server.answer(BASE + "seg1.ts", Response.ok(segment(1, 5000)).breakingAfter(3000), Response.ok(segment(1, 5000)));
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertArrayEquals(concat(0, 2, 5000), listener.bytes.toByteArray());
        List<ScriptedHlsServer.Request> seg0 = server.requests.stream()
                .filter(r -> r.uri().toString().endsWith("seg0.ts")).toList();
        assertEquals(Map.of("Range", "bytes=2000-"), seg0.get(1).headers());
        assertEquals(List.of(), listener.missed());
    }

    @Test
    void aSegmentThatNeverComesIsMissedAndTheNextStartsANewTimeline() {
        server.answer(BASE + "live.m3u8", Response.ok(media(0, 3, true)));
        server.answer(BASE + "seg0.ts", Response.ok(segment(0, 100)));
        server.answer(BASE + "seg1.ts", Response.status(404));
        server.answer(BASE + "seg2.ts", Response.ok(segment(2, 100)));
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertEquals(List.of(0L, 2L), listener.written);
        assertEquals(List.of("missed 1+1 1s: segment 1 could not be fetched: HTTP 404"), listener.missed());
        assertEquals(3, server.requestsTo(BASE + "seg1.ts"), "tried as often as allowed");
        assertEquals(List.of(false, true, false), listener.continuity, "segment 2 does not follow what was written");
    }

    @Test
    void aSegmentOverTheSizeLimitIsLeftOutWithTheReason() {
        server.answer(BASE + "live.m3u8", Response.ok(media(0, 2, true)));
        server.answer(BASE + "seg0.ts", Response.ok(segment(0, 5000)));
        server.answer(BASE + "seg1.ts", Response.ok(segment(1, 100)));
        follow(BASE + "live.m3u8", fromFirst().withMaxSegmentBytes(1000));
        awaitEnding();
        assertEquals(List.of(1L), listener.written);
        assertEquals(1, server.requestsTo(BASE + "seg0.ts"), "a segment too large is not asked for again");
        assertTrue(listener.missed().get(0).startsWith("missed 0+1 1s: segment 0 could not be fetched: it sent more "
                + "than"), listener.missed().toString());
    }

    @Test
    void aes128SegmentsAreDecryptedWithAKeyFetchedOnce() throws Exception {
        byte[] key = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        server.answer(BASE + "live.m3u8", Response.ok(media(7, 10, true,
                "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"")));
        server.answer(BASE + "key.bin", Response.ok(key));
        for (long n = 7; n < 10; n++) {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            byte[] iv = new byte[16];
            iv[15] = (byte) n; // RFC 8216 §5.2: the Media Sequence Number as the IV
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            server.answer(BASE + "seg" + n + ".ts", Response.ok(cipher.doFinal(segment(n, 1500))));
        }
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertArrayEquals(concat(7, 10, 1500), listener.bytes.toByteArray());
        assertEquals(1, server.requestsTo(BASE + "key.bin"));
    }

    @Test
    void aDrmKeyFailsTheRecordingAtOnce() {
        server.answer(BASE + "live.m3u8", Response.ok(media(0, 2, false,
                "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://key\",KEYFORMAT=\"com.apple.streamingkeydelivery\"")));
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertEquals("failed: The stream is protected by DRM (SAMPLE-AES, com.apple.streamingkeydelivery) and cannot "
                + "be recorded.", listener.ending);
        assertEquals(0, server.requests.stream().filter(r -> r.uri().toString().endsWith(".ts")).count());
    }

    @Test
    void aKeyTheApplicationRefusesToFetchFailsTheRecordingWithItsReason() {
        server.answer(BASE + "live.m3u8", Response.ok(media(0, 3, true,
                "#EXT-X-KEY:METHOD=AES-128,URI=\"http://169.254.169.254/key.bin\"")));
        server.refuse("http://169.254.169.254/key.bin", "Connections to 169.254.169.254 are not allowed.");
        serveSegments(0, 3, 1600);
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertEquals("failed: The stream's key cannot be fetched: Connections to 169.254.169.254 are not allowed.",
                listener.ending);
        assertEquals(List.of(), listener.missed(), "not a gap per segment: nothing of the stream can be recorded");
        assertEquals(1, server.requestsTo("http://169.254.169.254/key.bin"), "a refusal is not tried again");
    }

    @Test
    void anHtmlAnswerIsNotAPlaylist() {
        server.answer(BASE + "live.m3u8", Response.ok("<!doctype html><p>Sign in to watch</p>")
                .withHeader("Content-Type", "text/html"));
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertTrue(listener.ending.startsWith("failed: The address answered something that is not an HLS playlist "
                + "(text/html)"), listener.ending);
    }

    @Test
    void aPlaylistThatIsGoneOrStopsChangingIsLost() {
        server.answer(BASE + "gone.m3u8", Response.status(410));
        follow(BASE + "gone.m3u8", fromFirst());
        awaitEnding();
        assertEquals("lost: the playlist answered HTTP 410", listener.ending);

        CollectingListener still = new CollectingListener();
        server.answer(BASE + "still.m3u8", Response.ok(media(0, 2, false)));
        serveSegments(0, 2, 10);
        new HlsFollower(VERTX.get(), server, URI.create(BASE + "still.m3u8"), fromFirst(), still).start();
        await().atMost(WAIT).until(() -> still.ending != null);
        assertEquals("lost: the playlist has not changed for 3 s (three target durations)", still.ending);
        assertEquals(List.of(0L, 1L), still.written);
    }

    @Test
    void conditionalReloadsSendTheValidatorTheServerGave() {
        server.answer(BASE + "live.m3u8", Response.ok(media(0, 1, false)).withHeader("ETag", "\"v1\""),
                Response.status(304), Response.ok(media(0, 2, true)).withHeader("ETag", "\"v2\""));
        serveSegments(0, 2, 10);
        follow(BASE + "live.m3u8", fromFirst());
        awaitEnding();
        assertEquals(List.of(0L, 1L), listener.written);
        List<ScriptedHlsServer.Request> reloads = server.requests.stream()
                .filter(r -> r.uri().toString().endsWith("live.m3u8")).toList();
        assertEquals(Map.of(), reloads.get(0).headers());
        assertEquals(Map.of("If-None-Match", "\"v1\""), reloads.get(1).headers());
    }

    @Test
    void anAdBreakIsLeftOutAsOneGapUnlessAdsAreKept() {
        String playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXTINF:2.0,\nseg0.ts\n"
                + "#EXT-X-DATERANGE:ID=\"ad1\",CLASS=\"twitch-stitched-ad\",START-DATE=\"2026-01-01T00:00:02.000Z\","
                + "DURATION=4.0\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:02.000Z\n"
                + "#EXTINF:2.0,\nseg1.ts\n#EXTINF:2.0,\nseg2.ts\n#EXT-X-DISCONTINUITY\n"
                + "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:06.000Z\n#EXTINF:2.0,\nseg3.ts\n#EXT-X-ENDLIST\n";
        server.answer(BASE + "ads.m3u8", Response.ok(playlist));
        serveSegments(0, 4, 10);
        follow(BASE + "ads.m3u8", fromFirst());
        awaitEnding();
        assertEquals(List.of(0L, 3L), listener.written);
        assertEquals(List.of("missed 1+2 4s: ad break, 4 s (left out)"), listener.missed());

        CollectingListener keeping = new CollectingListener();
        new HlsFollower(VERTX.get(), server, URI.create(BASE + "ads.m3u8"), fromFirst().withKeepAds(true), keeping)
                .start();
        await().atMost(WAIT).until(() -> keeping.ending != null);
        assertEquals(List.of(0L, 1L, 2L, 3L), keeping.written);
    }

    @Test
    void anAdBreakTheRecordingEndsInIsReportedWhenFinishedNotWhenStopped() {
        String playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXTINF:2.0,\nseg0.ts\n"
                + "#EXT-X-DATERANGE:ID=\"ad1\",CLASS=\"twitch-stitched-ad\",START-DATE=\"2026-01-01T00:00:02.000Z\","
                + "DURATION=4.0\n#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:02.000Z\n"
                + "#EXTINF:2.0,\nseg1.ts\n#EXTINF:2.0,\nseg2.ts\n";
        server.answer(BASE + "live.m3u8", Response.ok(playlist));
        serveSegments(0, 3, 10);
        HlsFollower stopped = follow(BASE + "live.m3u8", fromFirst());
        await().atMost(WAIT).until(() -> listener.written.equals(List.of(0L)));
        VERTX.get().runOnContext(v -> stopped.stop());
        CollectingListener finishing = new CollectingListener();
        HlsFollower finished = new HlsFollower(VERTX.get(), server, URI.create(BASE + "live.m3u8"), fromFirst(),
                finishing);
        VERTX.get().runOnContext(v -> finished.start());
        await().atMost(WAIT).until(() -> finishing.written.equals(List.of(0L)));
        VERTX.get().runOnContext(v -> finished.finish());

        await().atMost(WAIT).until(() -> !finishing.missed().isEmpty());
        assertEquals(List.of("missed 1+2 4s: ad break, 4 s (left out)"), finishing.missed());
        assertEquals(List.of(), listener.missed(), "a follower stopped to be replaced leaves the break to the next");
    }
}
