package dev.streamvcr.account;

import dev.streamvcr.web.ErrorMappers;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A request that needs a person and has none: the API answers 401 saying whether the token it sent was refused or
 * none was sent; a page sends the browser to the login, which comes back to where it was going.
 */
public class LoginRequired {

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, RoutingContext context) {
        if (ErrorMappers.isApi(context)) {
            String message = Boolean.TRUE.equals(context.get(SessionAuthMechanism.REFUSED_TOKEN))
                    ? "The token is invalid or has expired; get a new one with POST /api/v1/tokens."
                    : "Log in first: send Authorization: Bearer <token> (from POST /api/v1/tokens).";
            return Response.status(401).type(MediaType.APPLICATION_JSON)
                    .header("WWW-Authenticate", "Bearer realm=\"StreamVCR\"")
                    .entity(Map.of("error", message)).build();
        }
        String next = context.request().uri();
        return Response.seeOther(URI.create("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).build();
    }
}
