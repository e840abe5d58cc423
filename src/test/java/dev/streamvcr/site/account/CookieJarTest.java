package dev.streamvcr.site.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieJarTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void hostDomainPathSecureAndExpiryDecideWhatIsSent() {
        CookieJar jar = new CookieJar();
        jar.receive(URI.create("https://www.example.com/account/login"), List.of(
                "sid=abc; Path=/; HttpOnly",
                "wide=1; Domain=.example.com; Path=/",
                "scoped=2",
                "safe=3; Secure; Path=/",
                "short=4; Max-Age=60; Path=/",
                "foreign=5; Domain=evil.example; Path=/"), NOW);
        assertEquals("sid=abc; wide=1; safe=3; short=4", jar.header(URI.create("https://www.example.com/"), NOW));
        assertEquals("scoped=2; sid=abc; wide=1; short=4", jar.header(URI.create("http://www.example.com/account/x"), NOW));
        assertEquals("wide=1", jar.header(URI.create("http://cdn.example.com/"), NOW));
        assertNull(jar.header(URI.create("http://evil.example/"), NOW), "no cookie set for another site");
        assertFalse(jar.has("short", URI.create("http://www.example.com/"), NOW.plusSeconds(61)));
        assertTrue(jar.has("sid", URI.create("http://www.example.com/"), NOW.plusSeconds(61)));
    }

    @Test
    void survivesItsStoredFormAndForgetsDeletedCookies() {
        CookieJar jar = new CookieJar();
        URI site = URI.create("http://127.0.0.1:8080/login");
        jar.receive(site, List.of("sid=abc; Path=/", "pre=x; Path=/"), NOW);
        assertTrue(jar.changed());
        CookieJar restored = CookieJar.fromBytes(jar.toBytes());
        assertFalse(restored.changed());
        assertEquals("sid=abc; pre=x", restored.header(URI.create("http://127.0.0.1:8080/home"), NOW));
        restored.receive(site, List.of("sid=; Max-Age=0; Path=/"), NOW);
        assertEquals("pre=x", restored.header(URI.create("http://127.0.0.1:8080/home"), NOW));
        assertTrue(CookieJar.fromBytes("not json".getBytes()).isEmpty(), "an unreadable jar means logging in afresh");
    }
}
