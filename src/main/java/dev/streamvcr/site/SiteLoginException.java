package dev.streamvcr.site;

/**
 * Logging in to a site on a user's behalf failed. The message reads {@code login failed for <site>: <why>}, worded
 * for the person whose account it is (wrong password, no account stored, the site's own error text).
 */
public class SiteLoginException extends SiteException {

    private final String site;

    public SiteLoginException(String site, String why) {
        super("login failed for " + site + ": " + why);
        this.site = site;
    }

    /** The same failure passed on (e.g. from a stored resolution): {@code message} is already worded as above. */
    public SiteLoginException(String message) {
        super(message);
        this.site = null;
    }

    /** The site key the login was for (a host name or a recipe's name); null when passed on by message. */
    public String site() {
        return site;
    }
}
