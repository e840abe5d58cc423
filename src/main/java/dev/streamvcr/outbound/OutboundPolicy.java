package dev.streamvcr.outbound;

import dev.streamvcr.config.AddressRange;
import dev.streamvcr.config.StreamVcrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one check every connection made on a user's behalf goes through. Link-local, cloud metadata and reserved
 * addresses are always refused; loopback, private, shared, site- and unique-local ranges only when listed in
 * {@code STREAMVCR_OUTBOUND_ALLOW}. IPv6 forms that carry an IPv4 address are judged by that address too. Callers connect to the address returned here, never re-resolve the
 * name, so a DNS answer cannot change between the check and the connection.
 */
@ApplicationScoped
public class OutboundPolicy implements HostCheck {

    /**
     * Link-local, metadata, multicast, broadcast and reserved: {@code 192.0.0.0/24} holds protocol assignments such
     * as the NAT64 discovery address (RFC 7050), {@code 240.0.0.0/4} is reserved "for future use" (RFC 1112 §4).
     */
    private static final List<AddressRange> NEVER = ranges("169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128",
            "224.0.0.0/4", "ff00::/8", "240.0.0.0/4", "192.0.0.0/24", "fd00:ec2::254/128", "100.100.100.200/32");
    /**
     * Loopback, private, shared (CGNAT, RFC 6598), benchmarking, unique-local, the deprecated site-local
     * {@code fec0::/10} (RFC 3879) and local-use NAT64 {@code 64:ff9b:1::/48} (RFC 8215), whose translator sits inside
     * the network and whose IPv4 address cannot be read back without knowing its prefix length.
     */
    private static final List<AddressRange> INTERNAL = ranges("127.0.0.0/8", "::1/128", "10.0.0.0/8",
            "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "198.18.0.0/15", "fec0::/10",
            "64:ff9b:1::/48");

    private final List<AddressRange> allowed;

    private final String setting;

    /** The policy of stream connections, the application's default bean. */
    @Inject
    OutboundPolicy(StreamVcrConfig config) {
        this(OutboundPurpose.STREAMS.allowList(config.outbound()), OutboundPurpose.STREAMS.setting());
    }

    OutboundPolicy(List<String> allow) {
        this(allow, "STREAMVCR_OUTBOUND_ALLOW");
    }

    /** A policy that allows the internal ranges {@code allow}, which the setting named {@code setting} gave. */
    public OutboundPolicy(List<String> allow, String setting) {
        this.allowed = allow.stream().filter(s -> !s.isBlank()).map(AddressRange::parse).toList();
        this.setting = setting;
    }

    /** The policy of {@code purpose}, from its own list of allowed ranges or the shared one. */
    public static OutboundPolicy of(OutboundPurpose purpose, StreamVcrConfig config) {
        return new OutboundPolicy(purpose.allowList(config.outbound()), purpose.setting());
    }

    /** Whether every address {@code host} has is a loopback, private or other internal one (blocking DNS). */
    public static boolean isInternal(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (withEmbeddedIpv4(address).stream().noneMatch(a -> INTERNAL.stream().anyMatch(r -> r.contains(a)))) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Thrown when a host may not be contacted; the message says why in words a user understands. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Resolves {@code host} (blocking DNS: call off the event loop) and returns the first address that may
     * be contacted. Refuses the host if any of its addresses is forbidden, so a name cannot smuggle one in.
     */
    @Override
    public InetAddress resolve(String host) throws Refused {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("The host '" + host + "' was not found.");
        }
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses[0];
    }

    /**
     * Checks one resolved address, and the IPv4 address an IPv6 one stands for (mapped, NAT64, 6to4), so a DNS
     * answer such as {@code ::ffff:169.254.169.254} cannot reach what its IPv4 form may not. The message names
     * only the host the user typed, never the internal address it resolved to.
     */
    void check(String host, InetAddress address) throws Refused {
        for (InetAddress candidate : withEmbeddedIpv4(address)) {
            if (NEVER.stream().anyMatch(range -> range.contains(candidate))) {
                throw new Refused("Connections to " + host + " are not allowed: link-local, metadata, broadcast and "
                        + "reserved addresses are always refused.");
            }
            if (INTERNAL.stream().anyMatch(range -> range.contains(candidate))
                    && allowed.stream().noneMatch(range -> range.contains(candidate))) {
                throw new Refused("Connections to " + host + " are not allowed: it is a loopback or private address. "
                        + "An administrator can allow it with " + setting + ".");
            }
        }
    }

    /**
     * The address itself and every IPv4 address an IPv6 form of it carries: mapped and compatible (RFC 4291 §2.5.5),
     * IPv4-translated (RFC 2765 §2.1), NAT64 well-known prefix (RFC 6052), 6to4 (RFC 3056) and Teredo's server and
     * client (RFC 4380 §4, the client's inverted).
     */
    static List<InetAddress> withEmbeddedIpv4(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) {
            return List.of(address);
        }
        List<InetAddress> all = new ArrayList<>(List.of(address));
        if (isZero(b, 0, 10) && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
            all.add(ipv4(b, 12, false)); // ::ffff:a.b.c.d (mapped)
        } else if (isZero(b, 0, 8) && b[8] == (byte) 0xFF && b[9] == (byte) 0xFF && isZero(b, 10, 12)) {
            all.add(ipv4(b, 12, false)); // ::ffff:0:a.b.c.d (translated)
        } else if (isZero(b, 0, 12) && b[12] != 0) {
            all.add(ipv4(b, 12, false)); // ::a.b.c.d (compatible, deprecated); not :: or ::1
        } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xFF && b[3] == (byte) 0x9B && isZero(b, 4, 12)) {
            all.add(ipv4(b, 12, false)); // 64:ff9b::/96, the NAT64 well-known prefix
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            all.add(ipv4(b, 2, false)); // 2002:a.b.c.d::/48, 6to4
        } else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            all.add(ipv4(b, 4, false)); // 2001:0::/32, Teredo: the server...
            all.add(ipv4(b, 12, true)); // ...and the client, its bits inverted
        }
        return all;
    }

    private static InetAddress ipv4(byte[] bytes, int from, boolean inverted) {
        byte[] v4 = Arrays.copyOfRange(bytes, from, from + 4);
        for (int i = 0; inverted && i < 4; i++) {
            v4[i] = (byte) ~v4[i];
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static List<AddressRange> ranges(String... cidrs) {
        return List.of(cidrs).stream().map(AddressRange::parse).toList();
    }
}
