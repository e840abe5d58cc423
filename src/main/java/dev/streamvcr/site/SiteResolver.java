package dev.streamvcr.site;

import java.net.URI;
import java.util.List;

/**
 * One way of finding the stream behind a page: a plugin for one site, a recipe an admin defined, or generic
 * discovery. Implementations are CDI beans or service-loader entries. They should throw only {@link SiteException};
 * anything else they throw is caught and reported as a failure of that resolver, and the next one runs.
 *
 * <p>Resolvers are tried by {@link #kind()} (direct addresses, then site plugins, then recipes, then generic
 * discovery) and, within a kind, by ascending {@link #priority()}, then by name.
 */
public interface SiteResolver {

    /** Where a resolver stands in the order of trying. */
    enum Kind {
        /** Stream addresses that need no page at all. */
        DIRECT,
        /** Java code written for one site. */
        PLUGIN,
        /** Declarative recipes an admin stored. */
        RECIPE,
        /** Guessing from any page; the last resort. */
        GENERIC
    }

    /** Short name shown to users as "via …", e.g. {@code generic}, {@code recipe:Example TV}. */
    String name();

    /** Whether this resolver knows the page; cheap, no network. */
    boolean supports(URI page);

    /**
     * Fetches what it needs through {@code session} and returns candidates, best first; empty when the page has
     * no stream this resolver recognises.
     */
    List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException;

    /** Site plugins by default. */
    default Kind kind() {
        return Kind.PLUGIN;
    }

    /** Lower runs first within the same {@link #kind()}. */
    default int priority() {
        return 100;
    }
}
