package dev.streamvcr.recording;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.hls.origin.HlsMuxing;
import dev.streamvcr.hls.origin.HlsOrigin;
import dev.streamvcr.hls.origin.LiveOptions;
import dev.streamvcr.metrics.Scrape;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A short HLS recording with a segment missing, and an address that is no stream, move the recording meters at
 * {@code /q/metrics}, which is read without a session.
 */
@QuarkusTest
class RecordingMetersTest {

    @RegisterExtension
    static final HlsOrigin ORIGIN = new HlsOrigin()
            .stream("short", HlsMuxing.mpegTs(16), LiveOptions.defaults().skipping(5))
            .page("/show/index.m3u8", "text/html; charset=utf-8", "<!DOCTYPE html>\n<title>No stream</title>\n");

    @Inject
    FfmpegSlots slots;

    @Test
    void aRecordingCountsItsStartItsBytesItsLagItsGapsAndItsEnd() {
        Scrape before = Scrape.now();
        Api.Account user = Api.newUser("user");
        OriginRecording recording = OriginRecording.book(user, ORIGIN, "short", null, 30);
        OriginRecording page = OriginRecording.book(user, ORIGIN, "page", ORIGIN.url("/show/index.m3u8"), null,
                recording.startAt, 30);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> Scrape.now().value("streamvcr_recordings_active"), active -> active >= 1);

        JsonPath done = recording.awaitFinal();
        assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason"));
        JsonPath recorded = recording.recording(done);
        long bytesRecorded = recorded.getLong("bytes");
        assertTrue(bytesRecorded > 0, "nothing recorded: " + done.prettify());
        int gapsRecorded = recorded.getList("gaps").size();
        assertTrue(gapsRecorded >= 1, "the skipped segment is no gap: " + recorded.prettify());
        assertEquals("FAILED", page.awaitFinal().getString("state"));
        Scrape after = Scrape.now();

        double started = after.value("streamvcr_recordings_started_total") - before.value(
                "streamvcr_recordings_started_total");
        assertTrue(started >= 1, "started moved by " + started);
        assertEquals(started, after.value("streamvcr_recording_start_lag_seconds_count")
                - before.value("streamvcr_recording_start_lag_seconds_count"), "one start lag per start");
        assertTrue(after.value("streamvcr_recordings_completed_total")
                - before.value("streamvcr_recordings_completed_total") >= 1, "completed did not move");
        assertTrue(after.value("streamvcr_recordings_failed_total")
                - before.value("streamvcr_recordings_failed_total") >= 1, "failed did not move");
        double bytes = after.value("streamvcr_recorded_bytes_total") - before.value("streamvcr_recorded_bytes_total");
        assertTrue(bytes >= bytesRecorded, "bytes moved by " + bytes + ", the recording holds " + bytesRecorded);
        double gaps = after.value("streamvcr_recording_gaps_total") - before.value("streamvcr_recording_gaps_total");
        assertTrue(gaps >= gapsRecorded, "gaps moved by " + gaps + ", the recording has " + gapsRecorded);
        // the stream was there before the booked start: its first media came within the 30 s bucket
        String bucket = "streamvcr_recording_start_lag_seconds_bucket{le=\"30.0\"}";
        assertEquals(started, after.value(bucket) - before.value(bucket), after.text());
        System.out.printf("MEASURED metrics: %.0f started, %.0f bytes metered for %d recorded, %.0f gaps metered for "
                + "%d recorded, start lag sum %.3f s%n", started, bytes, bytesRecorded, gaps, gapsRecorded,
                after.value("streamvcr_recording_start_lag_seconds_sum")
                        - before.value("streamvcr_recording_start_lag_seconds_sum"));
    }

    @Test
    void everyBusyFfmpegSlotIsShownAndEveryRefusalCounted() {
        Scrape before = Scrape.now();
        int taken = 0;
        try {
            while (slots.tryAcquire()) {
                taken++;
            }
            assertTrue(!slots.tryAcquire(), "a slot came free");
            Scrape full = Scrape.now();
            assertEquals(taken + before.value("streamvcr_ffmpeg_jobs_running"),
                    full.value("streamvcr_ffmpeg_jobs_running"), "every slot taken is running");
            assertEquals(2, full.value("streamvcr_ffmpeg_jobs_refused_total")
                    - before.value("streamvcr_ffmpeg_jobs_refused_total"), "the two refusals");
        } finally {
            for (int i = 0; i < taken; i++) {
                slots.release();
            }
        }
        assertEquals(before.value("streamvcr_ffmpeg_jobs_running"),
                Scrape.now().value("streamvcr_ffmpeg_jobs_running"), "every slot released");
    }

    @Test
    void theNodeMetersAreThereWithoutASession() {
        Scrape scrape = Scrape.now();
        assertTrue(scrape.value("streamvcr_storage_free_bytes{volume=\"recordings\"}") > 0, scrape.text());
        assertTrue(scrape.value("streamvcr_event_loop_lag_seconds_count") > 0, "the event loop was never sampled");
        for (String gauge : new String[] {"streamvcr_recordings_active", "streamvcr_ffmpeg_jobs_running",
            "streamvcr_preview_transcodes_running", "streamvcr_ffmpeg_jobs_refused_total",
            "streamvcr_recording_reconnects_total", "streamvcr_recording_gaps_total",
            "streamvcr_recordings_failed_total"}) {
            assertTrue(scrape.value(gauge) >= 0, gauge);
        }
        given().get("/q/metrics").then().statusCode(200);
    }
}
