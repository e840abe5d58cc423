package dev.streamvcr.account;

import dev.streamvcr.web.FieldErrors;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** People and their passwords: creating accounts, listing them, checking a login. */
@ApplicationScoped
public class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 200;
    /** Compared against when the account does not exist, so a miss costs as much time as a wrong password. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("streamvcr-no-such-user");

    @Inject
    LoginThrottle throttle;

    /** A new account as an admin submitted it; validated before anything is stored. */
    public record NewAccount(String username, String password, String role) {
    }

    @Transactional
    public AppUser create(NewAccount request) {
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String username = request.username() == null ? "" : request.username().strip();
        if (!USERNAME.matcher(username).matches()) {
            errors.add("username", "Use 3–64 letters, digits, dots, dashes or underscores.");
        } else if (AppUser.findByUsername(username).isPresent()) {
            errors.add("username", "The username '" + username + "' is taken.");
        }
        String password = request.password() == null ? "" : request.password();
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            errors.add("password", "Use a password of " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters.");
        }
        Role role = null;
        try {
            role = Role.fromId(request.role() == null || request.role().isBlank() ? "user" : request.role().strip());
        } catch (IllegalArgumentException e) {
            errors.add("role", "Role must be 'user' or 'admin'.");
        }
        errors.throwIfAny();
        return store(username, password, role);
    }

    /** Creates an account without the password rules; for the first admin, whose password an operator chose. */
    @Transactional
    public AppUser createInitialAdmin(String username, String password) {
        return store(username, password, Role.ADMIN);
    }

    private static AppUser store(String username, String password, Role role) {
        AppUser user = new AppUser();
        user.username = username;
        user.passwordHash = BcryptUtil.bcryptHash(password);
        user.role = role.id();
        user.createdAt = Instant.now();
        user.persist();
        return user;
    }

    @Transactional
    public List<AppUser> list() {
        return AppUser.listAll(io.quarkus.panache.common.Sort.by("username"));
    }

    @Transactional
    public boolean anyUser() {
        return AppUser.count() > 0;
    }

    /**
     * Checks a login attempt from {@code address}. Throws {@link dev.streamvcr.web.TooManyRequests} when the
     * account or address has failed too often; returns the user only when the password matches.
     */
    @Transactional
    public Optional<AppUser> login(String username, String password, String address) {
        String name = username == null ? "" : username.strip();
        throttle.attempt(name, address);
        Optional<AppUser> user = name.isEmpty() ? Optional.empty() : AppUser.findByUsername(name);
        String hash = user.map(u -> u.passwordHash).orElse(DUMMY_HASH);
        boolean matches = password != null && !password.isEmpty() && password.length() <= MAX_PASSWORD
                && BcryptUtil.matches(password, hash);
        if (user.isPresent() && matches) {
            throttle.succeeded(name, address);
            return user;
        }
        return Optional.empty();
    }
}
