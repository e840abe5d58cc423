package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import dev.streamvcr.site.fixture.DirectorySite;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A master playlist whose variants carry video only and whose sound is a separate audio rendition, as ffmpeg's
 * {@code -var_stream_map} with an audio group writes it: the recording follows both and gives one file with both.
 */
@QuarkusTest
class HlsAudioRenditionPeerTest {

    @RegisterExtension
    static final DirectorySite ORIGIN = new DirectorySite();

    @Inject
    RecordingStore store;

    @Test
    void aSeparateAudioRenditionEndsUpInTheSameFile() throws Exception {
        PeerTools.ensureInstalled();
        Path dir = Files.createTempDirectory("streamvcr-rendition");
        int seconds = 10;
        ToolRun.execute(Duration.ofMinutes(2), PeerTools.FFMPEG.toString(), "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                "-t", String.valueOf(seconds), "-map", "0:v", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-g", "50", "-c:a", "aac",
                "-s:v:0", "640x360", "-b:v:0", "900k", "-s:v:1", "320x180", "-b:v:1", "300k",
                "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
                "-master_pl_name", "master.m3u8", "-var_stream_map", "v:0,agroup:aud v:1,agroup:aud a:0,agroup:aud",
                "-hls_segment_filename", dir.resolve("s%v_%03d.ts").toString(), dir.resolve("p%v.m3u8").toString())
                .requireSuccess();
        ORIGIN.serve(dir);

        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        int id = user.api().body(Map.of("title", "Renditions", "sourceUrl", ORIGIN.url("/master.m3u8"),
                "startAt", start.toString(), "durationSeconds", 60)).post("/api/v1/reservations").then()
                .statusCode(201).extract().path("id");
        JsonPath done = user.awaitFinal(id, start.plusSeconds(60));
        assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason") + " "
                + done.getList("history.reason"));

        Path file = store.resolve(store.partPath(id, start, 1, "ts"));
        MediaInfo info = MediaProbe.probe(file);
        System.out.printf("MEASURED separate audio rendition: %.3f s, %d video frames, %d audio frames, codecs %s; "
                + "requests %s%n", info.formatDurationSeconds(), info.videoFrames(), info.audioFrames(),
                info.codecNames(), ORIGIN.requests().size());
        assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), "one file with both: " + info.codecNames());
        assertEquals(seconds, info.formatDurationSeconds(), 1.0);
        // AAC at 44.1 kHz: a frame per 1024 samples, all of them, however late the audio finishes after the video
        assertEquals(seconds * 44_100 / 1024.0, info.audioFrames(), 5, "the whole sound");
        assertEquals("", MediaProbe.decodeErrors(file));
        assertFalse(Files.exists(RenditionMux.audioOf(file)), "the audio file is joined in and gone");
        assertTrue(ORIGIN.requests().stream().noneMatch(path -> path.startsWith("/s1_")), "the best variant only");
    }
}
