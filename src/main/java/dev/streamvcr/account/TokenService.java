package dev.streamvcr.account;

import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Issues and checks session and API tokens. The secret goes to the client; the database keeps its SHA-256. */
@ApplicationScoped
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token that was just issued: {@code secret} is shown once and never stored. */
    public record IssuedToken(long id, String secret, Instant expiresAt) {
    }

    private static final Logger LOG = Logger.getLogger(TokenService.class);
    /** How stale a token's last-used time may get: it is written at most this often, not on every request. */
    static final Duration LAST_USED_GRAIN = Duration.ofMinutes(1);
    /** The longest name an API token may have. */
    public static final int MAX_NAME = 100;

    @Inject
    Event<AccountChanged> changes;

    /** An API token as its owner sees it in the list (never its secret). */
    public record TokenView(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
        static TokenView of(AccessToken token) {
            return new TokenView(token.id, token.name, token.createdAt, token.lastUsedAt, token.expiresAt);
        }
    }

    @Transactional
    public IssuedToken issue(long userId, String kind, Duration ttl) {
        return issue(userId, kind, ttl, null);
    }

    /**
     * Issues a token; {@code name} (API tokens only, optional) tells it apart in its owner's list.
     *
     * @throws FieldErrors naming {@code name} when it is longer than {@value #MAX_NAME} characters
     */
    @Transactional
    public IssuedToken issue(long userId, String kind, Duration ttl, String name) {
        String stripped = name == null || name.isBlank() ? null : name.strip();
        if (stripped != null && (stripped.length() > MAX_NAME || stripped.chars().anyMatch(Character::isISOControl))) {
            throw FieldErrors.of("name", "Use a token name of at most " + MAX_NAME + " characters, on one line.");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        AccessToken token = new AccessToken();
        token.user = AppUser.findById(userId);
        token.kind = kind;
        token.tokenHash = hash(secret);
        token.createdAt = Instant.now();
        token.expiresAt = token.createdAt.plus(ttl);
        token.name = stripped;
        token.persist();
        if (AccessToken.API.equals(kind)) {
            Viewer owner = new Viewer(token.user.id, token.user.username, token.user.isAdmin(), token.id);
            changes.fire(new AccountChanged(owner, AccountChanged.Kind.TOKEN_CREATE, true, "own API token " + token.id
                    + (stripped == null ? "" : " '" + stripped + "'") + ", expires " + token.expiresAt));
        }
        return new IssuedToken(token.id, secret, token.expiresAt);
    }

    /** Who a token belongs to, and whether they must choose a new password before anything else. */
    public record Resolved(Viewer viewer, boolean mustChangePassword) {
    }

    /** The viewer a secret belongs to, if it is known, not expired and its account not disabled. */
    @Transactional
    public Optional<Resolved> resolve(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Optional.empty();
        }
        Optional<AccessToken> found = AccessToken.find("tokenHash", hash(secret)).firstResultOptional();
        Instant now = Instant.now();
        return found.filter(token -> token.expiresAt.isAfter(now) && !token.user.disabled)
                .map(token -> {
                    if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(LAST_USED_GRAIN))) {
                        token.lastUsedAt = now;
                    }
                    return new Resolved(new Viewer(token.user.id, token.user.username, token.user.isAdmin(), token.id),
                            token.user.mustChangePassword);
                });
    }

    @Transactional
    public void revoke(String secret) {
        if (secret != null) {
            AccessToken.delete("tokenHash", hash(secret));
        }
    }

    /** The owner's API tokens that have not expired, newest first. */
    @Transactional
    public List<TokenView> apiTokens(long userId) {
        return AccessToken.<AccessToken>find("user.id = ?1 and kind = ?2 and expiresAt > ?3",
                Sort.by("createdAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending), userId,
                AccessToken.API, Instant.now()).stream().map(TokenView::of).toList();
    }

    /**
     * Revokes one of the viewer's own API tokens.
     *
     * @throws NotFound when the viewer has no such API token (another person's is not found either)
     */
    @Transactional
    public TokenView revoke(Viewer viewer, long tokenId) {
        AccessToken token = ownApiToken(viewer, tokenId);
        TokenView view = TokenView.of(token);
        token.delete();
        changes.fire(new AccountChanged(viewer, AccountChanged.Kind.TOKEN_REVOKE, true,
                "own API token " + tokenId + (view.name() == null ? "" : " '" + view.name() + "'")));
        return view;
    }

    /** One of the viewer's API tokens, as listed; {@link NotFound} for any other. */
    @Transactional
    public TokenView apiToken(Viewer viewer, long tokenId) {
        return TokenView.of(ownApiToken(viewer, tokenId));
    }

    private static AccessToken ownApiToken(Viewer viewer, long tokenId) {
        return AccessToken.<AccessToken>find("id = ?1 and user.id = ?2 and kind = ?3", tokenId, viewer.id(),
                AccessToken.API).firstResultOptional()
                .orElseThrow(() -> new NotFound("You have no API token " + tokenId + "."));
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        long deleted = deleteExpired();
        if (deleted > 0) {
            LOG.infof("Deleted %d expired sessions and API tokens", deleted);
        }
    }

    /** Deletes expired sessions and API tokens; returns how many. */
    @Transactional
    public long deleteExpired() {
        return AccessToken.delete("expiresAt < ?1", Instant.now());
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
