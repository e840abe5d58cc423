package dev.streamvcr.site.login;

import dev.streamvcr.site.CookieJar;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteLoginException;
import dev.streamvcr.site.SiteSession;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

/**
 * Logs in through a site's HTML form the way a browser would: loads the page, finds the form, keeps its hidden
 * fields (CSRF tokens and the like), fills in user name and password, submits it and judges the answer.
 */
public final class FormLogin {

    private static final Pattern USER_FIELD = Pattern.compile("user|login|mail|account|name|id", Pattern.CASE_INSENSITIVE);
    private static final String SITE_MESSAGES = "[role=alert], .error, .errors, .alert, .flash, .message, .notice, "
            + "#error, .login-error, .form-error";

    private FormLogin() {
    }

    /** Whether the page carries a form with a password field: a login form. */
    public static boolean hasPasswordField(Document doc) {
        return doc.selectFirst("form input[type=password]") != null;
    }

    static boolean showsLoginForm(FetchedPage page) {
        String type = page.contentType() == null ? "" : page.contentType().toLowerCase(Locale.ROOT);
        return type.contains("html") && hasPasswordField(Jsoup.parse(page.text(), page.uri().toString()));
    }

    /**
     * Logs in; returns the page the site answered with, or throws with a message that names {@code site}. The form
     * is read at {@code spec.url()} and the credentials go only to {@code target}'s origin: a form (or a redirect on
     * the way to it) that would send them elsewhere fails the login before anything is sent.
     */
    static FetchedPage login(SiteSession session, CookieJar jar, LoginSpec spec, LoginTarget target, String site,
            String username, String password) throws SiteException {
        URI formPage = URI.create(spec.url());
        if (!target.sameOrigin(formPage)) {
            throw failed(site, "the login page " + formPage + " is not on " + target.origin()
                    + ", the site of the login page saved with your account");
        }
        FetchedPage page = session.get(formPage);
        if (!page.ok()) {
            throw failed(site, "the login page " + formPage + " answered HTTP " + page.status());
        }
        Document doc = Jsoup.parse(page.text(), page.uri().toString());
        Element form = findForm(doc, spec.form());
        if (form == null) {
            throw failed(site, "no login form found at " + formPage
                    + (spec.form() == null ? "" : " (nothing matches '" + spec.form() + "')"));
        }
        Map<String, String> fields = fieldsOf(form);
        String passwordField = Optional.ofNullable(spec.passwordField())
                .or(() -> Optional.ofNullable(form.selectFirst("input[type=password][name]")).map(e -> e.attr("name")))
                .orElseThrow(() -> failed(site, "the login form at " + formPage + " has no password field"));
        String usernameField = Optional.ofNullable(spec.usernameField()).or(() -> userField(form))
                .orElseThrow(() -> failed(site, "the login form at " + formPage + " has no user name field; "
                        + "name it in the login settings"));
        fields.put(usernameField, username);
        fields.put(passwordField, password);

        String action = form.attr("action").isBlank() ? page.uri().toString() : form.absUrl("action");
        URI submitTo;
        try {
            submitTo = URI.create(action);
        } catch (IllegalArgumentException e) {
            throw failed(site, "the login form's address '" + form.attr("action") + "' is not valid");
        }
        if (!target.sameOrigin(submitTo)) {
            throw failed(site, "the login form at " + page.uri() + " would send your password to " + action
                    + ", not to " + target.origin() + " (the login page saved with your account); nothing was sent");
        }
        FetchedPage answer = "get".equalsIgnoreCase(form.attr("method"))
                ? session.get(withQuery(submitTo, fields)) : session.post(submitTo, fields);
        if (answer.status() >= 400) {
            throw failed(site, siteSaid(answer).orElse("the site answered HTTP " + answer.status()));
        }
        Document result = Jsoup.parse(answer.text(), answer.uri().toString());
        Optional<String> failure = spec.successOrDefault().failure(answer, result, jar);
        if (failure.isPresent()) {
            throw failed(site, siteSaid(answer).orElse(failure.get()));
        }
        return answer;
    }

    private static Element findForm(Document doc, String selector) {
        if (selector != null) {
            try {
                Element named = doc.selectFirst(selector);
                return named == null ? null : named.is("form") ? named : named.closest("form");
            } catch (Selector.SelectorParseException e) {
                return null;
            }
        }
        Element password = doc.selectFirst("form input[type=password]");
        return password == null ? null : password.closest("form");
    }

    /** What a browser would submit without typing: hidden and pre-filled inputs, checked boxes, selected options. */
    private static Map<String, String> fieldsOf(Element form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[name], select[name], textarea[name]")) {
            String type = input.attr("type").toLowerCase(Locale.ROOT);
            if (input.is("select")) {
                Element option = Optional.ofNullable(input.selectFirst("option[selected]")).orElse(input.selectFirst("option"));
                if (option != null) {
                    fields.put(input.attr("name"), option.hasAttr("value") ? option.attr("value") : option.text());
                }
            } else if (input.is("textarea")) {
                fields.put(input.attr("name"), input.text());
            } else if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                continue;
            } else if (!type.equals("submit") && !type.equals("button") && !type.equals("image") && !type.equals("file")) {
                fields.put(input.attr("name"), input.attr("value"));
            }
        }
        Element submit = form.selectFirst("button[type=submit][name], input[type=submit][name], button:not([type])[name]");
        if (submit != null) {
            fields.put(submit.attr("name"), submit.attr("value"));
        }
        return fields;
    }

    private static Optional<String> userField(Element form) {
        Optional<Element> best = Optional.empty();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type").toLowerCase(Locale.ROOT);
            if (!(type.isEmpty() || type.equals("text") || type.equals("email") || type.equals("tel"))) {
                continue;
            }
            if (USER_FIELD.matcher(input.attr("name")).find() || input.attr("autocomplete").equals("username")) {
                return Optional.of(input.attr("name"));
            }
            if (best.isEmpty()) {
                best = Optional.of(input);
            }
        }
        return best.map(e -> e.attr("name"));
    }

    /** The first message the site put in an alert/error box, as the user would read it. */
    private static Optional<String> siteSaid(FetchedPage answer) {
        Document doc = Jsoup.parse(answer.text(), answer.uri().toString());
        return doc.select(SITE_MESSAGES).stream().map(Element::text).map(String::strip).filter(t -> !t.isEmpty())
                .findFirst().map(t -> "the site said '" + (t.length() > 200 ? t.substring(0, 200) + "…" : t) + "'");
    }

    private static URI withQuery(URI target, Map<String, String> fields) {
        StringBuilder query = new StringBuilder();
        fields.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String base = target.toString().replaceFirst("[?#].*$", "");
        return URI.create(base + "?" + query);
    }

    static SiteLoginException failed(String site, String why) {
        return new SiteLoginException(site, why);
    }
}
