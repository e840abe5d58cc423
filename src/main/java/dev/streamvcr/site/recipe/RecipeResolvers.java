package dev.streamvcr.site.recipe;

import dev.streamvcr.site.PageResolvers;
import dev.streamvcr.site.SiteResolver;
import dev.streamvcr.site.login.SiteLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;

/**
 * The recipes that know a page, as resolvers for one owner. The resolver chain asks this for the recipe step of
 * resolution with the owner of the reservation (or the person testing a page): a recipe with a login then uses
 * that person's own site account through {@link SiteLogin}, never anyone else's. {@code ownerId} may be null for
 * resolution on nobody's behalf; recipes with a login then fail with a message saying so.
 */
@ApplicationScoped
public class RecipeResolvers implements PageResolvers {

    @Inject
    RecipeStore store;

    @Inject
    SiteLogin login;

    @Override
    public String name() {
        return "recipes";
    }

    /** The matching recipes, by name, ready to resolve {@code page} for {@code ownerId}. */
    @Override
    public List<SiteResolver> forPage(URI page, Long ownerId) {
        return store.matching(page).stream().<SiteResolver>map(c -> new RecipeResolver(c, ownerId, login)).toList();
    }
}
