package dev.streamvcr.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.AppClient;
import dev.streamvcr.EmbeddedDatabase;
import dev.streamvcr.NodeSettings;
import dev.streamvcr.PackagedApp;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.PeerTools;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten recordings of one live stream on one node live through three faults in a row: the app stopped by a service
 * manager (SIGTERM) and started again, the app killed (SIGKILL) and started again, and its PostgreSQL restarted for
 * longer than a lease. Each app restart continues every recording in a new part with the hole reported as a gap;
 * nothing written before a stop is lost; through the database restart the recordings keep writing and are not started
 * again; all ten end COMPLETED at their booked end.
 */
class RestartIT {

    private static final String PASSWORD = "restart-admin-password";
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final int RECORDINGS = 10;
    /** Long enough for three app starts and the outage on a slow machine; the end is brought forward after them. */
    private static final int SECONDS = 180;
    private static final String NODE = "solo";

    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();

    @Test
    void tenRecordingsLiveThroughAStopACrashAndADatabaseRestart() throws Exception {
        Path dir = Files.createTempDirectory("streamvcr-restart");
        Path cluster = dir.resolve("postgres").resolve("cluster");
        Path storage = dir.resolve("storage");
        EmbeddedDatabase database = EmbeddedDatabase.start(cluster);
        PackagedApp app = null;
        try (FfmpegPublisher publisher = new FfmpegPublisher(NGINX.get().rtmpUrl("cam")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            Path workDir = Files.createDirectories(dir.resolve(NODE));
            Map<String, String> settings = NodeSettings.node(NodeSettings.shared(database, storage, PASSWORD, LEASE),
                    NODE, workDir.resolve("data"));
            int port = PeerTools.freePort();
            app = PackagedApp.start(workDir, port, settings);
            AppClient api = AppClient.admin(port, PASSWORD);
            Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < RECORDINGS; i++) {
                ids.add(api.book("Restart " + i, NGINX.get().rtmpUrl("cam"), start, SECONDS));
            }

            // 1. a service manager's stop (SIGTERM) and a start at once
            awaitRecorded(api, ids, 1, 6);
            Map<Long, Double> beforeStop = recordedSeconds(api, ids);
            Instant stoppedAt = Instant.now();
            app.close();
            app = PackagedApp.start(workDir, port, settings);
            awaitRecorded(api, ids, 2, 5);
            report("SIGTERM", stoppedAt, api, ids, 2);

            // 2. a crash (SIGKILL, nothing handed back) and a start at once
            Map<Long, Double> beforeKill = recordedSeconds(api, ids);
            Instant killedAt = app.kill();
            app = PackagedApp.start(workDir, port, settings);
            awaitRecorded(api, ids, 3, 5);
            report("SIGKILL", killedAt, api, ids, 3);

            // 3. the database restarts and stays away for two leases; the recordings keep writing meanwhile
            Map<Long, Double> beforeOutage = recordedSeconds(api, ids);
            Map<Path, Long> filesBefore = partFileSizes(storage);
            int databasePort = database.port();
            Instant downAt = Instant.now();
            database.close();
            Thread.sleep(LEASE.multipliedBy(2).toMillis());
            Map<Path, Long> filesDuring = partFileSizes(storage);
            database = EmbeddedDatabase.start(cluster, databasePort);
            Instant upAt = Instant.now();
            EmbeddedDatabase db = database;
            await().atMost(LEASE.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> leasesHeld(db) == RECORDINGS);
            Duration caughtUp = Duration.between(upAt, Instant.now());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> recordedSeconds(api, ids), seconds -> ids.stream()
                            .allMatch(id -> seconds.get(id) > beforeOutage.get(id) + 2 * LEASE.toSeconds()));
            System.out.printf("MEASURED database restart: down %.1f s; meanwhile %d of %d recordings' files grew; all %d "
                    + "leases renewed %.2f s after it was back%n", Duration.between(downAt, upAt).toMillis() / 1000.0,
                    grew(filesBefore, filesDuring), RECORDINGS, RECORDINGS, caughtUp.toMillis() / 1000.0);
            assertEquals(RECORDINGS, grew(filesBefore, filesDuring),
                    "every recording's file grew while the database was down: " + filesBefore + " " + filesDuring);

            // the faults are over: end the recordings soon instead of waiting out the booking; 15 s more make a
            // whole recording of some 6 MB, more than the sockets' buffers hold, for the download across a stop below
            String end = "{\"endAt\":\"" + Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS) + "\"}";
            for (long id : ids) {
                api.edit(id, end);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> ids
                    .stream().allMatch(id -> finalState(api, id)));
            String log = app.log();
            for (long id : ids) {
                JsonPath done = api.reservation(id);
                assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason") + " "
                        + done.getList("history.reason") + "\n" + log);
                JsonPath recording = api.recording(done.getLong("recordingId"));
                List<Double> parts = recording.getList("parts.durationSeconds", Double.class);
                assertEquals(3, parts.size(), "one part per app start, none for the database restart: "
                        + recording.prettify());
                assertEquals(3, claims(database, id), "claimed at the start and after each app restart only");
                List<Integer> gapParts = recording.getList("gaps.part", Integer.class);
                assertTrue(gapParts.contains(2) && gapParts.contains(3), "each restart's hole is a gap: "
                        + recording.getList("gaps"));
                // what was recorded before each stop is in the part that stop ended (the last write batch aside)
                assertTrue(parts.get(0) >= beforeStop.get(id) - 1, "part 1 keeps " + beforeStop.get(id) + " s: "
                        + parts);
                assertTrue(parts.get(0) + parts.get(1) >= beforeKill.get(id) - 1, "parts 1 and 2 keep "
                        + beforeKill.get(id) + " s: " + parts);
            }
            long recordingId = api.reservation(ids.get(0)).getLong("recordingId");
            checkOneWholeDownload(api, recordingId, dir);

            // 4. a download in flight when the service manager stops the app is finished first
            SlowDownload download = SlowDownload.start(port, "/api/v1/recordings/" + recordingId + "/file",
                    api.authorization());
            long atStop = download.arrived();
            Instant stopAt = Instant.now();
            app.close();
            Duration stopping = Duration.between(stopAt, Instant.now());
            SlowDownload.Result received = download.result();
            System.out.printf("MEASURED SIGTERM during a download: %d of %d bytes had arrived at the stop; the app "
                    + "exited %.1f s later, after the download ended with %d of %d bytes%n", atStop, received.length(),
                    stopping.toMillis() / 1000.0, received.bytes(), received.length());
            assertTrue(atStop < received.length(), "the stop came during the download: " + received);
            assertEquals(received.length(), received.bytes(), "the download was finished before the app exited");
        } finally {
            try {
                if (app != null) {
                    app.close();
                }
            } finally {
                database.close();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Waits until every recording has {@code parts} parts and has recorded {@code seconds} in the last one. */
    private static void awaitRecorded(AppClient api, List<Long> ids, int parts, double seconds) throws Exception {
        try {
            awaitEach(api, ids, parts, seconds);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            JsonPath first = api.reservation(ids.get(0));
            Number recordingId = first.get("recordingId");
            throw new AssertionError("not " + parts + " part(s) with " + seconds + " s in the last: " + first.prettify()
                    + (recordingId == null ? "" : api.recording(recordingId.longValue()).prettify()), e);
        }
    }

    private static void awaitEach(AppClient api, List<Long> ids, int parts, double seconds) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (long id : ids) {
                JsonPath reservation = api.reservation(id);
                Number recordingId = reservation.get("recordingId");
                if (recordingId == null) {
                    return false;
                }
                List<Double> durations = api.recording(recordingId.longValue()).getList("parts.durationSeconds",
                        Double.class);
                Number total = reservation.get("progress.durationSeconds");
                double earlier = durations.subList(0, Math.max(0, durations.size() - 1)).stream()
                        .mapToDouble(Double::doubleValue).sum();
                if (durations.size() != parts || total == null || total.doubleValue() - earlier < seconds) {
                    return false;
                }
            }
            return true;
        });
    }

    /** How long after {@code stoppedAt} each recording's part {@code part} began, and the gaps it reports. */
    private static void report(String how, Instant stoppedAt, AppClient api, List<Long> ids, int part)
            throws Exception {
        List<Double> after = new ArrayList<>();
        List<Double> gaps = new ArrayList<>();
        for (long id : ids) {
            JsonPath recording = api.recording(api.reservation(id).getLong("recordingId"));
            after.add(Duration.between(stoppedAt, Instant.parse(recording.getString("parts[" + (part - 1)
                    + "].startedAt"))).toMillis() / 1000.0);
            gaps.add(recording.getList("gaps.findAll { it.part == " + part + " }.lengthSeconds", Double.class).stream()
                    .mapToDouble(Double::doubleValue).sum());
        }
        System.out.printf("MEASURED %s during %d recordings: part %d began %.1f–%.1f s after the stop; gaps reported "
                + "%.1f–%.1f s%n", how, ids.size(), part, min(after), max(after), min(gaps), max(gaps));
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static Map<Long, Double> recordedSeconds(AppClient api, List<Long> ids) throws Exception {
        Map<Long, Double> seconds = new HashMap<>();
        for (long id : ids) {
            seconds.put(id, api.reservation(id).getDouble("progress.durationSeconds"));
        }
        return seconds;
    }

    private static boolean finalState(AppClient api, long id) {
        try {
            return List.of("COMPLETED", "FAILED", "CANCELLED").contains(api.reservation(id).getString("state"));
        } catch (Exception e) {
            return false;
        }
    }

    /** Every part file in the storage, and its size. */
    private static Map<Path, Long> partFileSizes(Path storage) throws Exception {
        Map<Path, Long> sizes = new HashMap<>();
        try (Stream<Path> files = Files.walk(storage)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".flv")).toList()) {
                sizes.put(file, Files.size(file));
            }
        }
        return sizes;
    }

    private static long grew(Map<Path, Long> before, Map<Path, Long> during) {
        return before.keySet().stream().filter(k -> during.getOrDefault(k, 0L) > before.get(k)).count();
    }

    private static int leasesHeld(EmbeddedDatabase database) throws Exception {
        return count(database, "select count(*) from reservation where lease_owner = '" + NODE
                + "' and lease_until > now() and state = 'RECORDING'");
    }

    private static int claims(EmbeddedDatabase database, long id) throws Exception {
        return count(database, "select count(*) from reservation_event where to_state = 'RESOLVING' and reservation_id = "
                + id);
    }

    private static int count(EmbeddedDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /**
     * Each part of one recording decodes without an error, and the whole, its three parts joined, is as long as they
     * are. What a decoder says of the joined file is printed: ffmpeg's concat demuxer can place a part's first audio
     * frame 1 ms before the last one of the part before it (seen once in CI), which is the join's to fix, not the
     * recording's.
     */
    private static void checkOneWholeDownload(AppClient api, long recordingId, Path dir) throws Exception {
        JsonPath recording = api.recording(recordingId);
        List<Double> parts = recording.getList("parts.durationSeconds", Double.class);
        for (int n = 1; n <= parts.size(); n++) {
            Path part = api.download("/api/v1/recordings/" + recordingId + "/file?part=" + n,
                    dir.resolve("part-" + n + ".flv"));
            assertEquals("", MediaProbe.decodeErrors(part), "part " + n + " decodes without an error");
        }
        double partsSeconds = parts.stream().mapToDouble(Double::doubleValue).sum();
        Path whole = api.download("/api/v1/recordings/" + recordingId + "/file", dir.resolve("whole.flv"));
        MediaInfo info = MediaProbe.probe(whole);
        String complaints = MediaProbe.decodeErrors(whole);
        System.out.printf("MEASURED whole download after the three faults: %.1f s of media from parts of %.1f s; "
                + "decoder: %s%n", info.formatDurationSeconds(), partsSeconds, complaints.isEmpty() ? "no error"
                        : complaints.lines().limit(3).toList());
        assertTrue(info.formatDurationSeconds() >= partsSeconds - 1.5, "the whole file holds every part");
    }
}
