package dev.streamvcr.site.login;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a site account is stored under: a host name ({@code live.example.com}) or the name of a recipe, compared
 * without case.
 */
public final class SiteKey {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9 ._:-]{0,199}");

    private SiteKey() {
    }

    /** The normalised key, or empty when {@code raw} cannot be one. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String key = raw.strip().toLowerCase(Locale.ROOT);
        return VALID.matcher(key).matches() ? Optional.of(key) : Optional.empty();
    }

    /** The key of a page's host, e.g. {@code live.example.com} for {@code https://live.example.com/ch/1}. */
    public static Optional<String> ofPage(URI page) {
        return page.getHost() == null ? Optional.empty() : normalize(page.getHost());
    }
}
