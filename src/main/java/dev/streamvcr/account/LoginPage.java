package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.ClientAddresses;
import dev.streamvcr.web.TooManyRequests;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/** login_show, login_check, logout: server-side sessions kept in {@code access_token}, named by an HttpOnly cookie. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {

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

    @GET
    @Path("login")
    public String show(@QueryParam("next") String next) {
        return AccountTemplates.login(safeNext(next), "", null).render();
    }

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(@RestForm String username, @RestForm String password, @RestForm String next,
            @Context RoutingContext context) {
        String address = clientAddresses.of(context);
        Optional<AppUser> user;
        try {
            user = accounts.login(username, password, address);
        } catch (AccountService.AccountDisabled e) {
            attempts.fire(LoginAttempt.refused(username, LoginAttempt.FORM, LoginAttempt.DISABLED));
            return Response.status(403).entity(AccountTemplates.login(safeNext(next), username, e.getMessage()).render())
                    .build();
        } catch (TooManyRequests e) {
            attempts.fire(LoginAttempt.refused(username, LoginAttempt.FORM, LoginAttempt.THROTTLED));
            return Response.status(429).header("Retry-After", e.retryAfterSeconds())
                    .entity(AccountTemplates.login(safeNext(next), username, e.getMessage()).render()).build();
        }
        if (user.isEmpty()) {
            attempts.fire(LoginAttempt.refused(username, LoginAttempt.FORM, LoginAttempt.WRONG_PASSWORD));
            return Response.status(401).entity(AccountTemplates.login(safeNext(next), username, "Wrong username or password.").render())
                    .build();
        }
        attempts.fire(LoginAttempt.succeeded(user.get(), LoginAttempt.FORM));
        TokenService.IssuedToken session = tokens.issue(user.get().id, AccessToken.SESSION, config.auth().sessionTtl());
        String target = user.get().mustChangePassword ? PasswordChangeRequired.PAGE : safeNext(next);
        return Response.seeOther(URI.create(target))
                .cookie(sessionCookie(session.secret(), (int) config.auth().sessionTtl().toSeconds(), context))
                .build();
    }

    @POST
    @Path("logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@Context RoutingContext context) {
        io.vertx.core.http.Cookie cookie = context.request().getCookie(SessionAuthMechanism.SESSION_COOKIE);
        if (cookie != null) {
            tokens.revoke(cookie.getValue());
        }
        return Response.seeOther(URI.create("/login")).cookie(sessionCookie("", 0, context)).build();
    }

    private static NewCookie sessionCookie(String value, int maxAge, RoutingContext context) {
        return new NewCookie.Builder(SessionAuthMechanism.SESSION_COOKIE)
                .value(value)
                .path("/")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure("https".equals(context.request().scheme()))
                .sameSite(NewCookie.SameSite.LAX)
                .build();
    }

    /** Only a path on this site: "/x" but not "//host" or "/\host", which browsers treat as another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/reservations";
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getAuthority() == null ? next : "/reservations";
        } catch (URISyntaxException e) {
            return "/reservations";
        }
    }
}
