package dev.streamvcr.account;

import dev.streamvcr.web.ErrorMappers;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Makes every state-changing request that rides on the session cookie prove it came from our own pages: a form
 * (whose CSRF token the CSRF filter then verifies) or a request carrying the {@code X-CSRF-TOKEN} header (verified
 * the same way). Without this, a body-less POST from another site on the same host would pass, since the CSRF
 * filter only looks at forms. Requests authenticated by an {@code Authorization: Bearer} token are API clients holding
 * it, which a browser never attaches on its own (and the session cookie is then not read); any other Authorization
 * header leaves the session cookie in charge, so it exempts nothing. Requests without the session cookie carry no
 * ambient credential.
 */
public class CrossSiteRequestGuard {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String MESSAGE = "The request was refused: changes made with a browser session must come from "
            + "a StreamVCR page (a form with its security token, or the X-CSRF-TOKEN header). Reload the page and try again.";

    /** Before resource matching and the CSRF filter, so every refusal reads the same. */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION - 100)
    public Response guard(RoutingContext context) {
        var request = context.request();
        if (SAFE.contains(request.method().name()) || SessionAuthMechanism.bearerToken(context) != null
                || request.getCookie(SessionAuthMechanism.SESSION_COOKIE) == null
                || request.getHeader("X-CSRF-TOKEN") != null || isForm(request.getHeader("Content-Type"))) {
            return null;
        }
        return ErrorMappers.answer(context, 403, Map.of("error", MESSAGE), MESSAGE);
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE);
    }
}
