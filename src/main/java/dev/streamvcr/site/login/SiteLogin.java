package dev.streamvcr.site.login;

import dev.streamvcr.outbound.CookieStore;
import dev.streamvcr.site.FetchedPage;
import dev.streamvcr.site.HttpSiteSession;
import dev.streamvcr.site.PageFetcher;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteLoginException;
import dev.streamvcr.site.SiteSession;
import dev.streamvcr.site.StreamAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jsoup.Jsoup;

/**
 * Logged-in sessions for (owner, site). Cookies of a working login are kept (sealed) and reused; when a page
 * shows the login form again, or the success check fails, the server logs in again with the stored password.
 * The password goes only to the origin of the login page the owner saved with the account ({@code https://<site>/}
 * for a host), through the login allow-list; a recipe named like the site may say how the form looks and, on that
 * same origin, where it is, but never where the password goes.
 */
@ApplicationScoped
public class SiteLogin {

    private static final Logger LOG = Logger.getLogger(SiteLogin.class);

    @Inject
    SiteAccounts accounts;

    @Inject
    PageFetcher fetcher;

    @Inject
    Instance<LoginRecipes> recipes;

    /** The result of a login check, worded for the user. */
    public record Outcome(boolean ok, String message) {
    }

    /**
     * A session logged in as the owner's account for {@code site}; logs in now unless kept cookies exist, and
     * again (once per session) when a page answers with the login form.
     */
    public SiteSession session(long ownerId, String site) throws SiteException {
        SiteAccounts.Credentials credentials = credentials(ownerId, site);
        LoginTarget target = target(credentials);
        LoginSpec spec = spec(credentials, target);
        HttpSiteSession session = new HttpSiteSession(fetcher, credentials.cookies());
        if (credentials.cookies().isEmpty()) {
            login(credentials, spec, target);
        }
        return new LoggedIn(credentials, spec, target, session);
    }

    /** Checks that the owner's login to {@code site} works, renewing it when the kept session ran out. */
    public Outcome verify(long ownerId, String site) {
        try {
            SiteAccounts.Credentials credentials = credentials(ownerId, site);
            LoginTarget target = target(credentials);
            LoginSpec spec = spec(credentials, target);
            HttpSiteSession session = new HttpSiteSession(fetcher, credentials.cookies());
            if (!credentials.cookies().isEmpty()) {
                String check = spec.checkUrl() != null ? spec.checkUrl()
                        : credentials.landingUrl() != null ? credentials.landingUrl() : spec.url();
                FetchedPage page = session.get(URI.create(check));
                if (page.ok() && spec.successOrDefault()
                        .failure(page, Jsoup.parse(page.text(), page.uri().toString()), credentials.cookies()).isEmpty()) {
                    accounts.remember(credentials, null, null);
                    return new Outcome(true, "logged in to " + site + " (the kept session still works)");
                }
                credentials.cookies().clear();
            }
            login(credentials, spec, target);
            return new Outcome(true, "logged in to " + site);
        } catch (SiteException e) {
            return new Outcome(false, e.getMessage());
        }
    }

    /**
     * The site key a reservation of {@code page} by {@code ownerId} logs in to: the recipe with a login that
     * matches the page, else the owner's account for the page's host and port ({@link SiteAccounts#siteOf}); empty
     * when none is needed. Only a page is read logged in: a stream address booked directly ({@code rtmp://},
     * {@code rtmps://}, an {@code .m3u8} playlist) is played as it is, whatever accounts its host has.
     */
    public Optional<String> siteNeedingLogin(long ownerId, URI page) {
        if (!StreamAddress.isPage(page.toString())) {
            return Optional.empty();
        }
        Optional<String> recipe = recipes.isResolvable() ? recipes.get().siteNeedingLogin(page) : Optional.empty();
        if (recipe.isPresent()) {
            return recipe;
        }
        return accounts.siteOf(ownerId, page);
    }

    private SiteAccounts.Credentials credentials(long ownerId, String site) throws SiteException {
        String key = SiteKey.normalize(site).orElseThrow(() -> new SiteException("'" + site + "' is not a site name."));
        try {
            return accounts.credentials(ownerId, key).orElseThrow(() -> new SiteLoginException(key,
                    "no account is stored for it; add one on the Site accounts page"));
        } catch (SecretBox.Unreadable e) {
            throw new SiteLoginException(key, "the stored password cannot be read (" + e.getMessage()
                    + "); enter it again on the Site accounts page");
        }
    }

    /** The login page the owner saved, checked again (its host may have moved since). */
    private static LoginTarget target(SiteAccounts.Credentials c) throws SiteException {
        URI page;
        if (c.loginUrl() != null) {
            page = URI.create(c.loginUrl());
        } else if (LoginTarget.namesHost(c.site())) {
            page = LoginTarget.defaultPage(c.site());
        } else {
            throw new SiteLoginException(c.site(), "no login page is saved with the account; add it on the Site "
                    + "accounts page (your password is sent nowhere else)");
        }
        LoginTarget target = new LoginTarget(page, c.allowHttp());
        Optional<String> problem = LoginTarget.problem(page, c.allowHttp());
        if (problem.isPresent()) {
            throw new SiteLoginException(c.site(), problem.get() + " Change it on the Site accounts page");
        }
        return target;
    }

    /** How to log in: a recipe's settings when one is named like the site, on the saved page unless the recipe's is of its origin. */
    private LoginSpec spec(SiteAccounts.Credentials c, LoginTarget target) {
        Optional<LoginSpec> fromRecipe = recipes.isResolvable() ? recipes.get().loginFor(c.site()) : Optional.empty();
        if (fromRecipe.isEmpty()) {
            return LoginSpec.at(target.page().toString());
        }
        LoginSpec r = fromRecipe.get();
        String url = r.url() != null && sameOrigin(target, r.url()) ? r.url() : target.page().toString();
        return new LoginSpec(url, r.form(), r.usernameField(), r.passwordField(), r.success(), r.checkUrl());
    }

    private static boolean sameOrigin(LoginTarget target, String url) {
        try {
            return target.sameOrigin(new URI(url));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void login(SiteAccounts.Credentials c, LoginSpec spec, LoginTarget target) throws SiteException {
        c.cookies().clear();
        FetchedPage landing;
        try {
            HttpSiteSession session = new HttpSiteSession(fetcher.forLogins(), c.cookies());
            landing = FormLogin.login(session, c.cookies(), spec, target, c.site(), c.username(), c.password());
        } catch (SiteException e) {
            // a site that cannot be reached is a failed login too, said the same way
            SiteLoginException failed = e instanceof SiteLoginException login ? login
                    : new SiteLoginException(c.site(), e.getMessage());
            LOG.infof("Site login of account %d (owner %d) to %s failed: %s", c.id(), c.ownerId(), c.site(),
                    failed.getMessage());
            c.cookies().clear(); // nothing of a failed login is worth keeping: the next use logs in afresh
            accounts.remember(c, null, failed.getMessage());
            throw failed;
        }
        accounts.remember(c, landing.uri(), null);
    }

    /** The session handed out: re-logs in once when a page shows the login form, keeps the cookies it collects. */
    private final class LoggedIn implements SiteSession {
        private final SiteAccounts.Credentials credentials;
        private final LoginSpec spec;
        private final LoginTarget target;
        private final HttpSiteSession session;
        private boolean renewed;

        LoggedIn(SiteAccounts.Credentials credentials, LoginSpec spec, LoginTarget target, HttpSiteSession session) {
            this.credentials = credentials;
            this.spec = spec;
            this.target = target;
            this.session = session;
        }

        @Override
        public FetchedPage get(URI uri) throws SiteException {
            FetchedPage page = session.get(uri);
            if (!renewed && FormLogin.showsLoginForm(page)) {
                renewed = true;
                LOG.debugf("Kept login to %s ran out; logging in again", credentials.site());
                login(credentials, spec, target);
                page = session.get(uri);
            }
            keep();
            return page;
        }

        @Override
        public FetchedPage post(URI uri, Map<String, String> form) throws SiteException {
            FetchedPage page = session.post(uri, form);
            keep();
            return page;
        }

        /** The login's jar: a stream or watch session found through this session is fetched logged in too. */
        @Override
        public CookieStore cookies() {
            return session.cookies();
        }

        @Override
        public Optional<String> loggedInTo() {
            return Optional.of(credentials.site());
        }

        private void keep() {
            if (credentials.cookies().changed()) {
                accounts.remember(credentials, null, null);
            }
        }
    }
}
