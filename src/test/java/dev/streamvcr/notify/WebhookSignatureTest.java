package dev.streamvcr.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?". */
    @Test
    void signsAsHmacSha256OfTheBodyInHex() {
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void verifiesOnlyTheSameBodyUnderTheSameSecret() {
        String secret = WebhookSignature.newSecret();
        byte[] body = "{\"event\":\"started\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignature.sign(secret, body);
        assertTrue(WebhookSignature.verify(secret, body, header));
        assertFalse(WebhookSignature.verify(secret, "{\"event\":\"failed\"}".getBytes(StandardCharsets.UTF_8), header));
        assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), body, header));
        assertFalse(WebhookSignature.verify(secret, body, null));
        assertFalse(WebhookSignature.verify(secret, body, header.toUpperCase()));
    }

    @Test
    void secretsAre64HexDigitsAndDiffer() {
        String one = WebhookSignature.newSecret();
        assertTrue(one.matches("[0-9a-f]{64}"), one);
        assertNotEquals(one, WebhookSignature.newSecret());
    }

    @Test
    void retriesWaitTwiceAsLongEachTime() {
        Duration first = Duration.ofSeconds(30);
        assertEquals(Duration.ofSeconds(30), DeliveryWorker.backoff(first, 1));
        assertEquals(Duration.ofSeconds(60), DeliveryWorker.backoff(first, 2));
        assertEquals(Duration.ofSeconds(240), DeliveryWorker.backoff(first, 4));
    }

    @Test
    void eventsAreNamedByTheirWireFormInAnyCase() {
        assertEquals(Optional.of(NoticeKind.LOGIN_WARNING), NoticeKind.fromWire("login-warning"));
        assertEquals(Optional.of(NoticeKind.CHANNEL_LIVE), NoticeKind.fromWire(" CHANNEL_LIVE "));
        assertEquals(Optional.empty(), NoticeKind.fromWire("test"), "a test is never chosen");
        assertEquals(Optional.empty(), NoticeKind.fromWire("bogus"));
    }
}
