package dev.streamvcr.site.recipe;

import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteSession;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Runs a (valid) recipe against a page through a session: built-in values first ({@code page},
 * {@code page.origin}, {@code page.host}, {@code page.path}, and the URL pattern's named groups), then each step,
 * then the output. A page is fetched once per run however many steps read it. Never throws for what a recipe or
 * a site does wrong: the run says which step failed and why.
 */
final class RecipeRunner {

    private static final int SHOWN_VALUE = 2000;

    private RecipeRunner() {
    }

    static RecipeRun run(Recipe recipe, URI page, SiteSession session) {
        List<RecipeRun.StepValue> shown = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        builtIns(recipe, page).forEach((name, value) -> {
            values.put(name, value);
            shown.add(new RecipeRun.StepValue(name, null, value, null));
        });
        Map<String, FetchedPage> fetched = new HashMap<>();
        for (RecipeStep step : recipe.stepsOrEmpty()) {
            String url = null;
            try {
                String input;
                String where;
                String base = page.toString();
                if (step.from() != null) {
                    input = values.get(step.from());
                    where = "the value of '" + step.from() + "'";
                } else {
                    url = Template.parse(step.url() == null ? "{page:raw}" : step.url()).render(values, Template.Context.URL);
                    FetchedPage answer = fetch(url, session, fetched);
                    input = answer.text();
                    base = answer.uri().toString();
                    where = url;
                }
                String value = Extraction.extract(step, input, base, where);
                values.put(step.name(), value);
                shown.add(new RecipeRun.StepValue(step.name(), url, shorten(value), null));
            } catch (Extraction.Failed | SiteException | Template.Invalid | RuntimeException e) {
                String message = "step '" + step.name() + "': " + (e.getMessage() == null ? e.toString() : e.getMessage());
                shown.add(new RecipeRun.StepValue(step.name(), url, null, message));
                return new RecipeRun(page.toString(), shown, null, message);
            }
        }
        try {
            return new RecipeRun(page.toString(), shown, RecipeOutput.build(recipe.output(), values), null);
        } catch (RecipeOutput.Invalid e) {
            return new RecipeRun(page.toString(), shown, null, "output: " + e.getMessage());
        }
    }

    private static FetchedPage fetch(String url, SiteSession session, Map<String, FetchedPage> fetched)
            throws SiteException {
        FetchedPage known = fetched.get(url);
        if (known != null) {
            return known;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SiteException("'" + url + "' is not a valid URL");
        }
        FetchedPage answer = session.get(uri);
        if (!answer.ok()) {
            throw new SiteException(url + " answered HTTP " + answer.status());
        }
        fetched.put(url, answer);
        return answer;
    }

    /** The values every recipe has before its first step. */
    static Map<String, String> builtIns(Recipe recipe, URI page) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("page", page.toString());
        String origin = page.getScheme() + "://" + page.getRawAuthority();
        values.put("page.origin", origin);
        values.put("page.host", page.getHost() == null ? "" : page.getHost());
        values.put("page.path", page.getRawPath() == null ? "" : page.getRawPath());
        Matcher m = Pattern.compile(recipe.urlPattern()).matcher(page.toString());
        if (m.find()) {
            for (String group : RecipeValidator.namedGroups(recipe.urlPattern())) {
                if (m.group(group) != null) {
                    values.put(group, m.group(group));
                }
            }
        }
        return values;
    }

    private static String shorten(String value) {
        return value.length() <= SHOWN_VALUE ? value : value.substring(0, SHOWN_VALUE) + "…";
    }
}
