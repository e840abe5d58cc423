package dev.streamvcr.schedule;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.EmbeddedDatabase;
import dev.streamvcr.NodeSettings;
import dev.streamvcr.PackagedApp;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.MediaInfo;
import dev.streamvcr.peer.MediaProbe;
import dev.streamvcr.peer.NginxPeer;
import dev.streamvcr.peer.PeerTools;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two packaged apps (own ports, node IDs and data directories) against one PostgreSQL and one storage directory, as
 * the README's several-node setup has them. New work due at once spreads over both when one node has not room for it
 * all; and when the node recording a live stream is killed (SIGKILL, no hand-back), the other takes the work over
 * once the lease runs out and goes on into a new part of the same recording, the hole listed as a gap.
 */
class TwoNodeIT {

    private static final String PASSWORD = "two-nodes-admin-password";
    private static final Duration LEASE = Duration.ofSeconds(5);
    /** Small enough that three reservations due at once cannot all go to one node. */
    private static final int CAPACITY = 2;

    @RegisterExtension
    static final NginxPeer NGINX = new NginxPeer();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void newWorkSpreadsOverBothNodesAndAKilledNodesRecordingGoesOnOnTheOther() throws Exception {
        Path dir = Files.createTempDirectory("streamvcr-two-nodes");
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres").resolve("cluster"));
                FfmpegPublisher publisher = new FfmpegPublisher(NGINX.get().rtmpUrl("cam")).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            Map<String, String> shared = sharedSettings(database, dir.resolve("storage"));
            Map<String, Node> nodes = new TreeMap<>();
            try (PackagedApp a = start(dir, "node-a", shared, nodes); PackagedApp b = start(dir, "node-b", shared, nodes)) {
                Node first = nodes.get("node-a");
                String token = token(first.port());
                spreadOverBothNodes(database, first.port(), token);
                takeOverAfterAKill(database, nodes, token);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A running app, and the port it answers on. */
    private record Node(String id, int port, PackagedApp app) {
    }

    private static PackagedApp start(Path dir, String id, Map<String, String> shared, Map<String, Node> nodes)
            throws Exception {
        Path workDir = Files.createDirectories(dir.resolve(id));
        int port = PeerTools.freePort();
        PackagedApp app = PackagedApp.start(workDir, port, NodeSettings.node(shared, id, workDir.resolve("data")));
        nodes.put(id, new Node(id, port, app));
        return app;
    }

    private static Map<String, String> sharedSettings(EmbeddedDatabase database, Path storage) {
        Map<String, String> settings = NodeSettings.shared(database, storage, PASSWORD, LEASE);
        settings.put("STREAMVCR_NODE_CAPACITY", String.valueOf(CAPACITY));
        return settings;
    }

    /** Three recordings due at the same second: a node of capacity 2 cannot take them all, so both nodes record. */
    private void spreadOverBothNodes(EmbeddedDatabase database, int port, String token) throws Exception {
        Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(book(port, token, "Spread " + i, start, 8));
        }
        for (long id : ids) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> reservation(port, token, id).getString("state"), s -> s.equals("COMPLETED")
                            || s.equals("FAILED"));
            JsonPath done = reservation(port, token, id);
            assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason"));
        }
        Map<String, Integer> byNode = new TreeMap<>();
        for (long id : ids) {
            byNode.merge(claimedBy(database, id).orElse("nobody"), 1, Integer::sum);
        }
        System.out.printf("MEASURED two nodes of capacity %d: 3 recordings due at once were claimed %s%n", CAPACITY,
                byNode);
        assertEquals(List.of("node-a", "node-b"), List.copyOf(byNode.keySet()), "both nodes took some: " + byNode);
    }

    /**
     * One live recording of 40 s: once it records, the node holding it is killed with its children; the other node
     * continues it within the lease and 2 s, into part 2, and the whole download holds both parts without an error.
     */
    private void takeOverAfterAKill(EmbeddedDatabase database, Map<String, Node> nodes, String token) throws Exception {
        int anyPort = nodes.get("node-a").port();
        Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        long id = book(anyPort, token, "Taken over", start, 40);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Number recorded = reservation(anyPort, token, id).get("progress.durationSeconds");
            return recorded != null && recorded.doubleValue() >= 8;
        });
        String holder = leaseOwner(database, id).orElseThrow();
        Node victim = nodes.get(holder);
        Node survivor = nodes.values().stream().filter(n -> !n.id().equals(holder)).findFirst().orElseThrow();
        Instant killedAt = victim.app().kill();

        int port = survivor.port();
        String continuing = "Continuing the work of node " + holder;
        JsonPath history = await().atMost(LEASE.plusSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> reservation(port, token, id), r -> r.getList("history.reason", String.class).stream()
                        .anyMatch(reason -> reason.startsWith(continuing)));
        int at = history.getList("history.reason", String.class).stream().map(r -> r.startsWith(continuing))
                .toList().indexOf(true);
        Instant claimedAt = Instant.parse(history.getString("history[" + at + "].at"));
        Duration takeover = Duration.between(killedAt, claimedAt);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> reservation(port, token, id).getString("state"), s -> s.equals("COMPLETED")
                        || s.equals("FAILED"));
        JsonPath done = reservation(port, token, id);
        assertEquals("COMPLETED", done.getString("state"), done.getString("stateReason") + "\n"
                + survivor.app().log());
        long recordingId = done.getLong("recordingId");
        JsonPath recording = JsonPath.from(get(port, "/api/v1/recordings/" + recordingId, token).body());
        List<Map<String, Object>> parts = recording.getList("parts");
        Instant part2Start = Instant.parse(recording.getString("parts[1].startedAt"));
        System.out.printf("MEASURED take-over: %s held the recording and was killed %.1f s after its start; %s "
                + "claimed it %.2f s later (lease %d s) and opened part 2 %.2f s after the kill; %d parts, gaps %s%n",
                holder, Duration.between(start, killedAt).toMillis() / 1000.0, survivor.id(),
                takeover.toMillis() / 1000.0, LEASE.toSeconds(), Duration.between(killedAt, part2Start).toMillis()
                        / 1000.0, parts.size(), recording.getList("gaps"));
        assertTrue(takeover.compareTo(LEASE.plusSeconds(2)) <= 0, "taken over " + takeover + " after the kill");
        assertEquals(2, parts.size(), "the surviving node went on in a new part: " + recording.prettify());
        List<String> gapParts = recording.getList("gaps.part", Integer.class).stream().map(String::valueOf).toList();
        assertTrue(gapParts.contains("2"), "the hole before part 2 is a gap: " + recording.getList("gaps"));

        Path files = Files.createTempDirectory("streamvcr-two-nodes-files");
        try {
            double partsSeconds = 0;
            for (int n = 1; n <= parts.size(); n++) {
                Path part = download(port, "/api/v1/recordings/" + recordingId + "/file?part=" + n, token,
                        files.resolve("part-" + n + ".flv"));
                assertEquals("", MediaProbe.decodeErrors(part), "part " + n + " decodes without an error");
                partsSeconds += recording.getDouble("parts[" + (n - 1) + "].durationSeconds");
            }
            Path whole = download(port, "/api/v1/recordings/" + recordingId + "/file", token,
                    files.resolve("whole.flv"));
            assertEquals("", MediaProbe.decodeErrors(whole), "the whole recording decodes without an error");
            MediaInfo info = MediaProbe.probe(whole);
            System.out.printf("MEASURED whole download: %.1f s of media from parts of %.1f s in all%n",
                    info.formatDurationSeconds(), partsSeconds);
            assertTrue(info.formatDurationSeconds() >= partsSeconds - 1.5, "the whole file holds every part: "
                    + info.formatDurationSeconds() + " s of " + partsSeconds + " s");
            assertTrue(info.hasCodec("h264") && info.hasCodec("aac"), info.codecNames().toString());
        } finally {
            try (Stream<Path> left = Files.walk(files)) {
                left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The node whose claim moved the reservation to RESOLVING first. */
    private static Optional<String> claimedBy(EmbeddedDatabase database, long id) throws Exception {
        return one(database, "select node from reservation_event where reservation_id = ? and to_state = 'RESOLVING'"
                + " order by id limit 1", id);
    }

    private static Optional<String> leaseOwner(EmbeddedDatabase database, long id) throws Exception {
        return one(database, "select lease_owner from reservation where id = ?", id);
    }

    private static Optional<String> one(EmbeddedDatabase database, String sql, long id) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private Path download(int port, String path, String token, Path target) throws Exception {
        HttpResponse<Path> answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.send(request(port, path, token).build(), HttpResponse.BodyHandlers.ofFile(target)),
                        r -> r.statusCode() != 202);
        if (answer.statusCode() != 200) {
            throw new AssertionError(path + " answered " + answer.statusCode() + ": " + Files.readString(target));
        }
        assertTrue(Files.size(target) > 0, path);
        return target;
    }

    private HttpRequest.Builder request(int port, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        return http.send(request(port, path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonPath reservation(int port, String token, long id) throws Exception {
        return JsonPath.from(get(port, "/api/v1/reservations/" + id, token).body());
    }

    private String token(int port) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(request(port, "/api/v1/tokens", null)
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, answer.statusCode(), answer.body());
        return JsonPath.from(answer.body()).getString("token");
    }

    private long book(int port, String token, String title, Instant start, int seconds) throws Exception {
        String body = "{\"title\":\"" + title + "\",\"sourceUrl\":\"" + NGINX.get().rtmpUrl("cam") + "\",\"startAt\":\""
                + start + "\",\"durationSeconds\":" + seconds + "}";
        HttpResponse<String> answer = http.send(request(port, "/api/v1/reservations", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, answer.statusCode(), answer.body());
        return JsonPath.from(answer.body()).getLong("id");
    }
}
