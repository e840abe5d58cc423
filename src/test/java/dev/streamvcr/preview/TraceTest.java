package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.preview.media.FfmpegProcess;
import dev.streamvcr.preview.trace.ViewerCode;
import dev.streamvcr.recording.RecordingFixture;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tracing downloaded copies of an A/B preview through the API an administrator's trace page uses: a byte-identical or
 * remuxed copy names its viewer; a copy of another recording, one too short, a corrupt and a huge upload each get
 * their own clear answer; only administrators trace, and every trace is audited.
 */
@QuarkusTest
@TestProfile(AbPreviewMode.class)
class TraceTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    PreviewService previews;

    @Inject
    CodeKeys keys;

    @Inject
    dev.streamvcr.config.StreamVcrConfig config;

    @Test
    void aCopyNamesItsViewerAndBadFilesAreToldApart() throws Exception {
        PeerTools.ensureInstalled();
        Api.Account alice = Api.newUser("user");
        Api.Account admin = Api.newUser("admin");
        long recording = fixture.finishedRecording(alice.username(), "Leaked clip",
                TestCard.DEFAULT.flvBytes(Duration.ofSeconds(20)));
        long other = fixture.finishedRecording(alice.username(), "Never previewed",
                TestCard.DEFAULT.flvBytes(Duration.ofSeconds(4)));
        List<byte[]> segments = download(alice, recording);
        long aliceId = Api.userId(alice.username());
        ViewerCode code = ViewerCode.of(keys.code(), recording, aliceId);
        int every = config.preview().nameEvery();

        Path work = Files.createTempDirectory("trace-test-");
        try {
            // The copy as downloaded: her segments one after the other.
            Path copy = work.resolve("copy.ts");
            Files.write(copy, concat(segments, k -> true));
            trace(admin, recording, copy).then().statusCode(200).header("X-Content-Type-Options", "nosniff")
                    .body("outcome", equalTo("named"))
                    .body("viewerId", equalTo((int) aliceId)).body("username", equalTo(alice.username()))
                    .body("segments", equalTo(segments.size()));

            // Remuxed into MP4: other framing, the same slices.
            Path mp4 = work.resolve("copy.mp4");
            FfmpegProcess.run(previews.tools(), List.of("-y", "-i", "file:" + copy, "-c", "copy", mp4.toString()),
                    Duration.ofMinutes(1));
            trace(admin, recording, mp4).then().statusCode(200).body("outcome", equalTo("named"))
                    .body("viewerId", equalTo((int) aliceId));

            // Two plain segments (no name in them): from this recording, far too short to name anyone.
            Path shortCopy = work.resolve("short.ts");
            int[] taken = {0};
            Files.write(shortCopy, concat(segments, k -> !code.carriesName(k, every) && taken[0]++ < 2));
            trace(admin, recording, shortCopy).then().statusCode(200).body("outcome", equalTo("too-short"))
                    .body("viewerId", nullValue()).body("segments", equalTo(2)).body("moreSeconds", greaterThan(0))
                    .body("message", containsString("more"));

            // Her copy traced as another recording's: says so and names no one.
            trace(admin, other, copy).then().statusCode(200).body("outcome", equalTo("not-from-this-recording"))
                    .body("viewerId", nullValue()).body("otherRecordings", hasItem((int) recording))
                    .body("message", containsString("names no one"));

            // Not a video at all.
            Path corrupt = work.resolve("corrupt.mp4");
            byte[] noise = new byte[200_000];
            new Random(18).nextBytes(noise);
            Files.write(corrupt, noise);
            trace(admin, recording, corrupt).then().statusCode(400)
                    .body("fields.file", anyOf(containsString("not a video"), containsString("no H.264 video")));

            // A video of something else (the intro carries no served segment).
            trace(admin, recording, previews.file(null, recording, "intro.ts")).then().statusCode(200)
                    .body("outcome", equalTo("not-from-this-recording"));

            // Larger than the limit: refused by its length before anything is stored.
            Path huge = work.resolve("huge.ts");
            Files.write(huge, new byte[(int) config.preview().traceMaxUpload() + 1]);
            trace(admin, recording, huge).then().statusCode(413).body("fields.file", containsString("larger than"));

            // Only administrators trace.
            trace(alice, recording, copy).then().statusCode(403);
            given().contentType("application/octet-stream").body(new byte[10]).post(url(recording)).then()
                    .statusCode(401);

            admin.api().get("/api/v1/audit?recording=" + recording).then().statusCode(200)
                    .body("findAll { it.action == 'trace' }.size()", greaterThan(3))
                    .body("findAll { it.action == 'trace' }.detail", hasItem(containsString("NAMED #" + aliceId)));
            try (var left = Files.list(Path.of(config.dataDir(), "previews", "_trace"))) {
                assertTrue(left.findAny().isEmpty(), "no upload is kept once traced");
            }
        } finally {
            PreviewService.deleteTree(work);
        }
    }

    @Test
    void thePageSendsItsTokenAndOnlyAdministratorsTrace() throws Exception {
        Api.Account admin = Api.newUser("admin");
        Api.Account bob = Api.newUser("user");
        long recording = fixture.finishedRecording(admin.username(), "Page trace",
                TestCard.DEFAULT.flvBytes(Duration.ofSeconds(2)));
        BrowserSession session = BrowserSession.login(admin.username(), admin.password());
        Response page = session.request().get("/admin/trace");
        page.then().statusCode(200);
        Matcher token = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(page.asString());
        assertTrue(token.find(), "the page hands its script the token");
        BrowserSession.Form form = new BrowserSession.Form(page.cookie("streamvcr-csrf"), token.group(1));
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);

        // From the page, with the header its script sends: traced (here: not a video).
        session.request().cookie("streamvcr-csrf", form.cookie()).header("X-CSRF-TOKEN", form.token())
                .contentType("application/octet-stream").body(noise).post(url(recording)).then().statusCode(400)
                .body("fields.file", anyOf(containsString("not a video"), containsString("no H.264 video")));
        // The same session without it (a form posted from another site): refused.
        session.request().cookie("streamvcr-csrf", form.cookie()).contentType("application/octet-stream").body(noise)
                .post(url(recording)).then().statusCode(403).body("error", containsString("X-CSRF-TOKEN"));
        // No such recording: 404 in JSON.
        traceBytes(admin, 999_999_999L, noise).then().statusCode(404).body("error", containsString("recording"));

        BrowserSession.login(bob.username(), bob.password()).request().get("/admin/trace").then().statusCode(403);
    }

    private static Response traceBytes(Api.Account who, long recording, byte[] bytes) {
        return given().auth().oauth2(who.token()).contentType("application/octet-stream").body(bytes)
                .post(url(recording));
    }

    private static String url(long recording) {
        return "/api/v1/recordings/" + recording + "/trace";
    }

    private static Response trace(Api.Account who, long recording, Path file) {
        return given().auth().oauth2(who.token()).contentType("application/octet-stream").body(file.toFile())
                .post(url(recording));
    }

    private static byte[] concat(List<byte[]> segments, java.util.function.IntPredicate take) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < segments.size(); k++) {
            if (take.test(k)) {
                out.writeBytes(segments.get(k));
            }
        }
        return out.toByteArray();
    }

    /** The viewer's whole preview as their player fetched it, without the intro. */
    private static List<byte[]> download(Api.Account who, long recording) {
        Response grant = who.api().post("/api/v1/recordings/" + recording + "/preview");
        String url = grant.path("playlistUrl");
        String cookie = grant.cookie("streamvcr-preview");
        String playlist = await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth().oauth2(who.token()).cookie("streamvcr-preview", cookie).get(url).then()
                        .statusCode(200).extract().asString(), now -> now.contains("#EXT-X-ENDLIST"));
        String prefix = url.substring(0, url.lastIndexOf('/') + 1);
        return playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank() && !l.equals("intro.ts"))
                .map(name -> given().auth().oauth2(who.token()).cookie("streamvcr-preview", cookie).get(prefix + name)
                        .then().statusCode(200).extract().asByteArray())
                .toList();
    }
}
