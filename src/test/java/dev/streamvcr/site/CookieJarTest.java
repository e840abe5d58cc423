package dev.streamvcr.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CookieJarTest {

    private static final URI PAGE = URI.create("https://www.example.com/shows/live?id=1");

    @Test
    void hostOnlyCookiesGoBackOnlyToTheirHostAndPath() {
        CookieJar jar = new CookieJar();
        jar.store(PAGE, "sid=abc; Path=/shows; HttpOnly");
        assertEquals("sid=abc", jar.header(URI.create("https://www.example.com/shows/other")));
        assertNull(jar.header(URI.create("https://www.example.com/showsx")), "path must match on a boundary");
        assertNull(jar.header(URI.create("https://cdn.www.example.com/shows/x")), "host-only cookie");
        assertNull(jar.header(URI.create("https://example.com/shows/x")));
    }

    @Test
    void domainCookiesReachSubdomainsButNotForeignDomains() {
        CookieJar jar = new CookieJar();
        jar.store(PAGE, "a=1; Domain=.example.com; Path=/");
        jar.store(PAGE, "evil=1; Domain=attacker.test; Path=/");
        jar.store(PAGE, "tld=1; Domain=com; Path=/");
        assertEquals("a=1", jar.header(URI.create("http://player.example.com/")));
        assertEquals(1, jar.cookies().size(), "cookies for other domains and bare TLDs are ignored");
    }

    @Test
    void cookiesForAPublicSuffixAreRefused() {
        CookieJar jar = new CookieJar();
        URI shop = URI.create("https://shop.example.co.uk/");
        jar.store(shop, "track=1; Domain=co.uk");
        jar.store(shop, "track2=1; Domain=.CO.UK; Path=/");
        jar.store(URI.create("https://evil.github.io/"), "gh=1; Domain=github.io");
        jar.store(URI.create("https://a.b.kawasaki.jp/"), "jp=1; Domain=b.kawasaki.jp");
        assertNull(jar.header(URI.create("https://bank.example.co.uk/")));
        assertNull(jar.header(URI.create("https://victim.github.io/")));
        assertNull(jar.header(URI.create("https://c.b.kawasaki.jp/")));
        assertTrue(jar.cookies().isEmpty(), jar.cookies().toString());

        jar.store(shop, "sid=ok; Domain=example.co.uk");
        assertEquals("sid=ok", jar.header(URI.create("https://www.example.co.uk/")));
        jar.store(URI.create("https://co.uk/"), "own=1; Domain=co.uk");
        assertEquals("own=1", jar.header(URI.create("https://co.uk/")), "a suffix's own host keeps a host-only cookie");
        assertNull(jar.header(URI.create("https://other.co.uk/")));
    }

    @Test
    void secureCookiesOnlyOverHttpsAndExpiredOnesDisappear() {
        CookieJar jar = new CookieJar();
        jar.store(PAGE, "s=1; Secure; Path=/");
        jar.store(PAGE, "old=1; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
        jar.store(PAGE, "keep=1; Path=/; Max-Age=3600");
        assertEquals("s=1; keep=1", jar.header(URI.create("https://www.example.com/")));
        assertEquals("keep=1", jar.header(URI.create("http://www.example.com/")));
        jar.store(PAGE, "keep=2; Path=/; Max-Age=0");
        assertEquals("s=1", jar.header(URI.create("https://www.example.com/")), "Max-Age=0 deletes");
    }

    @Test
    void aStoredJarCanBeRestored() {
        CookieJar jar = new CookieJar();
        jar.store(PAGE, "login=t0k3n; Path=/; Max-Age=600");
        CookieJar restored = new CookieJar(jar.cookies());
        assertEquals("login=t0k3n", restored.header(URI.create("https://www.example.com/account")));
        assertTrue(restored.cookies().get(0).expiresAt() != null);
    }

    @Test
    void aKeptJarComesBackFromItsBytesAndSaysWhenItChanged() {
        CookieJar jar = new CookieJar();
        URI site = URI.create("http://127.0.0.1:8080/login");
        jar.store(site, "sid=abc; Path=/");
        jar.store(site, "pre=x; Path=/; Max-Age=600");
        assertTrue(jar.changed());
        CookieJar restored = CookieJar.fromBytes(jar.toBytes());
        assertTrue(!restored.changed(), "a restored jar has nothing new to save");
        assertEquals("sid=abc; pre=x", restored.header(URI.create("http://127.0.0.1:8080/home")));
        assertTrue(restored.has("sid", URI.create("http://127.0.0.1:8080/home")));
        assertTrue(!restored.has("si", URI.create("http://127.0.0.1:8080/home")), "names match whole");
        restored.store(site, "sid=; Max-Age=0; Path=/");
        assertTrue(restored.changed());
        assertEquals("pre=x", restored.header(URI.create("http://127.0.0.1:8080/home")));
        restored.markSaved();
        restored.clear();
        assertTrue(restored.changed() && restored.isEmpty());
        assertTrue(CookieJar.fromBytes("not json".getBytes()).isEmpty(), "an unreadable jar means logging in afresh");
    }
}
