package dev.streamvcr.site.recipe;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.site.CookieJar;
import dev.streamvcr.site.HttpSiteSession;
import dev.streamvcr.site.PageFetcher;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.login.SiteKey;
import dev.streamvcr.site.login.SiteLogin;
import dev.streamvcr.web.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import com.google.re2j.Pattern;

/**
 * The Test button: runs a recipe against a URL and reports every value. A recipe with a login logs in with the
 * tester's own site account for it, exactly as a reservation of theirs would.
 */
@ApplicationScoped
public class RecipeTester {

    @Inject
    SiteLogin login;

    @Inject
    PageFetcher fetcher;

    public RecipeRun test(Viewer tester, Recipe recipe, String url) {
        RecipeValidator.validate(recipe);
        URI page = pageUrl(url);
        if (!Pattern.compile(recipe.urlPattern()).matcher(page.toString()).find()) {
            return new RecipeRun(page.toString(), List.of(), null,
                    "the URL pattern '" + recipe.urlPattern() + "' does not match " + page);
        }
        SiteSession session;
        if (recipe.login() == null) {
            session = new HttpSiteSession(fetcher, new CookieJar());
        } else {
            String site = SiteKey.normalize(recipe.name()).orElseThrow();
            try {
                session = login.session(tester.id(), site);
            } catch (SiteException e) {
                return new RecipeRun(page.toString(), List.of(), null, "login: " + e.getMessage());
            }
        }
        return RecipeRunner.run(recipe, page, session);
    }

    static URI pageUrl(String url) {
        try {
            URI page = new URI(url == null ? "" : url.strip());
            if (page.getHost() != null && page.getScheme().matches("(?i)https?")) {
                return page;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw FieldErrors.of("url", "Give the http:// or https:// address of a page to test the recipe on.");
    }
}
