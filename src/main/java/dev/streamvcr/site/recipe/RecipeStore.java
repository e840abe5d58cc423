package dev.streamvcr.site.recipe;

import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.site.login.LoginRecipes;
import dev.streamvcr.site.login.LoginSpec;
import dev.streamvcr.site.login.SiteKey;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import com.google.re2j.Pattern;

/**
 * Recipes in PostgreSQL. Every write is validated first. The matching side keeps the compiled recipes while the
 * table's fingerprint (row count and newest change) stays the same, so edits made on any node apply at once.
 */
@ApplicationScoped
public class RecipeStore implements LoginRecipes {

    @jakarta.inject.Inject
    AuditLog audit;

    /** A recipe ready to match pages. */
    public record Compiled(long id, Recipe recipe, Pattern pattern) {
        public boolean matches(URI page) {
            return pattern.matcher(page.toString()).find();
        }

        /** The site key its accounts are stored under. */
        public String site() {
            return SiteKey.normalize(recipe.name()).orElseThrow();
        }
    }

    /** What an import did, by recipe name. */
    public record ImportResult(List<String> created, List<String> updated) {
    }

    private record Snapshot(String fingerprint, List<Compiled> recipes) {
    }

    private volatile Snapshot snapshot = new Snapshot("", List.of());

    @Transactional
    public List<StoredRecipe> list() {
        return StoredRecipe.listAll(Sort.by("name"));
    }

    @Transactional
    public StoredRecipe get(long id) {
        return StoredRecipe.<StoredRecipe>findByIdOptional(id)
                .orElseThrow(() -> new NotFound("There is no site recipe " + id + "."));
    }

    public static Recipe recipe(StoredRecipe stored) {
        return RecipeFormats.read(stored.definition, RecipeFormats.Format.JSON, "definition");
    }

    @Transactional
    public StoredRecipe create(Viewer viewer, Recipe recipe) {
        RecipeValidator.validate(recipe);
        refuseTakenName(recipe.name(), null, "name");
        StoredRecipe stored = new StoredRecipe();
        write(stored, recipe, viewer);
        stored.persist();
        audit.note(viewer, AuditLog.Action.RECIPE_CREATE, AuditLog.Subject.named(stored.name), null);
        return stored;
    }

    @Transactional
    public StoredRecipe update(Viewer viewer, long id, Recipe recipe) {
        StoredRecipe stored = get(id);
        RecipeValidator.validate(recipe);
        refuseTakenName(recipe.name(), id, "name");
        String before = stored.name;
        write(stored, recipe, viewer);
        audit.note(viewer, AuditLog.Action.RECIPE_UPDATE, AuditLog.Subject.named(stored.name),
                before.equals(stored.name) ? null : "renamed from '" + before + "'");
        return stored;
    }

    @Transactional
    public void delete(Viewer viewer, long id) {
        StoredRecipe stored = get(id);
        stored.delete();
        audit.note(viewer, AuditLog.Action.RECIPE_DELETE, AuditLog.Subject.named(stored.name), null);
    }

    /** Creates or replaces (by name) every recipe, all or nothing: one invalid recipe stops the whole import. */
    @Transactional
    public ImportResult importAll(Viewer viewer, List<Recipe> recipes) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < recipes.size(); i++) {
            Recipe recipe = recipes.get(i);
            if (recipe == null) {
                throw FieldErrors.of("recipes[" + (i + 1) + "]", "recipe " + (i + 1) + " is empty");
            }
            RecipeValidator.validate(recipe, "recipes[" + (i + 1) + "].");
            if (!seen.add(recipe.name().strip().toLowerCase(Locale.ROOT))) {
                throw FieldErrors.of("recipes[" + (i + 1) + "].name", "recipe '" + recipe.name() + "' appears twice");
            }
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Recipe recipe : recipes) {
            Optional<StoredRecipe> existing = byName(recipe.name());
            StoredRecipe stored = existing.orElseGet(StoredRecipe::new);
            write(stored, recipe, viewer);
            if (existing.isEmpty()) {
                stored.persist();
                created.add(stored.name);
            } else {
                updated.add(stored.name);
            }
        }
        List<String> names = new ArrayList<>(created);
        names.addAll(updated);
        audit.note(viewer, AuditLog.Action.RECIPE_IMPORT, AuditLog.Subject.named(String.join(", ", names)), "created " + (created.isEmpty() ? "none" : String.join(", ", created))
                + "; replaced " + (updated.isEmpty() ? "none" : String.join(", ", updated)));
        return new ImportResult(created, updated);
    }

    @Transactional
    public List<Recipe> exportAll() {
        return list().stream().map(RecipeStore::recipe).toList();
    }

    /** The recipes whose URL pattern matches {@code page}, by name. */
    @Transactional
    public List<Compiled> matching(URI page) {
        return compiled().stream().filter(c -> c.matches(page)).toList();
    }

    @Override
    @Transactional
    public Optional<LoginSpec> loginFor(String site) {
        return compiled().stream().filter(c -> c.site().equals(site) && c.recipe().login() != null)
                .map(c -> c.recipe().login()).findFirst();
    }

    @Override
    @Transactional
    public Optional<String> siteNeedingLogin(URI page) {
        return matching(page).stream().filter(c -> c.recipe().login() != null).map(Compiled::site).findFirst();
    }

    private List<Compiled> compiled() {
        Object[] row = (Object[]) StoredRecipe.getEntityManager()
                .createNativeQuery("select count(*), max(updated_at) from site_recipe").getSingleResult();
        String fingerprint = row[0] + "@" + row[1];
        Snapshot current = snapshot;
        if (!current.fingerprint().equals(fingerprint)) {
            current = new Snapshot(fingerprint, load());
            snapshot = current;
        }
        return current.recipes();
    }

    private List<Compiled> load() {
        List<Compiled> all = new ArrayList<>();
        for (StoredRecipe stored : list()) {
            Recipe recipe = recipe(stored);
            all.add(new Compiled(stored.id, recipe, Pattern.compile(recipe.urlPattern())));
        }
        return List.copyOf(all);
    }

    private Optional<StoredRecipe> byName(String name) {
        return StoredRecipe.find("lower(name) = ?1", name.strip().toLowerCase(Locale.ROOT)).firstResultOptional();
    }

    private void refuseTakenName(String name, Long self, String field) {
        byName(name).filter(other -> !other.id.equals(self)).ifPresent(other -> {
            throw FieldErrors.of(field, "name: a recipe named '" + other.name + "' already exists");
        });
    }

    private static void write(StoredRecipe stored, Recipe recipe, Viewer viewer) {
        Recipe clean = new Recipe(recipe.name().strip(), recipe.urlPattern(), recipe.login(), recipe.stepsOrEmpty(),
                recipe.output().strip());
        stored.name = clean.name();
        stored.urlPattern = clean.urlPattern();
        stored.definition = RecipeFormats.write(clean, RecipeFormats.Format.JSON);
        stored.updatedAt = Instant.now();
        stored.updatedBy = viewer == null ? null : viewer.username();
    }
}
