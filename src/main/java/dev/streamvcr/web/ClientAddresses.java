package dev.streamvcr.web;

import dev.streamvcr.config.AddressRange;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The address of the client a request comes from, for the login throttle and the audit trail. It is the TCP peer,
 * unless that peer is a trusted proxy ({@code quarkus.http.proxy.trusted-proxies}, with forwarding turned on): then
 * {@code X-Forwarded-For} is read from its right end, skipping trusted proxies, and the first hop no trusted proxy
 * vouches for is the client. Entries further left were written by whoever sent the request and prove nothing.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final Logger LOG = Logger.getLogger(ClientAddresses.class);

    private final boolean forwarding;
    private final List<AddressRange> trusted;

    @Inject
    ClientAddresses(@ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
            boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded") Optional<Boolean> allowXForwarded,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trustedProxies) {
        this(forwarding && allowXForwarded.orElse(false), trustedProxies.orElse(List.of()));
    }

    ClientAddresses(boolean forwarding, List<String> trustedProxies) {
        this.forwarding = forwarding;
        List<AddressRange> ranges = new ArrayList<>();
        for (String proxy : trustedProxies) {
            if (proxy.isBlank()) {
                continue;
            }
            String entry = proxy.strip();
            if (entry.indexOf(':') != entry.lastIndexOf(':') && !entry.startsWith("[") && !entry.contains("/")) {
                // Quarkus takes a bare IPv6 address there for a host name and looks it up in the DNS now and then,
                // holding the request meanwhile: with no DNS server answering, one request in fifty waited 5 s
                throw new IllegalStateException("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: write the IPv6 address '" + entry
                        + "' in brackets ([" + entry + "]) or as a range (" + entry + "/128)");
            }
            try {
                ranges.add(AddressRange.parse(entry.startsWith("[") && entry.endsWith("]")
                        ? entry.substring(1, entry.length() - 1) : entry));
            } catch (IllegalArgumentException e) {
                LOG.warnf("Trusted proxy '%s' is no IP address or CIDR range; client addresses in X-Forwarded-For "
                        + "are read past it only when it is given as one", proxy);
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    void onStart(@Observes StartupEvent event) {
        if (forwarding && trusted.isEmpty()) {
            LOG.warn("Proxy forwarding is on but QUARKUS_HTTP_PROXY_TRUSTED_PROXIES is empty: X-Forwarded-For is "
                    + "ignored, so every client counts as the proxy's address. Name the proxy's address there.");
        }
    }

    /** The client's address as text (IPv6 without brackets). */
    public String of(RoutingContext context) {
        SocketAddress peer = context.request().connection().remoteAddress();
        String address = peer == null ? "unknown" : peer.hostAddress();
        if (!forwarding || !isTrusted(address)) {
            return address;
        }
        List<String> hops = new ArrayList<>();
        for (String header : context.request().headers().getAll("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = literal(hops.get(i));
            if (hop == null) {
                return address; // a hop that is no address: the last one a trusted proxy saw stands
            }
            address = hop;
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return address;
    }

    boolean isTrusted(String address) {
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return trusted.stream().anyMatch(range -> range.contains(parsed));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code 1.2.3.4}, {@code 1.2.3.4:5}, {@code 2001:db8::1} or {@code [2001:db8::1]:5} as an address; else null. */
    static String literal(String hop) {
        String text = hop;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            text = end < 0 ? "" : text.substring(1, end);
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
            text = text.substring(0, text.indexOf(':'));
        }
        if (text.isEmpty() || !text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
