package dev.streamvcr.account;

/**
 * Fired (as a CDI event) for every login with a password, let in or refused, so the audit trail can note it without
 * this package knowing the audit. Never carries the password tried.
 *
 * @param username the username as typed (for a refusal, possibly no account's)
 * @param viewer   who got in, or null for a refusal
 * @param via      how: {@link #FORM} or {@link #BASIC}
 * @param refusal  why the login was refused, or null when it was let in
 */
public record LoginAttempt(String username, Viewer viewer, String via, String refusal) {

    /** The login page. */
    public static final String FORM = "login form";
    /** HTTP Basic at the API, for a token. */
    public static final String BASIC = "API token request (HTTP Basic)";

    /** The refusals' reasons. */
    static final String WRONG_PASSWORD = "wrong username or password";
    static final String THROTTLED = "too many failed logins from this address";
    static final String DISABLED = "account disabled";

    static LoginAttempt succeeded(AppUser user, String via) {
        return new LoginAttempt(user.username, new Viewer(user.id, user.username, user.isAdmin(), 0), via, null);
    }

    static LoginAttempt refused(String username, String via, String why) {
        return new LoginAttempt(username, null, via, why);
    }
}
