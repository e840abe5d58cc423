package dev.streamvcr.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** Issues and checks session and API tokens. The secret goes to the client; the database keeps its SHA-256. */
@ApplicationScoped
public class TokenService {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token that was just issued: {@code secret} is shown once and never stored. */
    public record IssuedToken(long id, String secret, Instant expiresAt) {
    }

    @Transactional
    public IssuedToken issue(long userId, String kind, Duration ttl) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        AccessToken token = new AccessToken();
        token.user = AppUser.findById(userId);
        token.kind = kind;
        token.tokenHash = hash(secret);
        token.createdAt = Instant.now();
        token.expiresAt = token.createdAt.plus(ttl);
        token.persist();
        return new IssuedToken(token.id, secret, token.expiresAt);
    }

    /** The viewer a secret belongs to, if it is known and not expired. */
    @Transactional
    public Optional<Viewer> resolve(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Optional.empty();
        }
        Optional<AccessToken> found = AccessToken.find("tokenHash", hash(secret)).firstResultOptional();
        return found.filter(token -> token.expiresAt.isAfter(Instant.now()))
                .map(token -> new Viewer(token.user.id, token.user.username, token.user.isAdmin(), token.id));
    }

    @Transactional
    public void revoke(String secret) {
        if (secret != null) {
            AccessToken.delete("tokenHash", hash(secret));
        }
    }

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
