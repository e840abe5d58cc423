package dev.streamvcr.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The name this running instance uses in leases. Stable across restarts of the same instance (host name and
 * HTTP port by default), so a restarted node takes its own work back at once instead of waiting for its lease.
 */
@ApplicationScoped
public class NodeIdentity {

    private final String id;

    @Inject
    NodeIdentity(StreamVcrConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.id = config.nodeId().filter(s -> !s.isBlank()).orElseGet(() -> hostName() + ":" + port);
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
