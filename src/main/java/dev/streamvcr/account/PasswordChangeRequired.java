package dev.streamvcr.account;

import dev.streamvcr.web.ErrorMappers;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Someone whose password an admin reset sees nothing but the page that asks for a new one (and may log out): every
 * other page sends them there, and the API answers 403 saying why.
 */
public class PasswordChangeRequired {

    static final String ATTRIBUTE = "streamvcr.must-change-password";
    static final String PAGE = "/account/new-password";
    private static final Set<String> OPEN = Set.of(PAGE, "/logout", "/login");
    private static final String MESSAGE = "An admin reset your password: choose a new one at " + PAGE
            + " in a browser before anything else.";

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public Response require(RoutingContext context) {
        if (!(context.user() instanceof QuarkusHttpUser user)) {
            return null;
        }
        SecurityIdentity identity = user.getSecurityIdentity();
        if (identity == null || identity.isAnonymous() || !Boolean.TRUE.equals(identity.getAttribute(ATTRIBUTE))
                || OPEN.contains(context.normalizedPath())) {
            return null;
        }
        if (ErrorMappers.isApi(context)) {
            return ErrorMappers.answer(context, 403, Map.of("error", MESSAGE), MESSAGE);
        }
        return Response.seeOther(URI.create(PAGE)).build();
    }
}
