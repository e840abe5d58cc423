package dev.streamvcr.web;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Who the menu of a page is drawn for when the page is not a feature's own (the error page): the layout shows the
 * menu, with the administrators' links for an admin, whenever someone is logged in.
 *
 * @param admin whether the person has the {@code admin} role
 */
public record MenuViewer(String username, boolean admin) {

    /** The role name the account feature gives administrators. */
    private static final String ADMIN_ROLE = "admin";
    /** Where the CSRF filter leaves the request's token, which the menu's "Log out" form needs. */
    private static final String CSRF_TOKEN = "csrf_token";

    /**
     * The logged-in person behind {@code context}; null for an anonymous request, and for one refused before the
     * CSRF filter gave it a token (the menu's "Log out" form cannot be drawn then).
     */
    public static MenuViewer of(RoutingContext context) {
        if (context == null || context.get(CSRF_TOKEN) == null || !(context.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        return new MenuViewer(identity.getPrincipal().getName(), identity.hasRole(ADMIN_ROLE));
    }
}
