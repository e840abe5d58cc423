package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.preview.media.KeyFrames;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import dev.streamvcr.preview.trace.ViewerCode;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A/B previews: two viewers of one recording get the same shared segments where their codes agree
 * and the other variant where they differ, each their own name every few segments, under addresses that say nothing
 * and work for nobody else.
 */
@QuarkusTest
@TestProfile(AbPreviewMode.class)
class AbPreviewTest {

    @Inject
    RecordingFixture fixture;

    @Inject
    CodeKeys keys;

    @Inject
    PreviewEvidence evidence;

    @Inject
    dev.streamvcr.config.StreamVcrConfig config;

    private record Watching(Api.Account account, long id, String prefix, String cookie, List<String> files) {
        byte[] fetch(int k) {
            return given().auth().oauth2(account.token()).cookie("streamvcr-preview", cookie).get(prefix + files.get(k))
                    .then().statusCode(200).contentType("video/mp2t").extract().asByteArray();
        }
    }

    @Test
    void twoViewersGetTheVariantsTheirCodesSpellAndTheirOwnNames() throws Exception {
        PeerTools.ensureInstalled();
        Api.Account owner = Api.newUser("user");
        Api.Account admin = Api.newUser("admin");
        long recording = fixture.finishedRecording(owner.username(), "Shared clip",
                TestCard.DEFAULT.flvBytes(Duration.ofSeconds(20)));
        Watching alice = watch(owner, recording);
        Watching carol = watch(admin, recording);
        int every = config.preview().nameEvery();
        assertEquals(alice.files().size(), carol.files().size());

        int same = 0;
        int differ = 0;
        for (int k = 0; k < alice.files().size(); k++) {
            String ofAlice = alice.files().get(k);
            assertTrue(ofAlice.matches("[A-Za-z0-9_-]{22}\\.ts"), "an address that says nothing: " + ofAlice);
            assertNotEquals(ofAlice, carol.files().get(k), "addresses are each viewer's own");
            ViewerCode a = ViewerCode.of(keys.code(), recording, alice.id());
            ViewerCode c = ViewerCode.of(keys.code(), recording, carol.id());
            byte[] bytesOfAlice = alice.fetch(k);
            byte[] bytesOfCarol = carol.fetch(k);
            boolean shared = a.sign(k) == c.sign(k) && !a.carriesName(k, every) && !c.carriesName(k, every);
            assertEquals(shared, Arrays.equals(bytesOfAlice, bytesOfCarol),
                    "segment " + k + " is the same file exactly when both codes agree and neither carries a name");
            if (shared) {
                same++;
            } else {
                differ++;
            }
            assertServed(bytesOfAlice, recording, k, a, alice.id(), every);
            assertServed(bytesOfCarol, recording, k, c, carol.id(), every);
        }
        System.out.printf("MEASURED A/B preview of %d segments: %d shared by both viewers, %d their own%n",
                alice.files().size(), same, differ);
        assertEquals(List.of(alice.id(), carol.id()),
                evidence.viewers(recording).stream().map(PreviewEvidence.Served::userId).toList(),
                "both are candidates when a leak of this recording is traced");

        // Carol's address under Alice's path: refused and audited; Alice's address under Carol's own path: not there.
        given().auth().oauth2(admin.token()).cookie("streamvcr-preview", carol.cookie())
                .get(alice.prefix() + alice.files().get(0)).then().statusCode(403);
        given().auth().oauth2(admin.token()).cookie("streamvcr-preview", carol.cookie())
                .get(carol.prefix() + alice.files().get(0)).then().statusCode(404);
        given().auth().oauth2(owner.token()).cookie("streamvcr-preview", alice.cookie())
                .get(alice.prefix() + "AAAAAAAAAAAAAAAAAAAAAA.ts").then().statusCode(404);
    }

    /** The fetched segment is the variant the viewer's code says, and a name segment exactly where it should be. */
    private void assertServed(byte[] bytes, long recording, int k, ViewerCode code, long viewerId, int every)
            throws Exception {
        Path file = Files.createTempFile("served-", ".ts");
        try {
            Files.write(file, bytes);
            List<PreviewEvidence.KeyFrame> known = evidence.recognise(KeyFrames.ofSegment(file));
            assertEquals(1, known.size(), "segment " + k + " is recognised by its key frame");
            PreviewEvidence.KeyFrame frame = known.get(0);
            assertEquals(recording, frame.recordingId());
            assertEquals(k, frame.segment());
            assertEquals(Variant.of(code.sign(k)), frame.variant(), "the variant the code says at " + k);
            assertEquals(code.carriesName(k, every) ? Long.valueOf(viewerId) : null, frame.nameOf(),
                    "a name segment exactly at the viewer's name positions (" + k + ")");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Watching watch(Api.Account who, long recording) {
        Instant granted = Instant.now();
        Response grant = who.api().post("/api/v1/recordings/" + recording + "/preview");
        String url = grant.path("playlistUrl");
        String cookie = grant.cookie("streamvcr-preview");
        long[] firstSegmentMs = {-1};
        String playlist = await("the preview of " + who.username() + " is complete").atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    String now = given().auth().oauth2(who.token()).cookie("streamvcr-preview", cookie).get(url)
                            .then().statusCode(200).extract().asString();
                    if (firstSegmentMs[0] < 0 && files(now).size() > 1) {
                        firstSegmentMs[0] = Duration.between(granted, Instant.now()).toMillis();
                    }
                    return now;
                }, now -> now.contains("#EXT-X-ENDLIST"));
        System.out.printf("MEASURED A/B preview for %s: grant -> first segment listed %d ms%n", who.username(),
                firstSegmentMs[0]);
        List<String> files = files(playlist);
        assertEquals("intro.ts", files.get(0));
        long id = Api.userId(who.username());
        return new Watching(who, id, url.substring(0, url.lastIndexOf('/') + 1), cookie, files.subList(1, files.size()));
    }

    private static List<String> files(String playlist) {
        return playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
}
