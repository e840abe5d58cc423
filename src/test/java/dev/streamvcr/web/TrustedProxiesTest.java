package dev.streamvcr.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the trusted proxies' setting is read: the forms Quarkus and the client-address logic both take as addresses. */
class TrustedProxiesTest {

    @Test
    void aBareIpv6AddressIsRefusedWithTheFormsThatWork() {
        // Quarkus would look "::1" up in the DNS as a host name, holding requests while it waits for an answer
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new ClientAddresses(true, List.of("127.0.0.1", "::1")));
        assertEquals("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: write the IPv6 address '::1' in brackets ([::1]) or as a "
                + "range (::1/128)", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> new ClientAddresses(false, List.of(" 2001:db8::7 ")));
    }

    @Test
    void bracketsAndRangesOfIpv6AreTrusted() {
        ClientAddresses bracketed = new ClientAddresses(true, List.of("[::1]"));
        assertTrue(bracketed.isTrusted("0:0:0:0:0:0:0:1"));
        assertFalse(bracketed.isTrusted("::2"));
        assertFalse(bracketed.isTrusted("127.0.0.1"));
        ClientAddresses range = new ClientAddresses(true, List.of("2001:db8::/32", "10.0.0.0/8"));
        assertTrue(range.isTrusted("2001:db8::7"));
        assertTrue(range.isTrusted("10.1.2.3"));
        assertFalse(range.isTrusted("2001:db9::7"));
    }
}
