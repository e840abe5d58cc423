package dev.streamvcr.site.recipe;

import java.util.List;

/**
 * What running a recipe against one page gave: every step's value (or the error that stopped it) and the
 * source built from them, or the error naming the step that failed.
 */
public record RecipeRun(String page, List<StepValue> steps, String source, String error) {

    /** One value: a built-in, a group of the URL pattern, or a step's result; {@code url} is what was fetched. */
    public record StepValue(String name, String url, String value, String error) {
    }

    public boolean ok() {
        return error == null;
    }
}
