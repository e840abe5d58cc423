package dev.streamvcr.site.login;

import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.site.CookieJar;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores each user's site accounts. Every read and change is scoped to the viewer's own accounts — admins
 * included: nobody can see or use another person's site password, and no call ever returns a password.
 */
@ApplicationScoped
public class SiteAccounts {

    static final String PASSWORD = "password";
    static final String COOKIES = "cookies";
    private static final int MAX_PASSWORD = 1000;

    @Inject
    SecretBox box;

    @Inject
    AuditLog audit;

    @Inject
    jakarta.enterprise.inject.Instance<LoginRecipes> recipes;

    /**
     * What a person enters for a new account.
     *
     * @param loginUrl  where the password may be sent; needed for a recipe's name, default {@code https://<site>/}
     * @param allowHttp plain http allowed for a login page on the owner's own network
     */
    public record NewSiteAccount(String site, String username, String password, String loginUrl, Boolean allowHttp) {
        @Override
        public String toString() {
            return "NewSiteAccount[" + site + ", " + username + ", password hidden]";
        }
    }

    /** A change: null fields stay as they are; a new password or user name drops the kept cookies. */
    public record SiteAccountChange(String username, String password, String loginUrl, Boolean allowHttp) {
        @Override
        public String toString() {
            return "SiteAccountChange[" + username + ", password " + (password == null ? "unchanged" : "hidden") + "]";
        }
    }

    /** A stored account with its password opened, for logging in; never leaves the server. */
    public record Credentials(long id, long ownerId, String site, String username, String password, String loginUrl,
            boolean allowHttp, String landingUrl, CookieJar cookies) {
        @Override
        public String toString() {
            return "Credentials[" + site + ", " + username + ", password hidden]";
        }
    }

    @Transactional
    public List<SiteAccount> listOwn(Viewer viewer) {
        return SiteAccount.list("ownerId", Sort.by("site"), viewer.id());
    }

    @Transactional
    public SiteAccount create(Viewer viewer, NewSiteAccount request) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        Optional<String> site = SiteKey.normalize(request.site());
        if (site.isEmpty()) {
            errors.add("site", "Enter the site: its host name (live.example.com) or the name of a site recipe.");
        } else if (SiteAccount.count("ownerId = ?1 and site = ?2", viewer.id(), site.get()) > 0) {
            errors.add("site", "You already have an account for " + site.get() + "; replace its password or delete it.");
        }
        String username = checkUsername(request.username(), errors);
        checkPassword(request.password(), errors);
        boolean allowHttp = Boolean.TRUE.equals(request.allowHttp());
        String loginUrl = checkLoginUrl(site.orElse(null), request.loginUrl(), allowHttp, errors);
        errors.throwIfAny();
        SiteAccount account = new SiteAccount();
        account.ownerId = viewer.id();
        account.site = site.get();
        account.username = username;
        account.loginUrl = loginUrl;
        account.allowHttp = allowHttp;
        account.createdAt = Instant.now();
        account.updatedAt = account.createdAt;
        account.passwordSealed = new byte[0];
        account.persist(); // the sequence gives the ID now, so the password is sealed for this very row
        account.passwordSealed = box.seal(request.password(), account.context(PASSWORD));
        audit.note(viewer, AuditLog.Action.SITE_ACCOUNT_CREATE, AuditLog.Subject.named(account.site),
                "login '" + account.username + "'" + (account.loginUrl == null ? "" : ", login page " + account.loginUrl));
        return account;
    }

    @Transactional
    public SiteAccount update(Viewer viewer, long id, SiteAccountChange change) {
        SiteAccount account = own(viewer, id);
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String username = change.username() == null || change.username().isBlank() ? account.username
                : checkUsername(change.username(), errors);
        if (change.password() != null && !change.password().isEmpty()) {
            checkPassword(change.password(), errors);
        }
        boolean allowHttp = change.allowHttp() == null ? account.allowHttp : change.allowHttp();
        String loginUrl = checkLoginUrl(account.site, change.loginUrl() == null ? account.loginUrl : change.loginUrl(),
                allowHttp, errors);
        errors.throwIfAny();
        boolean credentialsChanged = !username.equals(account.username)
                || (change.password() != null && !change.password().isEmpty())
                || !java.util.Objects.equals(loginUrl, account.loginUrl);
        account.username = username;
        account.loginUrl = loginUrl;
        account.allowHttp = allowHttp;
        if (change.password() != null && !change.password().isEmpty()) {
            account.passwordSealed = box.seal(change.password(), account.context(PASSWORD));
        }
        if (credentialsChanged) {
            account.cookiesSealed = null;
            account.landingUrl = null;
            account.lastError = null;
        }
        account.updatedAt = Instant.now();
        audit.note(viewer, AuditLog.Action.SITE_ACCOUNT_UPDATE, AuditLog.Subject.named(account.site), "login '"
                + account.username + "'" + (change.password() != null && !change.password().isEmpty()
                        ? ", password replaced" : "") + (account.loginUrl == null ? "" : ", login page " + account.loginUrl)
                + (account.allowHttp ? ", plain http allowed" : ""));
        return account;
    }

    @Transactional
    public void delete(Viewer viewer, long id) {
        SiteAccount account = own(viewer, id);
        account.delete();
        audit.note(viewer, AuditLog.Action.SITE_ACCOUNT_DELETE, AuditLog.Subject.named(account.site),
                "login '" + account.username + "'");
    }

    @Transactional
    public SiteAccount own(Viewer viewer, long id) {
        return SiteAccount.<SiteAccount>find("id = ?1 and ownerId = ?2", id, viewer.id()).firstResultOptional()
                .orElseThrow(() -> new NotFound("You have no site account " + id + "."));
    }

    /** The viewer's account {@code id}, or null when there is none (deleted meanwhile, or someone else's). */
    @Transactional
    public SiteAccount ownOrNull(Viewer viewer, long id) {
        return SiteAccount.<SiteAccount>find("id = ?1 and ownerId = ?2", id, viewer.id()).firstResultOptional().orElse(null);
    }

    /** The owner's account for {@code site} with its secrets opened, if stored. */
    @Transactional
    public Optional<Credentials> credentials(long ownerId, String site) throws SecretBox.Unreadable {
        Optional<SiteAccount> found = SiteAccount.find("ownerId = ?1 and site = ?2", ownerId, site).firstResultOptional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SiteAccount a = found.get();
        String password = box.openText(a.passwordSealed, a.context(PASSWORD));
        CookieJar jar;
        try {
            jar = a.cookiesSealed == null ? new CookieJar() : CookieJar.fromBytes(box.open(a.cookiesSealed, a.context(COOKIES)));
        } catch (SecretBox.Unreadable e) {
            jar = new CookieJar(); // cookies are only a convenience: log in afresh
        }
        return Optional.of(new Credentials(a.id, a.ownerId, a.site, a.username, password, a.loginUrl, a.allowHttp,
                a.landingUrl, jar));
    }

    /**
     * The key of the owner's account for the host and port of {@code page} ({@link SiteKey#appliesTo}), if any.
     * An account with the port in its key wins over one that names only the host.
     */
    @Transactional
    public Optional<String> siteOf(long ownerId, URI page) {
        Optional<String> host = SiteKey.ofPage(page).map(SiteKey::host);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        List<SiteAccount> named = SiteAccount.list("ownerId = ?1 and (site = ?2 or site like ?3)", ownerId, host.get(),
                host.get() + ":%");
        return named.stream().filter(a -> SiteKey.appliesTo(a.site, a.loginUrl, page)).map(a -> a.site)
                .max(java.util.Comparator.comparingInt(String::length));
    }

    /** Whether the owner stored an account for {@code site}. */
    @Transactional
    public boolean has(long ownerId, String site) {
        return SiteAccount.count("ownerId = ?1 and site = ?2", ownerId, site) > 0;
    }

    /**
     * Keeps the jar (sealed) and the outcome of the last login; {@code error} null means it worked, and
     * {@code landing} (when not null) is where a successful login led.
     */
    @Transactional
    public void remember(Credentials credentials, URI landing, String error) {
        SiteAccount.<SiteAccount>find("id = ?1 and ownerId = ?2", credentials.id(), credentials.ownerId())
                .firstResultOptional().ifPresent(a -> {
                    a.cookiesSealed = box.seal(credentials.cookies().toBytes(), a.context(COOKIES));
                    if (landing != null) {
                        a.lastLoginAt = Instant.now();
                        a.landingUrl = landing.toString().length() <= 2048 ? landing.toString() : null;
                    }
                    a.lastError = error;
                });
        credentials.cookies().markSaved();
    }

    private static String checkUsername(String username, FieldErrors.Builder errors) {
        String value = username == null ? "" : username.strip();
        if (value.isEmpty() || value.length() > 200) {
            errors.add("username", "Enter the user name you log in to the site with (at most 200 characters).");
        }
        return value;
    }

    private static void checkPassword(String password, FieldErrors.Builder errors) {
        if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD) {
            errors.add("password", "Enter the password you log in to the site with (at most " + MAX_PASSWORD + " characters).");
        }
    }

    /**
     * The login page to keep: the one given, or none for a site named by its host (then {@code https://<site>/});
     * a recipe's name needs one, since only the owner says where their password may go.
     */
    private String checkLoginUrl(String site, String loginUrl, boolean allowHttp, FieldErrors.Builder errors) {
        if (loginUrl == null || loginUrl.isBlank()) {
            if (site != null && !LoginTarget.namesHost(site)) {
                String recipe = recipes.isResolvable() ? recipes.get().loginFor(site).map(LoginSpec::url)
                        .map(url -> " (the recipe '" + site + "' logs in at " + url + ")").orElse("") : "";
                errors.add("loginUrl", "Give the login page your password may be sent to" + recipe + ".");
            } else if (site != null) {
                LoginTarget.problem(LoginTarget.defaultPage(site), allowHttp).ifPresent(p -> errors.add("loginUrl", p));
            }
            return null;
        }
        try {
            URI uri = new URI(loginUrl.strip());
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && loginUrl.length() <= 2048) {
                LoginTarget.problem(uri, allowHttp).ifPresent(p -> errors.add("loginUrl", p));
                return uri.toString();
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        errors.add("loginUrl", "The login page must be an https:// address (at most 2048 characters).");
        return null;
    }}
