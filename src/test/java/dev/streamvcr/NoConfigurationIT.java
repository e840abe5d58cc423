package dev.streamvcr;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application started the way the README says, in an empty directory with no StreamVCR or Quarkus
 * settings (only a free HTTP port, so the test cannot clash with anything): it must start its own PostgreSQL,
 * create the admin with a generated password printed once, keep its data across a restart, and leave no
 * process behind when stopped.
 */
class NoConfigurationIT {

    private static final Pattern PASSWORD = Pattern.compile("generated password: (\\S+)");

    @Test
    void startsWithNothingConfiguredAndKeepsItsDataAcrossRestarts() throws Exception {
        Path runner = PackagedApp.runner();
        assertTrue(Files.isRegularFile(runner), "packaged app at " + runner);
        Path workDir = Files.createTempDirectory("streamvcr-noconfig");
        int port = freePort();

        try {
            startTwice(workDir, port);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void startTwice(Path workDir, int port) throws Exception {
        String password;
        try (PackagedApp app = PackagedApp.start(workDir, port, java.util.Map.of())) {
            Matcher m = PASSWORD.matcher(app.log());
            assertTrue(m.find(), "the first start prints the admin password:\n" + app.log());
            password = m.group(1);
            assertTrue(app.log().contains("open http://localhost:" + port + "/"), "prints the URL to open");
            assertEquals(201, tokenStatus(port, "admin", password), "admin can log in");
            assertEquals(401, tokenStatus(port, "admin", password + "x"));
            assertTrue(Files.isDirectory(workDir.resolve("data/postgres")), "database under data/");
        }
        try (PackagedApp again = PackagedApp.start(workDir, port, java.util.Map.of())) {
            assertFalse(PASSWORD.matcher(again.log()).find(), "the password is printed only once");
            assertEquals(201, tokenStatus(port, "admin", password), "same admin after a restart");
        }
    }

    private static int tokenStatus(int port, String username, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
