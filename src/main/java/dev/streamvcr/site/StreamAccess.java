package dev.streamvcr.site;

import dev.streamvcr.outbound.CookieStore;
import java.util.Map;

/**
 * What requests for a found stream need besides its address: the cookies of the session that read the page (a
 * logged-in one for members' streams; the jar sends each cookie only where its domain allows), headers a CDN checks
 * (Referer, Origin), and a session the site wants held open while the stream plays.
 *
 * @param cookies null for none
 * @param held    null for none
 */
public record StreamAccess(CookieStore cookies, Map<String, String> headers, HeldSession held) {

    public static final StreamAccess NONE = new StreamAccess(null, Map.of(), null);

    public StreamAccess {
        headers = Map.copyOf(headers);
    }

    /** This access with {@code store} as its cookies when it has none of its own. */
    public StreamAccess withDefaultCookies(CookieStore store) {
        return cookies != null || store == null ? this : new StreamAccess(store, headers, held);
    }

    /** Closes the held session, if any. */
    public void release() {
        if (held != null) {
            held.close();
        }
    }
}
