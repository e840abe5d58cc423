package dev.streamvcr.preview;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.PreviewTranscode;
import dev.streamvcr.recording.RecordingFixture;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Previews in a storage directory other nodes share: the running transcode of another live node is neither removed
 * nor started again here, and the unfinished files of a node that died are cleaned up.
 */
@QuarkusTest
class PreviewNodesTest {

    @Inject
    PreviewService previews;

    @Inject
    StreamVcrConfig config;

    @Inject
    RecordingFixture fixture;

    @Inject
    NodeIdentity node;

    private Path root() {
        return Path.of(config.storage().dir().orElse(config.dataDir())).toAbsolutePath().normalize()
                .resolve("previews");
    }

    /** An unfinished preview directory as another node's transcode leaves it, with its last heartbeat. */
    private static Path othersPreview(Path dir, String node, Instant beat) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("seg-00000.ts"), "a segment");
        Files.writeString(dir.resolve(PreviewTranscode.PLAYLIST),
                "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg-00000.ts\n");
        Files.writeString(dir.resolve(PreviewOwner.FILE), node);
        Files.setLastModifiedTime(dir.resolve(PreviewOwner.FILE), FileTime.from(beat));
        return dir;
    }

    @Test
    void theSweepKeepsAnotherLiveNodesTranscodeAndRemovesADeadNodes() throws Exception {
        Path live = othersPreview(root().resolve("990001/990002"), "other-node:8080", Instant.now());
        Path dead = othersPreview(root().resolve("990001/990003"), "gone-node:8080", Instant.now().minusSeconds(120));
        Path liveShared = othersPreview(root().resolve("shared/990004"), "other-node:8080", Instant.now());
        Path deadShared = othersPreview(root().resolve("shared/990005"), "gone-node:8080",
                Instant.now().minusSeconds(120));

        previews.sweep();

        assertTrue(Files.exists(live.resolve("seg-00000.ts")), "another live node's running transcode stays");
        assertTrue(Files.exists(liveShared.resolve("seg-00000.ts")), "so do its shared variants");
        assertFalse(Files.exists(dead), "a dead node's unfinished preview goes");
        assertFalse(Files.exists(deadShared), "and its unfinished shared variants");
    }

    @Test
    void aStartRemovesItsOwnAndOwnerlessLeftoversButNotAnotherLiveNodesTranscode() throws Exception {
        Path live = othersPreview(root().resolve("990011/990012"), "other-node:8080", Instant.now());
        Path own = othersPreview(root().resolve("990011/990013"), node.id(), Instant.now());
        Path ownerless = othersPreview(root().resolve("990011/990014"), "", Instant.now());
        Files.delete(ownerless.resolve(PreviewOwner.FILE));

        previews.removeUnfinished();

        assertTrue(Files.exists(live.resolve("seg-00000.ts")), "another live node's running transcode stays");
        assertFalse(Files.exists(own), "what this node's earlier run left unfinished goes");
        assertFalse(Files.exists(ownerless), "so does an unfinished preview nobody claims");
    }

    @Test
    void aViewerWhosePreviewAnotherNodeMakesGetsItsSegmentsWithoutANewTranscode() throws Exception {
        Api.Account viewer = Api.newUser("user");
        long recording = fixture.finishedRecording(viewer.username(), "Made elsewhere", new byte[] {1, 2, 3});
        Path dir = othersPreview(root().resolve(Long.toString(Api.userId(viewer.username())))
                .resolve(Long.toString(recording)), "other-node:8080", Instant.now());

        var grant = viewer.api().post("/api/v1/recordings/" + recording + "/preview");
        String cookie = grant.cookie("streamvcr-preview");
        String playlist = grant.path("playlistUrl");
        given().auth().oauth2(viewer.token()).cookie("streamvcr-preview", cookie).get(playlist)
                .then().statusCode(200).body(containsString("seg-00000.ts"));
        given().auth().oauth2(viewer.token()).cookie("streamvcr-preview", cookie)
                .get(playlist.replace("index.m3u8", "seg-00000.ts")).then().statusCode(200)
                .body(containsString("a segment"));

        assertEquals("other-node:8080", Files.readString(dir.resolve(PreviewOwner.FILE)),
                "still the other node's: no transcode started here over its files");
        assertEquals("a segment", Files.readString(dir.resolve("seg-00000.ts")));
    }
}
