package dev.streamvcr.site;

import java.net.URI;
import java.util.List;

/**
 * Resolvers made for one page and one person, rather than beans fixed at start-up: the admin's recipes, which
 * change at run time and log in with the person's own site account. {@link SiteResolution} asks every bean of this
 * type for each page; a source that throws is reported as a failure and the other resolvers still run.
 */
public interface PageResolvers {

    /** A short name for reports when {@link #forPage} itself fails, e.g. {@code recipes}. */
    String name();

    /** The resolvers that know {@code page}, bound to {@code ownerId} (null: nobody, so no login). */
    List<SiteResolver> forPage(URI page, Long ownerId);
}
