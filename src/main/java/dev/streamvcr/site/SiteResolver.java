package dev.streamvcr.site;

import java.net.URI;
import java.util.List;

/**
 * One way of finding the stream behind a page: a plugin for one site, a recipe an admin defined, or generic
 * discovery. Implementations are CDI beans or service-loader entries; they must not throw anything but
 * {@link SiteException}, so one broken resolver never stops the others.
 */
public interface SiteResolver {

    /** Short name shown to users as "via …", e.g. {@code generic}, {@code recipe:Example TV}. */
    String name();

    /** Whether this resolver knows the page; cheap, no network. */
    boolean supports(URI page);

    /**
     * Fetches what it needs through {@code session} and returns candidates, best first; empty when the page has
     * no stream this resolver recognises.
     */
    List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException;
}
