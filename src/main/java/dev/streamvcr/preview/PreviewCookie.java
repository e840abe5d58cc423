package dev.streamvcr.preview;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;

/** The cookie that carries a preview grant: scoped to the grant's directory, HttpOnly, SameSite=Strict. */
final class PreviewCookie {

    static final String NAME = "streamvcr-preview";

    private PreviewCookie() {
    }

    static NewCookie of(PreviewService.Grant grant, RoutingContext context) {
        return new NewCookie.Builder(NAME)
                .value(grant.cookie())
                .path(grant.cookiePath())
                .maxAge((int) Math.max(1, Duration.between(Instant.now(), grant.expiresAt()).toSeconds()))
                .httpOnly(true)
                .secure("https".equals(context.request().scheme()))
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
