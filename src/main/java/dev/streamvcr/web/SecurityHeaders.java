package dev.streamvcr.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers every answer carries, pages, API and static files alike. The pages run no inline script or style, so the
 * Content-Security-Policy allows only this origin's own files; the preview player (hls.js) feeds the video element
 * from {@code blob:} URLs and may start its worker from one. Framing is refused (clickjacking), referrers leave only
 * as the origin, and over https (directly, or behind a trusted proxy that says so) browsers are told to stay on it.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            MultiMap headers = context.response().headers();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
            if ("https".equals(context.request().scheme())) {
                headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
            }
            context.next();
        }, 100);
    }
}
