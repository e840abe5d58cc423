package dev.streamvcr.site.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.streamvcr.site.login.LoginSpec;
import java.util.List;

/**
 * A declarative site definition: for pages whose URL matches {@code urlPattern}, optionally log in, run the
 * {@code steps} in order (each fetches a URL and extracts one named value) and build the source from
 * {@code output}. Imported and exported as YAML or JSON in exactly this shape.
 *
 * @param urlPattern a Java regular expression searched in the page URL; its named groups are values too
 * @param output     the source: an {@code rtmp://}/{@code rtmps://} URL followed by librtmp options, or an HLS URL,
 *                   with {@code {name}} placeholders
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "urlPattern", "login", "steps", "output"})
public record Recipe(String name, String urlPattern, LoginSpec login, List<RecipeStep> steps, String output) {

    public List<RecipeStep> stepsOrEmpty() {
        return steps == null ? List.of() : steps;
    }
}
