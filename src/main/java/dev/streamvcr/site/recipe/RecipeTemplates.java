package dev.streamvcr.site.recipe;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.Collection;
import java.util.List;

/** The admin's site recipe pages, type-checked at build time (templates under {@code templates/site/}). */
@CheckedTemplate(basePath = "site")
public class RecipeTemplates {

    /** A recipe in the list. */
    public record Row(long id, String name, String urlPattern, String updatedBy, boolean login) {
    }

    public static native TemplateInstance adminSites(Viewer viewer, List<Row> recipes, String definition,
            String importText, Collection<String> errors, String notice);

    public static native TemplateInstance adminSite(Viewer viewer, long id, String name, String definition,
            Collection<String> errors, String notice, String testUrl, RecipeRun run);

    public static native TemplateInstance confirmDeleteRecipe(Viewer viewer, long id, String name);
}
