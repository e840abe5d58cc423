package dev.streamvcr.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InternetDomainName;
import java.io.IOException;
import dev.streamvcr.outbound.CookieStore;
import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cookies one site session holds, after RFC 6265 §5 (storage model, domain and path matching). A {@code Domain}
 * attribute is honoured when it is the request host or a parent of it that is no public suffix ({@code co.uk},
 * {@code github.io}: the list Guava's {@code InternetDomainName} carries, refreshed with every Guava release), so
 * one site cannot set cookies for its neighbours. Thread-safe. A jar can be kept and restored ({@link #toBytes()} and
 * {@link #fromBytes(byte[])}, or {@link #cookies()} and {@link #CookieJar(Collection)}): a site account keeps its
 * login cookies sealed this way, and {@link #changed()} says when they need saving again.
 */
public final class CookieJar implements CookieStore {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** At most this many cookies are kept; the oldest give way. */
    static final int MAX_COOKIES = 200;
    /** A name and value longer than this (RFC 6265 §6.1 asks for at least 4096 bytes) is ignored. */
    static final int MAX_COOKIE_LENGTH = 8192;

    /**
     * One stored cookie.
     *
     * @param hostOnly  sent only to {@code domain} itself, not its subdomains (no {@code Domain} attribute)
     * @param expiresAt null for a session cookie
     */
    public record Cookie(String name, String value, String domain, boolean hostOnly, String path, Instant expiresAt,
            boolean secure, boolean httpOnly, Instant createdAt) {
    }

    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private boolean changed;

    public CookieJar() {
    }

    /** A jar holding cookies stored earlier; expired ones are dropped. */
    public CookieJar(Collection<Cookie> stored) {
        Instant now = Instant.now();
        stored.stream().filter(c -> !expired(c, now)).forEach(c -> cookies.put(key(c), c));
    }

    /** A copy of the cookies that have not expired, oldest first. */
    public synchronized List<Cookie> cookies() {
        Instant now = Instant.now();
        cookies.values().removeIf(c -> expired(c, now));
        return List.copyOf(cookies.values());
    }

    /** The jar {@link #toBytes()} wrote; an unreadable one gives an empty jar (a login is then simply made again). */
    public static CookieJar fromBytes(byte[] stored) {
        if (stored == null || stored.length == 0) {
            return new CookieJar();
        }
        try {
            return new CookieJar(JSON.readValue(stored, new TypeReference<List<Cookie>>() {
            }));
        } catch (IOException e) {
            return new CookieJar();
        }
    }

    /** The live cookies as bytes to keep (JSON); read them back with {@link #fromBytes(byte[])}. */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(cookies());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cookies are plain records", e);
        }
    }

    /** Whether a cookie was set, changed or removed since the jar was made or last {@link #markSaved() saved}. */
    public synchronized boolean changed() {
        return changed;
    }

    public synchronized void markSaved() {
        changed = false;
    }

    public synchronized boolean isEmpty() {
        return cookies().isEmpty();
    }

    /** Forgets every cookie (e.g. before logging in afresh). */
    public synchronized void clear() {
        changed |= !cookies.isEmpty();
        cookies.clear();
    }

    /** Whether a live cookie called {@code name} would be sent with a request to {@code uri}. */
    public synchronized boolean has(String name, URI uri) {
        String header = header(uri);
        if (header == null) {
            return false;
        }
        for (String pair : header.split("; ")) {
            if (pair.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    /** Stores what a {@code Set-Cookie} header of a response from {@code uri} says; malformed headers are ignored. */
    @Override
    public synchronized void store(URI uri, String setCookie) {
        String host = host(uri);
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0 || host.isEmpty()) {
            return;
        }
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        if (name.isEmpty() || name.length() + value.length() > MAX_COOKIE_LENGTH) {
            return;
        }
        Instant now = Instant.now();
        String domain = host;
        boolean hostOnly = true;
        String path = defaultPath(uri);
        Instant expiresAt = null;
        boolean maxAgeSeen = false;
        boolean secure = false;
        boolean httpOnly = false;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int at = part.indexOf('=');
            String attribute = (at < 0 ? part : part.substring(0, at)).strip().toLowerCase(Locale.ROOT);
            String argument = at < 0 ? "" : part.substring(at + 1).strip();
            switch (attribute) {
                case "domain" -> {
                    String d = argument.startsWith(".") ? argument.substring(1) : argument;
                    d = d.toLowerCase(Locale.ROOT);
                    if (d.isEmpty()) {
                        break;
                    }
                    if (!domainMatches(host, d) || (!d.equals(host) && !d.contains("."))) {
                        return; // RFC 6265 §5.3 step 6: a cookie for a domain the host is not in is ignored
                    }
                    if (isPublicSuffix(d)) {
                        if (!d.equals(host)) {
                            return; // §5.3 step 5: for a public suffix only the suffix's own host keeps a cookie...
                        }
                        break; // ...and then as a host-only one
                    }
                    domain = d;
                    hostOnly = false;
                }
                case "path" -> path = argument.startsWith("/") ? argument : defaultPath(uri);
                case "max-age" -> {
                    try {
                        long seconds = Long.parseLong(argument);
                        expiresAt = seconds <= 0 ? Instant.EPOCH : now.plusSeconds(Math.min(seconds, 400L * 86400));
                        maxAgeSeen = true;
                    } catch (NumberFormatException ignored) {
                        // RFC 6265 §5.2.2: an unreadable Max-Age is ignored
                    }
                }
                case "expires" -> {
                    Instant parsed = parseDate(argument);
                    if (parsed != null && !maxAgeSeen) {
                        expiresAt = parsed;
                    }
                }
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                default -> {
                    // SameSite and unknown attributes do not matter to a client that is no browser
                }
            }
        }
        Cookie cookie = new Cookie(name, value, domain, hostOnly, path, expiresAt, secure, httpOnly, now);
        Cookie earlier = cookies.remove(key(cookie));
        changed = true;
        if (expired(cookie, now)) {
            return; // an expiry in the past deletes the cookie
        }
        cookies.put(key(cookie), earlier == null ? cookie : withCreation(cookie, earlier.createdAt()));
        while (cookies.size() > MAX_COOKIES) {
            cookies.values().stream().min(Comparator.comparing(Cookie::createdAt))
                    .ifPresent(oldest -> cookies.remove(key(oldest)));
        }
    }

    /** The {@code Cookie} header for a request to {@code uri}, or null when no cookie applies (RFC 6265 §5.4). */
    @Override
    public synchronized String header(URI uri) {
        String host = host(uri);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        Instant now = Instant.now();
        List<Cookie> matching = new ArrayList<>();
        for (Cookie c : cookies.values()) {
            boolean domainOk = c.hostOnly() ? host.equals(c.domain()) : domainMatches(host, c.domain());
            if (domainOk && pathMatches(path, c.path()) && (!c.secure() || https) && !expired(c, now)) {
                matching.add(c);
            }
        }
        if (matching.isEmpty()) {
            return null;
        }
        matching.sort(Comparator.comparing((Cookie c) -> -c.path().length()).thenComparing(Cookie::createdAt));
        StringBuilder header = new StringBuilder();
        for (Cookie c : matching) {
            header.append(header.length() == 0 ? "" : "; ").append(c.name()).append('=').append(c.value());
        }
        return header.toString();
    }

    static boolean domainMatches(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !isIpLiteral(host));
    }

    static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || (requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/'));
    }

    /** RFC 6265 §5.1.4: the request path up to, not including, its last slash; "/" when that leaves nothing. */
    private static String defaultPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/")) {
            return "/";
        }
        int last = path.lastIndexOf('/');
        return last <= 0 ? "/" : path.substring(0, last);
    }

    private static Instant parseDate(String text) {
        for (String candidate : new String[] {text, text.replace('-', ' ')}) {
            try {
                return ZonedDateTime.parse(candidate, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the next form
            }
        }
        return null;
    }

    static boolean isPublicSuffix(String domain) {
        return !isIpLiteral(domain) && InternetDomainName.isValid(domain)
                && InternetDomainName.from(domain).isPublicSuffix();
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch));
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        return host == null ? "" : host.toLowerCase(Locale.ROOT);
    }

    private static boolean expired(Cookie c, Instant now) {
        return c.expiresAt() != null && !c.expiresAt().isAfter(now);
    }

    private static String key(Cookie c) {
        return c.name() + '\n' + c.domain() + '\n' + c.path();
    }

    private static Cookie withCreation(Cookie c, Instant createdAt) {
        return new Cookie(c.name(), c.value(), c.domain(), c.hostOnly(), c.path(), c.expiresAt(), c.secure(),
                c.httpOnly(), createdAt);
    }
}
