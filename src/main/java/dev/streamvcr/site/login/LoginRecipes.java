package dev.streamvcr.site.login;

import java.net.URI;
import java.util.Optional;

/**
 * What site recipes say about logging in; implemented by the recipe store so that logins need not know recipes.
 */
public interface LoginRecipes {

    /** The login of the recipe whose name is {@code site} (a normalised site key), if it has one. */
    Optional<LoginSpec> loginFor(String site);

    /** The site key of the first recipe with a login whose URL pattern matches {@code page}. */
    Optional<String> siteNeedingLogin(URI page);
}
