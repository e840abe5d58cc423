package dev.streamvcr.account;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The person behind the current request, as the service layer needs them for ownership checks.
 *
 * @param tokenId the session or API token the request came with
 */
public record Viewer(long id, String username, boolean admin, long tokenId) {

    static final String USER_ID = "streamvcr.user-id";
    static final String TOKEN_ID = "streamvcr.token-id";

    /** The viewer of an authenticated identity; fails for an anonymous one, which callers must have excluded. */
    public static Viewer of(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            throw new IllegalStateException("No viewer for an anonymous request");
        }
        return new Viewer(identity.<Long>getAttribute(USER_ID), identity.getPrincipal().getName(),
                identity.hasRole(Role.ADMIN.id()), identity.<Long>getAttribute(TOKEN_ID));
    }

    /** Whether this viewer may see what {@code ownerId} owns. */
    public boolean maySee(long ownerId) {
        return admin || id == ownerId;
    }
}
