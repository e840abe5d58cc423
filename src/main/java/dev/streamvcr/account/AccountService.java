package dev.streamvcr.account;

import dev.streamvcr.web.FieldErrors;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** People and their passwords: creating accounts, listing them, checking a login. */
@ApplicationScoped
public class AccountService {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");
    private static final int MIN_PASSWORD = 8;
    /** bcrypt reads no further than 72 bytes (a longer password would silently lose its end). */
    static final int MAX_PASSWORD_BYTES = 72;
    /** Only for checking logins of accounts whose password was set before the 72-byte rule. */
    private static final int MAX_LEGACY_PASSWORD = 200;
    /** bcrypt's cost: 2^12 rounds, about a quarter second; hashes of a lower cost are redone at the next login. */
    static final int HASH_COST = 12;
    /** Compared against when the account does not exist, so a miss costs as much time as a wrong password. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("streamvcr-no-such-user", HASH_COST);

    @Inject
    LoginThrottle throttle;

    @Inject
    Event<AccountChanged> changes;

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
        checkNewPassword(errors, "password", password);
        Role role = null;
        try {
            role = Role.fromId(request.role() == null || request.role().isBlank() ? "user" : request.role().strip());
        } catch (IllegalArgumentException e) {
            errors.add("role", "Role must be 'user' or 'admin'.");
        }
        errors.throwIfAny();
        return store(username, password, role);
    }

    /**
     * Creates an account without the length minimum; for the first admin, whose password an operator chose.
     *
     * @throws IllegalArgumentException when the password is longer than bcrypt can take
     */
    @Transactional
    public AppUser createInitialAdmin(String username, String password) {
        if (tooLong(password)) {
            throw new IllegalArgumentException("STREAMVCR_ADMIN_PASSWORD is longer than " + MAX_PASSWORD_BYTES
                    + " bytes, more than a password hash can take; choose a shorter one.");
        }
        return store(username, password, Role.ADMIN);
    }

    /** Adds an error under {@code field} when {@code password} is too short or longer than bcrypt can take. */
    static void checkNewPassword(FieldErrors.Builder errors, String field, String password) {
        if (password.length() < MIN_PASSWORD) {
            errors.add(field, "Use a password of at least " + MIN_PASSWORD + " characters.");
        } else if (tooLong(password)) {
            errors.add(field, "Use a password of at most " + MAX_PASSWORD_BYTES + " bytes (72 plain letters or "
                    + "digits; accented letters and other scripts take 2–4 bytes each): longer ones would be cut short.");
        }
    }

    /**
     * Changes the viewer's own password once the current one is given right, and ends every other session of theirs
     * (the one this request came with stays; API tokens stay, each revocable on its own).
     *
     * @return how many other sessions were ended
     * @throws FieldErrors naming {@code currentPassword} or {@code newPassword}
     */
    @Transactional
    public long changePassword(Viewer viewer, String currentPassword, String newPassword) {
        AppUser user = AppUser.findById(viewer.id());
        if (user == null) {
            throw new dev.streamvcr.web.NotFound("Your account no longer exists.");
        }
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String current = currentPassword == null ? "" : currentPassword;
        String next = newPassword == null ? "" : newPassword;
        boolean currentRight = !current.isEmpty() && current.length() <= MAX_LEGACY_PASSWORD
                && BcryptUtil.matches(current, user.passwordHash);
        if (!currentRight) {
            errors.add("currentPassword", "That is not your current password.");
        }
        checkNewPassword(errors, "newPassword", next);
        if (currentRight && !errors.has("newPassword") && next.equals(current)) {
            errors.add("newPassword", "Choose a password different from the current one.");
        }
        if (!currentRight) {
            changes.fire(new AccountChanged(viewer, AccountChanged.Kind.PASSWORD_CHANGE, false,
                    "own password: wrong current password"));
        }
        errors.throwIfAny();
        user.passwordHash = BcryptUtil.bcryptHash(next, HASH_COST);
        user.mustChangePassword = false;
        long ended = AccessToken.delete("user.id = ?1 and kind = ?2 and id <> ?3", user.id, AccessToken.SESSION,
                viewer.tokenId());
        changes.fire(new AccountChanged(viewer, AccountChanged.Kind.PASSWORD_CHANGE, true,
                "own password; " + ended + " other session" + (ended == 1 ? "" : "s") + " ended"));
        return ended;
    }

    static boolean tooLong(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }

    private static AppUser store(String username, String password, Role role) {
        AppUser user = new AppUser();
        user.username = username;
        user.passwordHash = BcryptUtil.bcryptHash(password, HASH_COST);
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
     * address has failed too often; waits first when the account is being guessed at from many addresses; returns
     * the user only when the password matches. Not one transaction: no database connection is held while waiting.
     */
    public Optional<AppUser> login(String username, String password, String address) {
        String name = username == null ? "" : username.strip();
        pause(throttle.attempt(name, address));
        Optional<AppUser> user = name.isEmpty() ? Optional.empty() : AppUser.findByUsername(name);
        String hash = user.map(u -> u.passwordHash).orElse(DUMMY_HASH);
        boolean matches = password != null && !password.isEmpty() && password.length() <= MAX_LEGACY_PASSWORD
                && BcryptUtil.matches(password, hash);
        if (user.isPresent() && matches) {
            throttle.succeeded(name, address);
            if (cost(hash) < HASH_COST && !tooLong(password)) {
                rehash(user.get().id, password);
            }
            return user;
        }
        return Optional.empty();
    }

    /** Stores the password hashed at today's cost; the login that knew the password is the only chance to. */
    @Transactional
    void rehash(long userId, String password) {
        AppUser user = AppUser.findById(userId);
        if (user != null) {
            user.passwordHash = BcryptUtil.bcryptHash(password, HASH_COST);
        }
    }

    /** The cost of a modular-crypt bcrypt hash ({@code $2a$10$…}); 0 when it cannot be read. */
    static int cost(String hash) {
        String[] parts = hash.split("\\$");
        try {
            return parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void pause(java.time.Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
