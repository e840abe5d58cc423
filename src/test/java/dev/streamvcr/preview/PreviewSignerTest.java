package dev.streamvcr.preview;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreviewSignerTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private final PreviewSigner signer = new PreviewSigner(SECRET, 1);

    private String cookie(long user, long recording, long token) {
        return signer.sign(new PreviewGrant(user, PreviewGrant.prefix(user, recording), NOW.plusSeconds(3600), token));
    }

    @Test
    void theGrantedUserAndSessionReadUnderThePrefix() {
        String c = cookie(1, 7, 99);
        assertTrue(signer.check(c, "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
        assertTrue(signer.check(c, "/preview/users/1/7/seg-00001.ts", 1, 99, NOW).allowed());
    }

    @Test
    void anotherUserOrSessionWithTheSameCookieIsRefused() {
        String c = cookie(1, 7, 99);
        assertEquals("preview grant belongs to another user", signer.check(c, "/preview/users/1/7/index.m3u8", 2, 99, NOW).reason());
        assertEquals("preview grant was issued to another session",
                signer.check(c, "/preview/users/1/7/index.m3u8", 1, 100, NOW).reason());
    }

    @Test
    void expiredGrantsAreRefused() {
        String c = cookie(1, 7, 99);
        assertFalse(signer.check(c, "/preview/users/1/7/index.m3u8", 1, 99, NOW.plusSeconds(3600)).allowed());
        assertTrue(signer.check(c, "/preview/users/1/7/index.m3u8", 1, 99, NOW.plusSeconds(3599)).allowed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/preview/users/1/8/index.m3u8", "/preview/users/12/7/index.m3u8", "/preview/users/1/7",
        "/preview/users/1/7/../8/index.m3u8", "/preview/users/1/7/./index.m3u8", "/preview/users/1/7//x",
        "/preview/users/1/7/%2e%2e/8/x", "/preview/users/1/7/a\\b", "preview/users/1/7/x"})
    void pathsOutsideThePrefixOrNotPlainAreRefused(String path) {
        assertFalse(signer.check(cookie(1, 7, 99), path, 1, 99, NOW).allowed(), path);
    }

    @Test
    void aPrefixWithoutTrailingSlashCannotBeSigned() {
        // "/preview/users/1" would also cover "/preview/users/12/…"; grants always end in '/'.
        assertThrows(IllegalArgumentException.class,
                () -> new PreviewGrant(1, "/preview/users/1", NOW.plusSeconds(60), 99));
        String c = cookie(1, 7, 99);
        assertFalse(signer.check(c, "/preview/users/1/70/index.m3u8", 1, 99, NOW).allowed());
    }

    @Test
    void tamperedCookiesAreRefused() {
        String c = cookie(1, 7, 99);
        int dot = c.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(c.substring(0, dot)), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("|1|", "|2|").getBytes(StandardCharsets.UTF_8)) + c.substring(dot);
        assertFalse(signer.check(forged, "/preview/users/2/7/index.m3u8", 2, 99, NOW).allowed());
        char last = c.charAt(c.length() - 1);
        String flipped = c.substring(0, c.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertFalse(signer.check(flipped, "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
        assertFalse(signer.check("", "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
        assertFalse(signer.check(null, "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
        assertFalse(signer.check("a.b.c", "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
    }

    @Test
    void raisingTheKeyVersionInvalidatesEveryGrant() {
        String c = cookie(1, 7, 99);
        PreviewSigner rotated = new PreviewSigner(SECRET, 2);
        assertFalse(rotated.check(c, "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
        PreviewSigner otherKey = new PreviewSigner("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8), 1);
        assertFalse(otherKey.check(c, "/preview/users/1/7/index.m3u8", 1, 99, NOW).allowed());
    }
}
