package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.recording.RecordingFixture;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A preview is reachable only by the viewer it was made for: the signed cookie alone is not enough, the session
 * alone is not enough, an admin is not enough.
 */
@QuarkusTest
class PreviewAccessTest {

    @jakarta.inject.Inject
    dev.streamvcr.audit.AuditLog audit;

    private static byte[] clip;

    @Inject
    RecordingFixture fixture;

    @BeforeAll
    static void makeClip() throws Exception {
        PeerTools.ensureInstalled();
        clip = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(8));
    }

    @Test
    void theOwnerWatchesItAndNobodyElseGetsIn() throws Exception {
        Api.Account alice = Api.newUser("user");
        Api.Account bob = Api.newUser("user");
        long recording = fixture.finishedRecording(alice.username(), "Alice's clip", clip);
        long aliceId = Api.userId(alice.username());
        String prefix = "/preview/users/" + aliceId + "/" + recording + "/";

        bob.api().post("/api/v1/recordings/" + recording + "/preview").then().statusCode(404);

        Instant granted = Instant.now();
        Response grant = alice.api().post("/api/v1/recordings/" + recording + "/preview");
        grant.then().statusCode(200).body("playlistUrl", org.hamcrest.Matchers.equalTo(prefix + "index.m3u8"));
        String setCookie = grant.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("streamvcr-preview=")).findFirst().orElseThrow();
        assertTrue(setCookie.contains("Path=" + prefix) && setCookie.contains("HttpOnly")
                && setCookie.contains("SameSite=Strict"), setCookie);
        String aliceCookie = grant.cookie("streamvcr-preview");

        Response first = given().auth().oauth2(alice.token()).cookie("streamvcr-preview", aliceCookie).get(prefix + "index.m3u8");
        long introMs = Duration.between(granted, Instant.now()).toMillis();
        first.then().statusCode(200).body(containsString("#EXT-X-PLAYLIST-TYPE:EVENT")).body(containsString("intro.ts"));

        long[] firstSegmentMs = {-1};
        String playlist = await("the preview finishes").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    String now = given().auth().oauth2(alice.token()).cookie("streamvcr-preview", aliceCookie)
                            .get(prefix + "index.m3u8").then().statusCode(200).extract().asString();
                    if (firstSegmentMs[0] < 0 && now.lines().filter(l -> !l.startsWith("#")).count() > 1) {
                        firstSegmentMs[0] = Duration.between(granted, Instant.now()).toMillis();
                    }
                    return now;
                }, now -> now.contains("#EXT-X-ENDLIST"));
        assertTrue(playlist.contains("#EXT-X-ENDLIST"), "the preview finishes:\n" + playlist);
        System.out.printf("MEASURED preview: grant → playlist with intro %d ms, → first watermarked segment %d ms%n",
                introMs, firstSegmentMs[0]);
        List<String> files = new ArrayList<>(playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList());
        assertEquals("intro.ts", files.get(0));
        for (String file : files) {
            byte[] body = given().auth().oauth2(alice.token()).cookie("streamvcr-preview", aliceCookie)
                    .get(prefix + file).then().statusCode(200).contentType("video/mp2t").extract().asByteArray();
            assertTrue(body.length > 1000 && body[0] == 0x47, file + " is MPEG-TS");
        }

        // Everyone else, with every cookie they could get hold of, on every path of Alice's preview: 403.
        Api.Account admin = new Api.Account("admin", Api.ADMIN_PASSWORD, Api.adminToken());
        long bobRecording = fixture.finishedRecording(bob.username(), "Bob's clip", new byte[] {'F', 'L', 'V'});
        String bobCookie = bob.api().post("/api/v1/recordings/" + bobRecording + "/preview").cookie("streamvcr-preview");
        String tampered = aliceCookie.substring(0, aliceCookie.length() - 2) + (aliceCookie.endsWith("AA") ? "BB" : "AA");
        String bobSession = BrowserSession.login(bob.username(), bob.password()).sessionCookie();
        String adminSession = BrowserSession.login("admin", Api.ADMIN_PASSWORD).sessionCookie();
        // Alice herself in another session: her cookie was issued to her API token, not to this session.
        String aliceOtherSession = BrowserSession.login(alice.username(), alice.password()).sessionCookie();
        List<Supplier<RequestSpecification>> intruders = List.of(
                () -> given().cookie("streamvcr-session", aliceOtherSession),
                () -> given().auth().oauth2(bob.token()),
                () -> given().cookie("streamvcr-session", bobSession),
                () -> given().auth().oauth2(admin.token()),
                () -> given().cookie("streamvcr-session", adminSession),
                () -> given());
        List<String> cookies = java.util.Arrays.asList(aliceCookie, bobCookie, tampered, null, aliceCookie + "x");
        List<String> paths = new ArrayList<>();
        for (int variant = 0; variant < 4; variant++) {
            for (String file : files) {
                paths.add(prefix + file + (variant == 0 ? "" : "?v=" + variant));
            }
            paths.add(prefix + "index.m3u8" + (variant == 0 ? "" : "?v=" + variant));
            paths.add(prefix + "seg-99999.ts" + (variant == 0 ? "" : "?v=" + variant));
            paths.add(prefix + "deeper/index.m3u8" + (variant == 0 ? "" : "?v=" + variant));
        }
        int attempts = 0;
        int refused = 0;
        while (attempts < 1000) {
            for (Supplier<RequestSpecification> who : intruders) {
                for (String cookie : cookies) {
                    for (String path : paths) {
                        RequestSpecification request = who.get().redirects().follow(false);
                        if (cookie != null) {
                            request.cookie("streamvcr-preview", cookie);
                        }
                        attempts++;
                        int status = request.get(path).statusCode();
                        if (status == 403) {
                            refused++;
                        } else {
                            throw new AssertionError("attempt " + attempts + " on " + path + " got " + status);
                        }
                    }
                }
            }
        }
        assertEquals(attempts, refused);
        // Not even a path that is no preview file, nor a malformed one, answers anything but 403 to others.
        given().auth().oauth2(bob.token()).cookie("streamvcr-preview", aliceCookie)
                .get("/preview/users/" + aliceId + "/x" + recording + "/index.m3u8").then().statusCode(403);
        System.out.printf("MEASURED preview isolation: %d of %d foreign attempts refused with 403%n", refused, attempts);
        audit.flushRepeats();
        // every refusal is counted; repeats of one kind within a minute share a row (so all fit on the page)
        given().auth().oauth2(admin.token()).get("/api/v1/audit?recording=" + recording).then().statusCode(200)
                .body("findAll { it.action == 'preview-refused' && it.outcome == 'refused' }.sum { it.repeats }",
                        org.hamcrest.Matchers.equalTo(refused));
        given().auth().oauth2(admin.token()).get("/api/v1/audit?recording=" + recording + "&user=" + alice.username())
                .then().statusCode(200)
                .body("action", org.hamcrest.Matchers.hasItems("preview-grant", "preview-playlist", "preview-refused"));
        BrowserSession.login("admin", Api.ADMIN_PASSWORD).request()
                .get("/admin/audit?recording=" + recording + "&user=" + bob.username()).then().statusCode(200)
                .body(containsString("preview-refused")).body(containsString("preview grant belongs to another user"));
        BrowserSession.login(bob.username(), bob.password()).request().get("/admin/audit").then().statusCode(403);
    }
}
