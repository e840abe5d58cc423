package dev.streamvcr.site.recipe;

import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteResolver;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.SourceCandidate;
import dev.streamvcr.site.login.SiteLogin;
import java.net.URI;
import java.util.List;

/**
 * One recipe as a {@link SiteResolver} of {@link Kind#RECIPE}, bound to the person the page is resolved for. A
 * recipe with a login runs in that person's logged-in session for the recipe's site (their own stored account): the
 * session it is handed when that one is logged in to the recipe's site, else one it opens; without an owner it
 * cannot log in and says so. Whatever goes wrong inside a recipe becomes a
 * {@link SiteException} naming the recipe and the step, never anything that could stop other resolvers.
 */
public final class RecipeResolver implements SiteResolver {

    private final RecipeStore.Compiled recipe;
    private final Long ownerId;
    private final SiteLogin login;

    RecipeResolver(RecipeStore.Compiled recipe, Long ownerId, SiteLogin login) {
        this.recipe = recipe;
        this.ownerId = ownerId;
        this.login = login;
    }

    @Override
    public String name() {
        return "recipe:" + recipe.recipe().name();
    }

    @Override
    public Kind kind() {
        return Kind.RECIPE;
    }

    @Override
    public boolean supports(URI page) {
        return recipe.matches(page);
    }

    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        RecipeRun run;
        try {
            run = RecipeRunner.run(recipe.recipe(), page, sessionFor(session));
        } catch (SiteException e) {
            throw new SiteException("recipe '" + recipe.recipe().name() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SiteException("recipe '" + recipe.recipe().name() + "' failed: " + e, e);
        }
        if (!run.ok()) {
            throw new SiteException("recipe '" + recipe.recipe().name() + "', " + run.error());
        }
        return List.of(new SourceCandidate(run.source(), "site recipe '" + recipe.recipe().name() + "'", 100));
    }

    private SiteSession sessionFor(SiteSession given) throws SiteException {
        if (recipe.recipe().login() == null || given.loggedInTo().filter(recipe.site()::equals).isPresent()) {
            return given;
        }
        if (ownerId == null) {
            throw new SiteException("it logs in to " + recipe.site() + ", which needs the person the page is resolved "
                    + "for and their stored account");
        }
        return login.session(ownerId, recipe.site());
    }
}
