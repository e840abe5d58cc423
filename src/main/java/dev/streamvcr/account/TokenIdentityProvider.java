package dev.streamvcr.account;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a session or bearer token into an identity; the database lookup runs off the event loop. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenCredentials> {

    @Inject
    TokenService tokens;

    @Override
    public Class<TokenCredentials> getRequestType() {
        return TokenCredentials.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenCredentials request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> tokens.resolve(request.secret())
                .map(TokenIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("Unknown or expired token")));
    }

    static SecurityIdentity identity(TokenService.Resolved resolved) {
        Viewer viewer = resolved.viewer();
        return QuarkusSecurityIdentity.builder()
                .addAttribute(PasswordChangeRequired.ATTRIBUTE, resolved.mustChangePassword())
                .setPrincipal(new QuarkusPrincipal(viewer.username()))
                .addRole(viewer.admin() ? Role.ADMIN.id() : Role.USER.id())
                .addAttribute(Viewer.USER_ID, viewer.id())
                .addAttribute(Viewer.TOKEN_ID, viewer.tokenId())
                .build();
    }
}
