package dev.streamvcr;

import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON API of an app running as its own process ({@link PackagedApp}), over plain HTTP with an API token of the
 * admin account. Safe to use from many threads at once.
 */
public final class AppClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    private AppClient(int port, String adminPassword) throws IOException, InterruptedException {
        this.base = "http://127.0.0.1:" + port;
        String basic = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/tokens"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new AssertionError("no API token: " + answer.statusCode() + " " + answer.body());
        }
        this.token = JsonPath.from(answer.body()).getString("token");
    }

    /** Signs in as {@code admin} with the password the app was started with. */
    public static AppClient admin(int port, String adminPassword) throws IOException, InterruptedException {
        return new AppClient(port, adminPassword);
    }

    /** The body of a GET of {@code path}, whatever the status. */
    public String text(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public JsonPath json(String path) throws IOException, InterruptedException {
        return JsonPath.from(text(path));
    }

    public JsonPath reservation(long id) throws IOException, InterruptedException {
        return json("/api/v1/reservations/" + id);
    }

    public JsonPath recording(long id) throws IOException, InterruptedException {
        return json("/api/v1/recordings/" + id);
    }

    /** Books {@code sourceUrl} from {@code start} for {@code seconds}; returns the reservation's ID. */
    public long book(String title, String sourceUrl, Instant start, int seconds)
            throws IOException, InterruptedException {
        String body = "{\"title\":\"" + title + "\",\"sourceUrl\":\"" + sourceUrl + "\",\"startAt\":\"" + start
                + "\",\"durationSeconds\":" + seconds + "}";
        HttpResponse<String> answer = http.send(request("/api/v1/reservations")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new AssertionError("booking refused: " + answer.statusCode() + " " + answer.body());
        }
        return JsonPath.from(answer.body()).getLong("id");
    }

    /**
     * Saves the body of a GET of {@code path} (a recording's file) in {@code target}, asking again while the app answers
     * 202 (still assembling it); fails on any status but 200.
     */
    public Path download(String path, Path target) throws Exception {
        HttpResponse<Path> answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofFile(target)),
                        r -> r.statusCode() != 202);
        if (answer.statusCode() != 200) {
            throw new AssertionError(path + " answered " + answer.statusCode() + ": " + Files.readString(target));
        }
        return target;
    }

    /** Changes reservation {@code id} with the JSON {@code body} (PATCH); fails on any status but 200. */
    public JsonPath edit(long id, String body) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request("/api/v1/reservations/" + id)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("change refused: " + answer.statusCode() + " " + answer.body());
        }
        return JsonPath.from(answer.body());
    }

    /** The value of the {@code Authorization} header this client sends, for a request made by other means. */
    public String authorization() {
        return "Bearer " + token;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization());
    }
}
