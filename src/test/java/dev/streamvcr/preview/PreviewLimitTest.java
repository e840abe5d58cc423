package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With every transcode slot busy, or the viewer's own share of them, a new preview is refused with 429 and
 * Retry-After, not queued; a transcode nobody asks for any more is stopped, which frees its slot.
 */
@QuarkusTest
@TestProfile(PreviewLimitTest.OneSlot.class)
class PreviewLimitTest {

    /** Two transcodes at a time, one per viewer. */
    public static class OneSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.preview.max-transcodes", "2", "streamvcr.preview.max-transcodes-per-user", "1",
                    "streamvcr.preview.idle-stop", "3s");
        }
    }

    private static io.restassured.response.Response watch(Api.Account who, long recording) {
        var grant = who.api().post("/api/v1/recordings/" + recording + "/preview");
        return given().auth().oauth2(who.token()).cookie("streamvcr-preview", grant.cookie("streamvcr-preview"))
                .get(grant.<String>path("playlistUrl"));
    }

    @Inject
    RecordingFixture fixture;

    @Test
    void theSecondPreviewWaitsItsTurnWithRetryAfter() throws Exception {
        PeerTools.ensureInstalled();
        byte[] bytes = TestCard.DEFAULT.flvBytes(Duration.ofSeconds(30));
        Api.Account alice = Api.newUser("user");
        Api.Account bob = Api.newUser("user");
        Api.Account carol = Api.newUser("user");
        long aliceRecording = fixture.finishedRecording(alice.username(), "Long clip", bytes);
        long aliceOther = fixture.finishedRecording(alice.username(), "Another long clip", bytes);
        long carolRecording = fixture.finishedRecording(carol.username(), "Carol's clip", bytes);
        long bobRecording = fixture.finishedRecording(bob.username(), "Long clip too", bytes);

        watch(alice, aliceRecording).then().statusCode(200);
        watch(alice, aliceOther).then().statusCode(429).header("Retry-After", equalTo("15"))
                .body(containsString("You are already watching 1 preview"));
        watch(carol, carolRecording).then().statusCode(200);

        var bobGrant = bob.api().post("/api/v1/recordings/" + bobRecording + "/preview");
        given().auth().oauth2(bob.token()).cookie("streamvcr-preview", bobGrant.cookie("streamvcr-preview"))
                .get(bobGrant.<String>path("playlistUrl")).then().statusCode(429)
                .header("Retry-After", equalTo("15"))
                .body(containsString("Every preview slot is busy"));

        // Alice stops watching: within the idle time plus one sweep her transcode stops and Bob gets the slot.
        int status = await("Bob's preview leaves 429").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().auth().oauth2(bob.token())
                        .cookie("streamvcr-preview", bobGrant.cookie("streamvcr-preview"))
                        .get(bobGrant.<String>path("playlistUrl")).statusCode(), answer -> answer != 429);
        org.junit.jupiter.api.Assertions.assertEquals(200, status, "the idle transcode freed its slot");
    }
}
