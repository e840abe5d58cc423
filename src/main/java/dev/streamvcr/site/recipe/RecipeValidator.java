package dev.streamvcr.site.recipe;

import com.fasterxml.jackson.core.JsonPointer;
import dev.streamvcr.site.login.LoginSpec;
import dev.streamvcr.site.login.SiteKey;
import dev.streamvcr.site.login.SuccessCheck;
import dev.streamvcr.web.FieldErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * Checks a recipe before it is saved: the URL pattern compiles, every step has a fresh name and exactly one valid
 * extractor, templates refer only to values known at that point, and the output is a source. Errors are keyed
 * like {@code steps[2].css} and name the step ("step 2 'ticket': …").
 */
final class RecipeValidator {

    static final Set<String> BUILT_INS = Set.of("page", "page.origin", "page.host", "page.path");
    private static final Pattern STEP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?P?<([a-zA-Z][a-zA-Z0-9]*)>");

    private RecipeValidator() {
    }

    static void validate(Recipe recipe) {
        validate(recipe, "");
    }

    /** Validates with every field key prefixed by {@code prefix} (e.g. {@code recipes[1].} on import). */
    static void validate(Recipe recipe, String prefix) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String label = prefix.isEmpty() ? "" : "recipe '" + recipe.name() + "', ";
        if (recipe.name() == null || SiteKey.normalize(recipe.name()).isEmpty() || recipe.name().strip().length() > 100) {
            errors.add(prefix + "name", label + "name: give the recipe a name of letters, digits, spaces, '.', '_', ':' "
                    + "or '-' (at most 100 characters); site accounts for it are stored under this name");
        }
        Set<String> known = new HashSet<>(BUILT_INS);
        if (recipe.urlPattern() == null || recipe.urlPattern().isBlank()) {
            errors.add(prefix + "urlPattern", label + "urlPattern: give a regular expression the page URLs match");
        } else {
            try {
                com.google.re2j.Pattern.compile(recipe.urlPattern());
                known.addAll(namedGroups(recipe.urlPattern()));
            } catch (com.google.re2j.PatternSyntaxException e) {
                errors.add(prefix + "urlPattern", label + "urlPattern: " + regexProblem(e));
            }
        }
        if (recipe.login() != null) {
            login(recipe.login(), prefix, label, errors);
        }
        List<RecipeStep> steps = recipe.stepsOrEmpty();
        for (int i = 0; i < steps.size(); i++) {
            step(steps.get(i), i + 1, known, prefix + "steps[" + (i + 1) + "].", label, errors);
        }
        try {
            for (Template word : RecipeOutput.parse(recipe.output())) {
                for (String name : word.names()) {
                    if (!known.contains(name)) {
                        errors.add(prefix + "output", label + "output: {" + name + "} is not a step, a named group of "
                                + "the URL pattern or a built-in value");
                    }
                }
            }
        } catch (RecipeOutput.Invalid e) {
            errors.add(prefix + "output", label + "output: " + e.getMessage());
        }
        errors.throwIfAny();
    }

    private static void step(RecipeStep step, int number, Set<String> known, String key, String label,
            FieldErrors.Builder errors) {
        String name = step == null ? null : step.name();
        String which = label + "step " + number + (name == null ? "" : " '" + name + "'") + ": ";
        if (step == null) {
            errors.add(key + "name", which + "is empty");
            return;
        }
        if (name == null || !STEP_NAME.matcher(name).matches()) {
            errors.add(key + "name", which + "give it a name of letters, digits and '_' starting with a letter");
        } else if (known.contains(name)) {
            errors.add(key + "name", which + "the name '" + name + "' is already taken by an earlier value");
        }
        if (step.url() != null && step.from() != null) {
            errors.add(key + "url", which + "give either url (what to fetch) or from (an earlier value), not both");
        }
        if (step.url() != null) {
            templateRefs(step.url(), known, key + "url", which + "url: ", errors);
        }
        if (step.from() != null && !known.contains(step.from())) {
            errors.add(key + "from", which + "from: '" + step.from() + "' is not an earlier value");
        }
        List<String> extractors = step.extractors();
        if (extractors.size() != 1) {
            errors.add(key + "css", which + "give exactly one of css, regex, xpath or json"
                    + (extractors.isEmpty() ? "" : " (it has " + String.join(", ", extractors) + ")"));
        } else {
            extractor(step, key, which, errors);
        }
        if (name != null) {
            known.add(name);
        }
    }

    private static void extractor(RecipeStep step, String key, String which, FieldErrors.Builder errors) {
        if (step.css() != null) {
            cssSyntax(step.css(), key + "css", which + "css: ", errors);
        } else if (step.regex() != null) {
            try {
                int groups = com.google.re2j.Pattern.compile(step.regex()).groupCount();
                if (step.group() != null && (step.group() < 0 || step.group() > groups)) {
                    errors.add(key + "group", which + "group " + step.group() + " does not exist; the regex has "
                            + groups + " group(s)");
                }
            } catch (com.google.re2j.PatternSyntaxException e) {
                errors.add(key + "regex", which + "regex: " + regexProblem(e));
            }
        } else if (step.xpath() != null) {
            try {
                XPathFactory.newInstance().newXPath().compile(step.xpath());
            } catch (XPathExpressionException e) {
                errors.add(key + "xpath", which + "xpath: '" + step.xpath() + "' is not a valid XPath expression");
            }
        } else {
            try {
                JsonPointer.compile(step.json());
            } catch (IllegalArgumentException e) {
                errors.add(key + "json", which + "json: '" + step.json() + "' is not a JSON pointer (it starts with '/', "
                        + "e.g. /data/url)");
            }
        }
        if (step.attribute() != null && step.css() == null) {
            errors.add(key + "attribute", which + "attribute only goes with css");
        }
        if (step.group() != null && step.regex() == null) {
            errors.add(key + "group", which + "group only goes with regex");
        }
    }

    private static void login(LoginSpec login, String prefix, String label, FieldErrors.Builder errors) {
        for (String[] url : new String[][] {{"url", login.url()}, {"checkUrl", login.checkUrl()}}) {
            if (url[1] == null && url[0].equals("checkUrl")) {
                continue;
            }
            try {
                URI uri = url[1] == null ? null : new URI(url[1]);
                if (uri == null || uri.getHost() == null || !uri.getScheme().matches("(?i)https?")) {
                    throw new java.net.URISyntaxException(String.valueOf(url[1]), "not http");
                }
            } catch (java.net.URISyntaxException e) {
                errors.add(prefix + "login." + url[0], label + "login." + url[0] + ": give the http:// or https:// address "
                        + (url[0].equals("url") ? "of the page with the login form" : "of a page only logged-in visitors see"));
            }
        }
        if (login.form() != null) {
            cssSyntax(login.form(), prefix + "login.form", label + "login.form: ", errors);
        }
        SuccessCheck success = login.success();
        if (success != null) {
            if (success.setFields().size() > 1) {
                errors.add(prefix + "login.success", label + "login.success: give one check, not "
                        + String.join(" and ", success.setFields()));
            }
            for (String selector : new String[] {success.selector(), success.noSelector()}) {
                if (selector != null) {
                    cssSyntax(selector, prefix + "login.success", label + "login.success: ", errors);
                }
            }
        }
    }

    private static void cssSyntax(String css, String key, String which, FieldErrors.Builder errors) {
        try {
            QueryParser.parse(css);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            errors.add(key, which + "'" + css + "' is not a valid CSS selector (" + e.getMessage() + ")");
        }
    }

    private static void templateRefs(String text, Set<String> known, String key, String which, FieldErrors.Builder errors) {
        try {
            for (String name : Template.parse(text).names()) {
                if (!known.contains(name)) {
                    errors.add(key, which + "{" + name + "} is not an earlier step, a named group of the URL pattern "
                            + "or a built-in value");
                }
            }
        } catch (Template.Invalid e) {
            errors.add(key, which + e.getMessage());
        }
    }

    /** The names of the named groups {@code (?<name>…)} in a regular expression. */
    /**
     * Why a regular expression is refused. Recipes run on RE2/J, whose time is linear in the text, so a pattern
     * cannot hang a worker on a hostile page; it has no look-around and no back-references, which need backtracking.
     */
    private static String regexProblem(com.google.re2j.PatternSyntaxException e) {
        String description = e.getDescription();
        String pattern = e.getPattern() == null ? "" : e.getPattern();
        String unsupported;
        if (pattern.startsWith("(?=") || pattern.startsWith("(?!") || pattern.startsWith("(?<=")
                || pattern.startsWith("(?<!")) {
            unsupported = "look-around ((?=…), (?!…), (?<=…), (?<!…))";
        } else if (pattern.matches("\\\\[1-9].*")) {
            unsupported = "a back-reference (\\1…)";
        } else {
            return "not a valid regular expression: " + description + " at '" + pattern + "'";
        }
        return "not a regular expression recipes can run: " + unsupported + " is not supported (recipes use RE2 "
                + "syntax, which runs in time linear in the page; it has no look-around and no back-references)";
    }

    static List<String> namedGroups(String regex) {
        List<String> names = new ArrayList<>();
        Matcher m = NAMED_GROUP.matcher(regex);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
