package dev.streamvcr.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the real-peer harness itself: the tools work together and leave nothing running. */
class PeerHarnessTest {

    private static final Duration PLAYABLE_WITHIN = Duration.ofSeconds(15);
    private static final Set<String> PEER_PROGRAMS = Set.of("nginx", "ffmpeg", "ffprobe", "rtmpdump");

    @BeforeAll
    static void installPeers() {
        PeerTools.ensureInstalled();
    }

    @AfterEach
    void noPeerProcessOutlivesItsTest() {
        List<ProcessHandle> leftovers = ProcessHandle.current().descendants()
                .filter(process -> process.isAlive() && process.info().command()
                        .map(command -> PEER_PROGRAMS.contains(Path.of(command).getFileName().toString()))
                        .orElse(false))
                .toList();
        List<String> described = leftovers.stream()
                .map(process -> process.pid() + " " + process.info().commandLine().orElse("?"))
                .toList();
        leftovers.forEach(ProcessHandle::destroyForcibly); // so one leak does not fail the next test too
        assertEquals(List.of(), described, "peer processes still running after the test");
    }

    @Test
    void rtmpdumpRecordsWhatFfmpegPublishesThroughNginx(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("reference.flv");
        try (NginxRtmpServer nginx = new NginxRtmpServer().start();
             FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("harness")).start()) {
            publisher.awaitPublishing(PLAYABLE_WITHIN);
            try (RtmpDump rtmpdump = RtmpDump.record(nginx.rtmpUrl("harness"), recording)) {
                rtmpdump.awaitBytes(1, Duration.ofSeconds(10));
                Thread.sleep(4_000); // records about 4 s: the span checked below
                assertEquals(RtmpDump.EXIT_STOPPED_BY_SIGNAL, rtmpdump.stop(), rtmpdump::stderrTail);
            }
            assertTrue(publisher.isRunning(), () -> "publisher died: " + publisher.stderrTail() + nginx.errorLogTail());
        }

        MediaInfo info = MediaProbe.probe(recording);
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), () -> "codecs: " + info.codecNames());
        assertTrue(info.videoFrames() > 0, () -> "no video frames: " + info);
        assertTrue(info.audioFrames() > 0, () -> "no audio frames: " + info);
        assertEquals("", MediaProbe.decodeErrors(recording));
        TimestampCheck timestamps = MediaProbe.timestampsMonotonic(recording);
        assertTrue(timestamps.monotonic(), timestamps::toString);
        // About 4 s recorded, starting at the live stream's clock rather than at zero.
        assertTrue(info.packetSpanSeconds() > 2.5 && info.packetSpanSeconds() < 6, () -> "span: " + info);
        assertTrue(info.startTimeSeconds() > 0, () -> "rtmpdump's FLV should keep absolute timestamps: " + info);
    }

    @Test
    void publisherCanStopAndPublishTheSameStreamAgain() throws Exception {
        try (NginxRtmpServer nginx = new NginxRtmpServer(NginxRtmpConfig.defaults().withoutHttp()).start();
             FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("again"),
                     new TestCard(320, 180, 15, 15)).start()) {
            publisher.awaitPublishing(PLAYABLE_WITHIN);
            publisher.stop();
            assertFalse(publisher.isRunning());

            publisher.start().awaitPublishing(PLAYABLE_WITHIN);
            assertTrue(publisher.isRunning());
        }
    }

    @Test
    void awaitPublishingReportsWhyFfmpegCouldNotPublish() throws Exception {
        String nobodyListens = "rtmp://127.0.0.1:" + PeerTools.freePort() + "/live/nowhere";
        try (FfmpegPublisher publisher = new FfmpegPublisher(nobodyListens).start()) {
            IllegalStateException failure = assertThrows(IllegalStateException.class,
                    () -> publisher.awaitPublishing(PLAYABLE_WITHIN));
            assertTrue(failure.getMessage().contains("Connection refused"), failure::getMessage);
        }
    }

    @Test
    void httpServerServesRtmpStatistics() throws Exception {
        try (NginxRtmpServer nginx = new NginxRtmpServer().start()) {
            HttpResponse<String> stat = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(nginx.httpUrl("/stat"))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stat.statusCode(), nginx::errorLogTail);
            assertTrue(stat.body().contains("<rtmp>"), stat::body);
        }
    }
}
