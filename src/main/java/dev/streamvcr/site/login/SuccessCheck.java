package dev.streamvcr.site.login;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.streamvcr.site.CookieJar;
import dev.streamvcr.site.FetchedPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.nodes.Document;

/**
 * How to tell that a login worked, judged on the page the login form led to. At most one field is set:
 * {@code selector} must match an element, {@code noSelector} must not, {@code text} must appear,
 * {@code noText} must not, or {@code cookie} must have been set. With none set: the page has no password field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuccessCheck(String selector, String noSelector, String text, String noText, String cookie) {

    static final SuccessCheck DEFAULT = new SuccessCheck(null, null, null, null, null);

    /** Why the check failed on {@code page}, or empty when it passed. */
    public Optional<String> failure(FetchedPage page, Document doc, CookieJar jar) {
        if (selector != null) {
            return doc.selectFirst(selector) != null ? Optional.empty()
                    : Optional.of("the page has no element matching '" + selector + "'");
        }
        if (noSelector != null) {
            return doc.selectFirst(noSelector) == null ? Optional.empty()
                    : Optional.of("the page still has an element matching '" + noSelector + "'");
        }
        if (text != null) {
            return doc.text().contains(text) ? Optional.empty() : Optional.of("the page does not say '" + text + "'");
        }
        if (noText != null) {
            return !doc.text().contains(noText) ? Optional.empty() : Optional.of("the page says '" + noText + "'");
        }
        if (cookie != null) {
            return jar.has(cookie, page.uri()) ? Optional.empty()
                    : Optional.of("the site did not set the cookie '" + cookie + "'");
        }
        return FormLogin.hasPasswordField(doc) ? Optional.of("the site showed the login form again") : Optional.empty();
    }

    /** The fields that are set, for validation. */
    @JsonIgnore
    public List<String> setFields() {
        List<String> set = new ArrayList<>();
        if (selector != null) {
            set.add("selector");
        }
        if (noSelector != null) {
            set.add("noSelector");
        }
        if (text != null) {
            set.add("text");
        }
        if (noText != null) {
            set.add("noText");
        }
        if (cookie != null) {
            set.add("cookie");
        }
        return set;
    }
}
