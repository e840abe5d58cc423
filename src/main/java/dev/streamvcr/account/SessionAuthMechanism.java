package dev.streamvcr.account;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Authenticates pages by the session cookie and the API by {@code Authorization: Bearer}. A missing or
 * unknown token leaves the request anonymous (public pages still work); resources that need a person
 * answer through {@link LoginRequired}.
 */
@ApplicationScoped
public class SessionAuthMechanism implements HttpAuthenticationMechanism {

    public static final String SESSION_COOKIE = "streamvcr-session";
    /** Set on the routing context when a presented token was refused, so the 401 can say why. */
    public static final String REFUSED_TOKEN = "streamvcr.refused-token";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String secret = bearerToken(context);
        if (secret == null) {
            Cookie cookie = context.request().getCookie(SESSION_COOKIE);
            secret = cookie == null ? null : cookie.getValue();
        }
        if (secret == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(new TokenCredentials(secret))
                .onFailure().recoverWithItem(failure -> {
                    context.put(REFUSED_TOKEN, Boolean.TRUE);
                    return null;
                });
    }

    /**
     * The token of an {@code Authorization: Bearer} header, or null. When there is one, it alone authenticates the
     * request: the session cookie is not read, even if the token is refused.
     */
    static String bearerToken(RoutingContext context) {
        String header = context.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"StreamVCR\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenCredentials.class);
    }
}
