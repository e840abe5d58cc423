package dev.streamvcr.outbound;

import java.net.InetAddress;

/**
 * The outbound check of one host name: the address to connect to, or why it may not be contacted. Blocking (it
 * resolves names): never call it on an event loop. {@link OutboundPolicy} is the application's; tests pass their own.
 */
@FunctionalInterface
public interface HostCheck {

    /** @param host a name or an IP literal, IPv6 without brackets */
    InetAddress resolve(String host) throws OutboundPolicy.Refused;
}
