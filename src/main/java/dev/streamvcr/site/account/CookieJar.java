package dev.streamvcr.site.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The cookies one site account collected, kept between logins (sealed, in the database) so a working login is
 * reused. Follows RFC 6265 closely enough for login sessions: host-only and domain cookies (§5.3), default path
 * (§5.1.4), Max-Age before Expires, Secure; session cookies are kept too, since the server is the "browser".
 */
public final class CookieJar {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_COOKIES = 200;

    /** One stored cookie; {@code expiresAt} is epoch seconds or null for a session cookie. */
    public record Cookie(String name, String value, String domain, boolean hostOnly, String path, Long expiresAt,
            boolean secure) {
        boolean expired(Instant now) {
            return expiresAt != null && expiresAt <= now.getEpochSecond();
        }

        boolean sendsTo(URI uri, Instant now) {
            String host = host(uri);
            boolean domainMatch = hostOnly ? host.equals(domain) : host.equals(domain) || host.endsWith("." + domain);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            boolean pathMatch = path.equals(this.path) || path.startsWith(this.path.endsWith("/") ? this.path : this.path + "/");
            return domainMatch && pathMatch && (!secure || "https".equalsIgnoreCase(uri.getScheme())) && !expired(now);
        }
    }

    private final List<Cookie> cookies = new ArrayList<>();
    private boolean changed;

    public CookieJar() {
    }

    private CookieJar(List<Cookie> stored) {
        cookies.addAll(stored);
    }

    /** Takes the {@code Set-Cookie} headers of an answer from {@code from}; bad or foreign-domain ones are ignored. */
    public synchronized void receive(URI from, List<String> setCookieHeaders, Instant now) {
        String host = host(from);
        for (String header : setCookieHeaders) {
            List<HttpCookie> parsed;
            try {
                parsed = HttpCookie.parse("set-cookie:" + header);
            } catch (IllegalArgumentException e) {
                continue;
            }
            for (HttpCookie c : parsed) {
                String domain = c.getDomain() == null ? null : c.getDomain().toLowerCase(Locale.ROOT).replaceFirst("^\\.", "");
                if (domain != null && !(host.equals(domain) || host.endsWith("." + domain))) {
                    continue; // §5.3 step 6: a site may not set cookies for another
                }
                String path = c.getPath() == null || !c.getPath().startsWith("/") ? defaultPath(from) : c.getPath();
                Long expires = c.getMaxAge() < 0 ? null : now.getEpochSecond() + c.getMaxAge();
                Cookie cookie = new Cookie(c.getName(), c.getValue(), domain == null ? host : domain, domain == null,
                        path, expires, c.getSecure());
                cookies.removeIf(old -> old.name.equals(cookie.name) && old.domain.equals(cookie.domain)
                        && old.path.equals(cookie.path));
                if (!cookie.expired(now)) {
                    cookies.add(cookie);
                }
                changed = true;
            }
        }
        cookies.removeIf(c -> c.expired(now));
        while (cookies.size() > MAX_COOKIES) {
            cookies.remove(0);
        }
    }

    /** The {@code Cookie} header for a request to {@code to}, or null when nothing is to be sent. */
    public synchronized String header(URI to, Instant now) {
        String header = cookies.stream().filter(c -> c.sendsTo(to, now))
                .sorted((a, b) -> b.path.length() - a.path.length()) // §5.4 step 2: longer paths first
                .map(c -> c.name + "=" + c.value).collect(Collectors.joining("; "));
        return header.isEmpty() ? null : header;
    }

    /** Whether a live cookie called {@code name} would be sent to {@code to}. */
    public synchronized boolean has(String name, URI to, Instant now) {
        return cookies.stream().anyMatch(c -> c.name.equals(name) && c.sendsTo(to, now));
    }

    public synchronized boolean isEmpty() {
        return cookies.isEmpty();
    }

    /** Whether cookies arrived since the jar was read or last {@link #markSaved() saved}. */
    public synchronized boolean changed() {
        return changed;
    }

    public synchronized void markSaved() {
        changed = false;
    }

    public synchronized void clear() {
        changed |= !cookies.isEmpty();
        cookies.clear();
    }

    public synchronized byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(cookies);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cookies are plain records", e);
        }
    }

    /** The jar {@link #toBytes} wrote; an unreadable one gives an empty jar (the site is then logged in to again). */
    public static CookieJar fromBytes(byte[] bytes) {
        if (bytes == null) {
            return new CookieJar();
        }
        try {
            return new CookieJar(JSON.readValue(bytes, new TypeReference<List<Cookie>>() {
            }));
        } catch (IOException e) {
            return new CookieJar();
        }
    }

    private static String host(URI uri) {
        return uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static String defaultPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/") || path.lastIndexOf('/') == 0) {
            return "/";
        }
        return path.substring(0, path.lastIndexOf('/'));
    }
}
