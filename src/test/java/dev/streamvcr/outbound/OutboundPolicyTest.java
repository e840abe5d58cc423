package dev.streamvcr.outbound;

import dev.streamvcr.config.AddressRange;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundPolicyTest {

    private final OutboundPolicy closed = new OutboundPolicy(List.of());
    private final OutboundPolicy loopbackAllowed = new OutboundPolicy(List.of("127.0.0.0/8", "::1/128"));

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.1.1", "fe80::1", "0.0.0.0", "224.0.0.1", "fd00:ec2::254"})
    void linkLocalAndMetadataAreAlwaysRefused(String address) {
        OutboundPolicy allowAll = new OutboundPolicy(List.of("0.0.0.0/0", "::/0"));
        OutboundPolicy.Refused refused = assertThrows(OutboundPolicy.Refused.class, () -> allowAll.resolve(address));
        assertTrue(refused.getMessage().contains("always refused"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.10", "100.64.0.1", "::1", "fd12::1"})
    void privateRangesNeedToBeAllowed(String address) {
        OutboundPolicy.Refused refused = assertThrows(OutboundPolicy.Refused.class, () -> closed.resolve(address));
        assertTrue(refused.getMessage().contains("STREAMVCR_OUTBOUND_ALLOW"), refused.getMessage());
    }

    @Test
    void allowedRangesPassAndOthersStayClosed() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), loopbackAllowed.resolve("127.0.0.1"));
        assertEquals(InetAddress.getByName("::1"), loopbackAllowed.resolve("::1"));
        assertThrows(OutboundPolicy.Refused.class, () -> loopbackAllowed.resolve("10.0.0.1"));
        assertEquals(InetAddress.getByName("93.184.216.34"), closed.resolve("93.184.216.34"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:a9fe:a9fe", "::ffff:7f00:1", "::ffff:a00:5", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1",
        "::7f00:1"})
    void ipv6FormsOfForbiddenIpv4AddressesAreRefused(String literal) throws Exception {
        // Built from bytes, as a DNS AAAA answer would be: Java keeps these as Inet6Address.
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        InetAddress address = java.net.Inet6Address.getByAddress("evil.example", bytes.length == 16 ? bytes : mapped(bytes), -1);
        OutboundPolicy.Refused refused = assertThrows(OutboundPolicy.Refused.class, () -> closed.check("evil.example", address));
        assertFalse(refused.getMessage().contains("169.254") || refused.getMessage().contains("127.0")
                || refused.getMessage().contains("10.0"), "no internal address in: " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "::ffff:0:a9fe:a9fe", "::ffff:0:7f00:1", // IPv4-translated (SIIT, RFC 2765)
        "64:ff9b:1::a9fe:a9fe", "64:ff9b:1:7f00:1::", // local-use NAT64 (RFC 8215): a translator inside the network
        "2001:0:4136:e378:8000:63bf:80ff:fefe", // Teredo, client 127.0.1.1 (obfuscated, RFC 4380 §4)
        "2001:0:a9fe:a9fe::1", // Teredo, server 169.254.169.254
        "2002:7f00:1::1", "2002:c0a8:101::1"}) // 6to4 of loopback and of 192.168.1.1
    void ipv6FormsThatCarryAnInternalIpv4AddressAreRefused(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertEquals(16, address.getAddress().length, literal);
        assertThrows(OutboundPolicy.Refused.class, () -> closed.check("evil.example", address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.0.170", "192.0.0.8", "240.0.0.1", "250.1.2.3"})
    void reservedRangesAreAlwaysRefused(String address) {
        OutboundPolicy allowAll = new OutboundPolicy(List.of("0.0.0.0/0", "::/0"));
        OutboundPolicy.Refused refused = assertThrows(OutboundPolicy.Refused.class, () -> allowAll.resolve(address));
        assertTrue(refused.getMessage().contains("always refused"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fec0::1", "fed0::1", "100.64.0.1", "100.127.255.254"})
    void siteLocalAndSharedAddressesAreInternal(String address) throws Exception {
        assertThrows(OutboundPolicy.Refused.class, () -> closed.resolve(address));
        OutboundPolicy allowed = new OutboundPolicy(List.of("fec0::/10", "100.64.0.0/10"));
        assertEquals(InetAddress.getByName(address), allowed.resolve(address));
    }

    @Test
    void publicAddressesInsideTranslationPrefixesStayReachable() throws Exception {
        for (String literal : List.of("64:ff9b::5db8:d822", "2002:5db8:d822::1", "::ffff:0:5db8:d822")) {
            InetAddress address = InetAddress.getByName(literal);
            closed.check("public.example", address);
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    @Test
    void unknownHostIsRefusedWithItsName() {
        OutboundPolicy.Refused refused = assertThrows(OutboundPolicy.Refused.class,
                () -> closed.resolve("no-such-host.invalid"));
        assertEquals("The host 'no-such-host.invalid' was not found.", refused.getMessage());
    }

    @Test
    void rangesMatchOnPrefixBitsOnly() throws Exception {
        AddressRange range = AddressRange.parse("172.16.0.0/12");
        assertTrue(range.contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(range.contains(InetAddress.getByName("172.32.0.0")));
        assertFalse(range.contains(InetAddress.getByName("::ffff:1")));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressRange.parse("example.com/8"));
    }
}
