package dev.streamvcr.site.login;

import java.net.URI;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SiteKeyTest {

    @Test
    void anAccountWithAPortInItsKeyReadsPagesOnThatPortOnly() {
        assertTrue(SiteKey.appliesTo("cam.example:8080", null, URI.create("http://cam.example:8080/live")));
        assertTrue(SiteKey.appliesTo("cam.example:8080", null, URI.create("https://CAM.example:8080/live")));
        assertFalse(SiteKey.appliesTo("cam.example:8080", null, URI.create("http://cam.example:9090/live")));
        assertFalse(SiteKey.appliesTo("cam.example:8080", null, URI.create("http://cam.example/live")));
        assertFalse(SiteKey.appliesTo("cam.example:8080", null, URI.create("http://other.example:8080/live")));
    }

    @Test
    void anAccountWithoutAPortReadsPagesOnTheDefaultPortsOnly() {
        assertTrue(SiteKey.appliesTo("live.example.com", null, URI.create("https://live.example.com/ch/1")));
        assertTrue(SiteKey.appliesTo("live.example.com", null, URI.create("http://live.example.com/ch/1")));
        assertTrue(SiteKey.appliesTo("live.example.com", null, URI.create("https://live.example.com:443/ch/1")));
        assertFalse(SiteKey.appliesTo("live.example.com", null, URI.create("https://live.example.com:8443/ch/1")));
        assertTrue(SiteKey.appliesTo("live.example.com:443", null, URI.create("https://live.example.com/ch/1")));
    }

    @Test
    void withoutAPortInItsKeyTheLoginPageOnTheSameHostSaysThePort() {
        String login = "http://127.0.0.1:8081/login";
        assertTrue(SiteKey.appliesTo("127.0.0.1", login, URI.create("http://127.0.0.1:8081/live/1")));
        assertFalse(SiteKey.appliesTo("127.0.0.1", login, URI.create("http://127.0.0.1:9090/live/1")));
        assertFalse(SiteKey.appliesTo("127.0.0.1", login, URI.create("http://127.0.0.1/live/1")));
        // a login page on another host says nothing about this host's port
        assertTrue(SiteKey.appliesTo("live.example.com", "https://auth.example.com:8443/login",
                URI.create("https://live.example.com/ch/1")));
        assertEquals("cam.example", SiteKey.host("cam.example:8080"));
        assertEquals("a recipe", SiteKey.host("a recipe"));
    }
}
