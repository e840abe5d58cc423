package dev.streamvcr.account;

import dev.streamvcr.web.Conflict;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
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

    @Inject
    Event<AccountLeaving> leaving;

    /** A new account as an admin submitted it; validated before anything is stored. */
    public record NewAccount(String username, String password, String role) {
    }

    @Transactional
    public AppUser create(NewAccount request) {
        return create(null, request);
    }

    /** Creates an account an admin ({@code actor}) asked for; audited. */
    @Transactional
    public AppUser create(Viewer actor, NewAccount request) {
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
        AppUser user = store(username, password, role);
        changes.fire(new AccountChanged(actor, AccountChanged.Kind.ACCOUNT_CREATE, true, "account '" + username
                + "', role " + role.id(), username));
        return user;
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
            throw new NotFound("Your account no longer exists.");
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

    /** One account, for an admin; 404 when there is none. */
    @Transactional
    public AppUser find(long userId) {
        return account(userId);
    }

    /** A refused login of a disabled account: said only to whoever gave the right password. */
    public static final class AccountDisabled extends RuntimeException {
        public AccountDisabled() {
            super("This account is disabled. Ask an admin to enable it.");
        }
    }

    /** The account an admin manages, or 404. */
    static AppUser account(long userId) {
        AppUser user = AppUser.findById(userId);
        if (user == null) {
            throw new NotFound("There is no account " + userId + ".");
        }
        return user;
    }

    /** Whether {@code user} is the only admin who can log in: who must not be disabled, demoted or deleted. */
    static boolean lastAdmin(AppUser user) {
        return user.isAdmin() && !user.disabled && AppUser.count("role = ?1 and disabled = false", Role.ADMIN.id()) <= 1;
    }

    /**
     * Disables or enables an account. Disabling ends all its sessions and API tokens at once.
     *
     * @throws Conflict for the last admin who can log in
     */
    @Transactional
    public AppUser setDisabled(Viewer actor, long userId, boolean disabled) {
        AppUser user = account(userId);
        if (disabled && lastAdmin(user)) {
            refuse(actor, AccountChanged.Kind.ACCOUNT_DISABLE, user, "the last admin");
            throw new Conflict("'" + user.username + "' is the last admin who can log in; make another account an "
                    + "admin before disabling this one.");
        }
        if (user.disabled != disabled) {
            user.disabled = disabled;
            if (disabled) {
                AccessToken.delete("user.id", user.id);
            }
            changes.fire(new AccountChanged(actor, disabled ? AccountChanged.Kind.ACCOUNT_DISABLE
                    : AccountChanged.Kind.ACCOUNT_ENABLE, true, "account '" + user.username + "'", user.username));
        }
        return user;
    }

    /**
     * Gives an account a role.
     *
     * @throws FieldErrors naming {@code role} when it is neither 'user' nor 'admin'
     * @throws Conflict when it would demote the last admin
     */
    @Transactional
    public AppUser changeRole(Viewer actor, long userId, String role) {
        AppUser user = account(userId);
        Role next;
        try {
            next = Role.fromId(role == null ? "" : role.strip());
        } catch (IllegalArgumentException e) {
            throw FieldErrors.of("role", "Role must be 'user' or 'admin'.");
        }
        if (next == Role.USER && lastAdmin(user)) {
            refuse(actor, AccountChanged.Kind.ROLE_CHANGE, user, "the last admin");
            throw new Conflict("'" + user.username + "' is the last admin who can log in; make another account an "
                    + "admin before making this one a user.");
        }
        if (!next.id().equals(user.role)) {
            String before = user.role;
            user.role = next.id();
            // sessions carry the role they were opened with: the account logs in again with the new one
            AccessToken.delete("user.id = ?1 and kind = ?2", user.id, AccessToken.SESSION);
            changes.fire(new AccountChanged(actor, AccountChanged.Kind.ROLE_CHANGE, true,
                    "account '" + user.username + "': " + before + " → " + next.id(), user.username));
        }
        return user;
    }

    /**
     * Sets a password an admin chose; the account must choose its own at its next login. Ends all its sessions and
     * API tokens.
     *
     * @throws FieldErrors naming {@code password} when it is too short or too long
     */
    @Transactional
    public AppUser resetPassword(Viewer actor, long userId, String password) {
        AppUser user = account(userId);
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String next = password == null ? "" : password;
        checkNewPassword(errors, "password", next);
        errors.throwIfAny();
        user.passwordHash = BcryptUtil.bcryptHash(next, HASH_COST);
        user.mustChangePassword = true;
        AccessToken.delete("user.id", user.id);
        changes.fire(new AccountChanged(actor, AccountChanged.Kind.PASSWORD_RESET, true,
                "account '" + user.username + "': must choose a new password at the next login", user.username));
        return user;
    }

    /**
     * Stores the password a person chose after an admin reset theirs; their other sessions end.
     *
     * @throws FieldErrors naming {@code newPassword}
     */
    @Transactional
    public void replaceResetPassword(Viewer viewer, String newPassword) {
        AppUser user = account(viewer.id());
        FieldErrors.Builder errors = new FieldErrors.Builder();
        String next = newPassword == null ? "" : newPassword;
        checkNewPassword(errors, "newPassword", next);
        if (!errors.has("newPassword") && BcryptUtil.matches(next, user.passwordHash)) {
            errors.add("newPassword", "Choose a password of your own, not the one the admin gave you.");
        }
        errors.throwIfAny();
        user.passwordHash = BcryptUtil.bcryptHash(next, HASH_COST);
        user.mustChangePassword = false;
        AccessToken.delete("user.id = ?1 and kind = ?2 and id <> ?3", user.id, AccessToken.SESSION, viewer.tokenId());
        changes.fire(new AccountChanged(viewer, AccountChanged.Kind.PASSWORD_CHANGE, true,
                "own password, after an admin reset it"));
    }

    /** Whether the account must choose a new password before anything else. */
    @Transactional
    public boolean mustChangePassword(long userId) {
        AppUser user = AppUser.findById(userId);
        return user != null && user.mustChangePassword;
    }

    /**
     * Deletes an account. What it owns (reservations, recordings) goes to the admin {@code heirId} or, when that is
     * null, is deleted with it; its site accounts, storage policy, sessions and tokens go with it; its audit entries
     * stay, without the link to the account.
     *
     * @throws Conflict for one's own account or the last admin who can log in
     * @throws FieldErrors naming {@code heir} when it is not another enabled admin
     */
    @Transactional
    public AppUser delete(Viewer actor, long userId, Long heirId) {
        AppUser user = account(userId);
        if (lastAdmin(user)) {
            refuse(actor, AccountChanged.Kind.ACCOUNT_DELETE, user, "the last admin");
            throw new Conflict("'" + user.username + "' is the last admin who can log in; make another account an "
                    + "admin before deleting this one.");
        }
        if (actor.id() == userId) {
            throw new Conflict("You cannot delete your own account; ask another admin.");
        }
        String heirName = null;
        if (heirId != null) {
            AppUser heir = AppUser.findById(heirId);
            if (heir == null || !heir.isAdmin() || heir.disabled || heir.id.equals(user.id)) {
                throw FieldErrors.of("heir", "Choose another enabled admin to hand the recordings to.");
            }
            heirName = heir.username;
        }
        leaving.fire(new AccountLeaving(userId, heirId));
        AccessToken.delete("user.id", user.id);
        String username = user.username;
        // a bulk delete: the observers above changed this person's rows in bulk too, behind the persistence context
        AppUser.delete("id", user.id);
        changes.fire(new AccountChanged(actor, AccountChanged.Kind.ACCOUNT_DELETE, true, "account '" + username + "'; "
                + (heirName == null ? "its reservations and recordings deleted"
                        : "its reservations and recordings handed to '" + heirName + "'"), username));
        return user;
    }

    private void refuse(Viewer actor, AccountChanged.Kind kind, AppUser user, String reason) {
        changes.fire(new AccountChanged(actor, kind, false, "account '" + user.username + "': " + reason, user.username));
    }

    /**
     * Recovery from the command line: sets the password of {@code username} (created if missing) to what the operator
     * configured, makes it an enabled admin that need not change it, and ends its sessions and tokens.
     *
     * @throws IllegalArgumentException when the password is longer than bcrypt can take
     */
    @Transactional
    public void resetAdmin(String username, String password) {
        if (tooLong(password)) {
            throw new IllegalArgumentException("STREAMVCR_ADMIN_PASSWORD is longer than " + MAX_PASSWORD_BYTES
                    + " bytes, more than a password hash can take; choose a shorter one.");
        }
        Optional<AppUser> found = AppUser.findByUsername(username);
        AppUser user = found.orElseGet(() -> store(username, password, Role.ADMIN));
        user.passwordHash = BcryptUtil.bcryptHash(password, HASH_COST);
        user.role = Role.ADMIN.id();
        user.disabled = false;
        user.mustChangePassword = false;
        AccessToken.delete("user.id", user.id);
        changes.fire(new AccountChanged(null, AccountChanged.Kind.ADMIN_RESET, true, "account '" + username + "': "
                + (found.isPresent() ? "password" : "account") + " set from STREAMVCR_ADMIN_PASSWORD at start "
                + "(STREAMVCR_ADMIN_RESET=true)", username));
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
            if (user.get().disabled) {
                throw new AccountDisabled();
            }
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
