package dev.streamvcr.site.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.streamvcr.web.FieldErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Recipes as YAML and JSON text: one recipe, or a list of them for import and export. */
public final class RecipeFormats {

    /** The two formats recipes travel in. */
    public enum Format {
        YAML, JSON;

        /** YAML for {@code yaml}/{@code yml} or a YAML media type, JSON otherwise. */
        public static Format of(String nameOrMediaType) {
            String s = nameOrMediaType == null ? "" : nameOrMediaType.toLowerCase(Locale.ROOT);
            return s.contains("yaml") || s.contains("yml") ? YAML : JSON;
        }

        public String mediaType() {
            return this == YAML ? "application/yaml" : "application/json";
        }
    }

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private RecipeFormats() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static ObjectMapper mapper(Format format) {
        return format == Format.YAML ? YAML : JSON;
    }

    public static String write(Recipe recipe, Format format) {
        try {
            return mapper(format).writeValueAsString(recipe);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe is plain data", e);
        }
    }

    public static String writeAll(List<Recipe> recipes, Format format) {
        try {
            return mapper(format).writeValueAsString(recipes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recipe is plain data", e);
        }
    }

    /**
     * The most text one recipe may take: far more than any site needs (steps are a few lines each), and half the
     * form field limit ({@code quarkus.http.limits.max-form-attribute-size}), so the page answers a longer one with
     * this limit in words rather than the server's bare 413.
     */
    public static final int MAX_TEXT_BYTES = 32 * 1024;

    /** One recipe; unreadable or too long text is a field error on {@code field}. */
    public static Recipe read(String text, Format format, String field) {
        int bytes = text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_TEXT_BYTES) {
            throw FieldErrors.of(field, String.format(java.util.Locale.ROOT, "The recipe is %.1f KiB; a recipe may be "
                    + "at most %d KiB.", bytes / 1024.0, MAX_TEXT_BYTES / 1024));
        }
        try {
            Recipe recipe = mapper(format).readValue(text == null ? "" : text, Recipe.class);
            if (recipe == null) {
                throw FieldErrors.of(field, "The recipe is empty.");
            }
            return recipe;
        } catch (JsonProcessingException e) {
            throw FieldErrors.of(field, "The recipe is not valid " + format + ": " + describe(e));
        }
    }

    /** A list of recipes, or a single one; unreadable text is a field error on {@code field}. */
    public static List<Recipe> readAll(String text, Format format, String field) {
        try {
            JsonNode root = mapper(format).readTree(text == null ? "" : text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw FieldErrors.of(field, "There are no recipes in what was sent.");
            }
            List<Recipe> recipes = new ArrayList<>();
            if (root.isArray()) {
                for (JsonNode node : root) {
                    recipes.add(mapper(format).treeToValue(node, Recipe.class));
                }
            } else {
                recipes.add(mapper(format).treeToValue(root, Recipe.class));
            }
            return recipes;
        } catch (JsonProcessingException e) {
            throw FieldErrors.of(field, "The recipes are not valid " + format + ": " + describe(e));
        }
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "' (known here: "
                    + String.join(", ", unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")"
                    + at(e);
        }
        return e.getOriginalMessage().lines().findFirst().orElse("unreadable") + at(e);
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
