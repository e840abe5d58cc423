package dev.streamvcr.site.recipe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of a recipe: fetch {@code url} (a template; default the page itself) — or take the earlier value
 * {@code from} — and extract the value {@code name} with exactly one of {@code css} (plus {@code attribute}, else
 * the element's text), {@code regex} (plus {@code group}, default 1 or the whole match), {@code xpath} (on an XML
 * document) or {@code json} (a JSON pointer such as {@code /data/url}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "url", "from", "css", "attribute", "regex", "group", "xpath", "json"})
public record RecipeStep(String name, String url, String from, String css, String attribute, String regex,
        Integer group, String xpath, String json) {

    /** The extractors that are set (validation wants exactly one). */
    @JsonIgnore
    public List<String> extractors() {
        List<String> set = new ArrayList<>();
        if (css != null) {
            set.add("css");
        }
        if (regex != null) {
            set.add("regex");
        }
        if (xpath != null) {
            set.add("xpath");
        }
        if (json != null) {
            set.add("json");
        }
        return set;
    }
}
