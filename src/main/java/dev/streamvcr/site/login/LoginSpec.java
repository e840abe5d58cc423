package dev.streamvcr.site.login;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to log in to a site. Only {@code url} is needed: the form is the one with a password field unless
 * {@code form} (a CSS selector) names it, and the user name and password fields are found unless named.
 *
 * @param url           the login page, or any page of the site that carries the login form
 * @param form          CSS selector of the login form, optional
 * @param usernameField the {@code name} of the user name input, optional
 * @param passwordField the {@code name} of the password input, optional
 * @param success       how to tell the login worked, optional (default: the answer has no password field)
 * @param checkUrl      a page only logged-in visitors see, to test kept cookies with; optional (default: the page
 *                      the last login led to)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginSpec(String url, String form, String usernameField, String passwordField, SuccessCheck success,
        String checkUrl) {

    /** Logging in at {@code url}, everything else found on the page. */
    public static LoginSpec at(String url) {
        return new LoginSpec(url, null, null, null, null, null);
    }

    public SuccessCheck successOrDefault() {
        return success == null ? SuccessCheck.DEFAULT : success;
    }
}
