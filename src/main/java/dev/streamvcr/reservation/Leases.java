package dev.streamvcr.reservation;

/**
 * Whether a reservation's lease has run out, in SQL, as every node decides it from the database's clock. Another
 * node's lease also counts as running for one lease after the database (re)started ({@code pg_postmaster_start_time()}):
 * while it was down nobody could renew, so its owner, recording all along, gets one lease to renew before anyone else
 * takes the work or its part. A node's own lapsed lease is its at once (it knows what it runs). Named parameters:
 * {@code :node} this node, {@code :lease} the lease in seconds.
 */
public final class Leases {

    private Leases() {
    }

    /** Nobody holds the reservation whose columns start with {@code prefix} ("" or an alias and a dot). */
    public static String lapsed(String prefix) {
        return "(" + prefix + "lease_until is null or (" + prefix + "lease_until < now() and (" + prefix
                + "lease_owner = :node or pg_postmaster_start_time() + make_interval(secs => :lease) < now())))";
    }
}
