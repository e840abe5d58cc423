package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.ClientAddresses;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Exchanges a username and password (HTTP Basic) for a personal access token used as {@code Authorization: Bearer}. */
@Path("/api/v1/tokens")
@Tag(name = "Authentication")
public class TokenApi {

    @Inject
    AccountService accounts;

    @Inject
    TokenService tokens;

    @Inject
    StreamVcrConfig config;

    @Inject
    ClientAddresses clientAddresses;

    @Inject
    jakarta.enterprise.event.Event<LoginAttempt> attempts;

    /** The answer: the token is shown this once. */
    public record TokenBody(String token, String tokenType, Instant expiresAt, String username, String role) {
    }

    @Inject
    SecurityIdentity identity;

    @GET
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List my API tokens", description = "Those not expired, newest first, with their name, "
            + "when each was made and last used (to the minute); never their secrets.")
    public List<TokenService.TokenView> list() {
        return tokens.apiTokens(Viewer.of(identity).id());
    }

    @DELETE
    @Path("{id}")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke one of my API tokens", description = "404 when you have no API token of that ID.")
    public Response revoke(@PathParam("id") long id) {
        tokens.revoke(Viewer.of(identity), id);
        return Response.noContent().build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a personal access token", description = "Send the username and password with HTTP Basic; "
            + "?name= (optional, up to 100 characters) names the token in your list.")
    public Response issue(@QueryParam("name") String name, @Context RoutingContext context) {
        String[] credentials = basic(context.request().getHeader("Authorization"));
        if (credentials == null) {
            return unauthorized("Send your username and password with HTTP Basic authentication.");
        }
        String address = clientAddresses.of(context);
        Optional<AppUser> found;
        try {
            found = accounts.login(credentials[0], credentials[1], address);
        } catch (dev.streamvcr.web.TooManyRequests e) {
            attempts.fire(LoginAttempt.refused(credentials[0], LoginAttempt.BASIC, LoginAttempt.THROTTLED));
            throw e;
        } catch (AccountService.AccountDisabled e) {
            attempts.fire(LoginAttempt.refused(credentials[0], LoginAttempt.BASIC, LoginAttempt.DISABLED));
            return Response.status(403).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
        }
        if (found.isEmpty()) {
            attempts.fire(LoginAttempt.refused(credentials[0], LoginAttempt.BASIC, LoginAttempt.WRONG_PASSWORD));
        } else if (found.get().mustChangePassword) {
            attempts.fire(LoginAttempt.refused(credentials[0], LoginAttempt.BASIC,
                    "the password an admin set must be changed first"));
            return Response.status(403).type(MediaType.APPLICATION_JSON).entity(Map.of("error", "An admin reset your "
                    + "password: log in in a browser and choose a new one before getting a token.")).build();
        }
        return found
                .map(user -> {
                    attempts.fire(LoginAttempt.succeeded(user, LoginAttempt.BASIC));
                    TokenService.IssuedToken token = tokens.issue(user.id, AccessToken.API,
                            config.auth().tokenTtl(), name);
                    return Response.status(201).entity(new TokenBody(token.secret(), "Bearer", token.expiresAt(),
                            user.username, user.role)).build();
                })
                .orElseGet(() -> unauthorized("Wrong username or password."));
    }

    private static Response unauthorized(String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON)
                .header("WWW-Authenticate", "Basic realm=\"StreamVCR\", charset=\"UTF-8\"")
                .entity(Map.of("error", message)).build();
    }

    /** {@code [username, password]} from a Basic header, or null when there is none or it is malformed. */
    static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
