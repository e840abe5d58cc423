package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.peer.LiveHlsPeer;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.site.fixture.SignedHlsSite;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A page of no known site, found by generic discovery, whose playlist address is signed and expires within seconds:
 * when the playlist starts answering 403 mid-recording, the recording looks at the page again, gets a freshly signed
 * address and goes on after the last segment it wrote, so nothing of the window is lost.
 */
@QuarkusTest
class SignedPlaylistRecordingPeerTest {

    private static final int WINDOW_SECONDS = 20;
    private static final int SEGMENT_SECONDS = 2;
    private static final Duration URL_LIFETIME = Duration.ofSeconds(8);

    @RegisterExtension
    @Order(1)
    static final LiveHlsPeer MEDIA = new LiveHlsPeer(TestCard.DEFAULT, SEGMENT_SECONDS);
    @RegisterExtension
    @Order(2)
    static final SignedHlsSite SITE = new SignedHlsSite(MEDIA).channel("cam").urlLifetime(URL_LIFETIME);

    @Inject
    RecordingStore store;

    @Test
    void anExpiredSignedPlaylistIsFoundAgainOnThePageAndTheRecordingGoesOn() {
        Api.Account user = Api.newUser("user");
        Instant start = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        JsonPath booked = PageBookings.book(user, "Signed show", SITE.url("/show/cam"), start, WINDOW_SECONDS);
        assertEquals("generic", booked.getString("resolution.via"), booked.prettify());

        JsonPath done = user.awaitFinal(booked.getInt("id"), start.plusSeconds(WINDOW_SECONDS + 40));
        assertEquals("COMPLETED", done.getString("state"), done.prettify() + "\nrefused: " + SITE.refusals());
        List<String> history = done.getList("history.reason", String.class);
        System.out.printf("MEASURED signed playlist: %d signatures admitted, refused %s%n",
                SITE.admittedSignatures().size(), SITE.refusals());
        assertTrue(SITE.refusals().stream().anyMatch(r -> r.endsWith(" expired")), SITE.refusals().toString());
        assertTrue(SITE.admittedSignatures().size() >= 2, "a fresh signature after the first expired: "
                + SITE.admittedSignatures());
        assertTrue(history.contains("The stream dropped: The HLS stream was lost: the playlist answered HTTP 403. "
                + "Reconnecting."), history.toString());

        RecordedHlsPart part = RecordedHlsPart.check(store, user, done, "signed-playlist recording",
                SEGMENT_SECONDS + 1.0);
        assertEquals("", part.decodeErrors());
        assertEquals(List.of(), part.gaps(), "the fresh address's playlist still held the next segment");
    }
}
