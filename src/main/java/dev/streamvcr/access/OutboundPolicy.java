package dev.streamvcr.access;

import dev.streamvcr.config.StreamVcrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The one check every connection made on a user's behalf goes through. Link-local and cloud metadata
 * addresses are always refused; loopback, private, shared and unique-local ranges only when listed in
 * {@code STREAMVCR_OUTBOUND_ALLOW}. Callers connect to the address returned here, never re-resolve the
 * name, so a DNS answer cannot change between the check and the connection.
 */
@ApplicationScoped
public class OutboundPolicy {

    private static final List<AddressRange> NEVER = ranges("169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128",
            "224.0.0.0/4", "ff00::/8", "255.255.255.255/32", "fd00:ec2::254/128", "100.100.100.200/32");
    private static final List<AddressRange> INTERNAL = ranges("127.0.0.0/8", "::1/128", "10.0.0.0/8",
            "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "198.18.0.0/15");

    private final List<AddressRange> allowed;

    @Inject
    OutboundPolicy(StreamVcrConfig config) {
        this(config.outbound().allow().orElse(List.of()));
    }

    OutboundPolicy(List<String> allow) {
        this.allowed = allow.stream().filter(s -> !s.isBlank()).map(AddressRange::parse).toList();
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

    void check(String host, InetAddress address) throws Refused {
        String shown = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
        if (NEVER.stream().anyMatch(range -> range.contains(address))) {
            throw new Refused("Connections to " + shown + " are not allowed: link-local, metadata and broadcast "
                    + "addresses are always refused.");
        }
        if (INTERNAL.stream().anyMatch(range -> range.contains(address))
                && allowed.stream().noneMatch(range -> range.contains(address))) {
            throw new Refused("Connections to " + shown + " are not allowed: it is a loopback or private address. "
                    + "An administrator can allow it with STREAMVCR_OUTBOUND_ALLOW.");
        }
    }

    private static List<AddressRange> ranges(String... cidrs) {
        return List.of(cidrs).stream().map(AddressRange::parse).toList();
    }
}
