package dev.streamvcr.preview;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks preview cookies: HMAC-SHA256 over (key version, user, path prefix, expiry, session/token),
 * with a per-version key derived from the secret, so raising the version invalidates every earlier grant.
 * The value is {@code base64url(payload).base64url(mac)}; nothing in it is secret, everything is bound.
 */
public final class PreviewSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_COOKIE = 1024;

    private final int keyVersion;
    private final byte[] versionKey;

    /** Why a request under a preview path was refused; {@code null} reason means allowed. */
    public record Check(boolean allowed, String reason) {
        static Check refuse(String reason) {
            return new Check(false, reason);
        }
    }

    public PreviewSigner(byte[] secret, int keyVersion) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("The preview key must have at least 16 bytes");
        }
        this.keyVersion = keyVersion;
        this.versionKey = hmac(secret, ("streamvcr-preview-v" + keyVersion).getBytes(StandardCharsets.UTF_8));
    }

    public String sign(PreviewGrant grant) {
        String payload = keyVersion + "|" + grant.userId() + "|" + grant.pathPrefix() + "|"
                + grant.expiresAt().getEpochSecond() + "|" + grant.tokenId();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(hmac(versionKey, bytes));
    }

    /**
     * Checks a cookie for a request: signature (constant time), key version, expiry, that the request comes from
     * the user and session/token the grant was issued to, and that the normalised request path lies under the
     * signed prefix.
     */
    public Check check(String cookie, String requestPath, long userId, long tokenId, Instant now) {
        Optional<PreviewGrant> grant = parse(cookie);
        if (grant.isEmpty()) {
            return Check.refuse("missing, malformed or forged preview cookie");
        }
        PreviewGrant g = grant.get();
        if (!g.expiresAt().isAfter(now)) {
            return Check.refuse("preview grant expired");
        }
        if (g.userId() != userId) {
            return Check.refuse("preview grant belongs to another user");
        }
        if (g.tokenId() != tokenId) {
            return Check.refuse("preview grant was issued to another session");
        }
        String path = normalise(requestPath);
        if (path == null || !path.startsWith(g.pathPrefix())) {
            return Check.refuse("path outside the granted preview");
        }
        return new Check(true, null);
    }

    /** The grant a cookie carries, if its signature and key version are right. */
    Optional<PreviewGrant> parse(String cookie) {
        if (cookie == null || cookie.length() > MAX_COOKIE) {
            return Optional.empty();
        }
        int dot = cookie.indexOf('.');
        if (dot <= 0 || dot != cookie.lastIndexOf('.')) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] mac;
        try {
            payload = B64D.decode(cookie.substring(0, dot));
            mac = B64D.decode(cookie.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac, hmac(versionKey, payload))) {
            return Optional.empty();
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (fields.length != 5 || !fields[0].equals(String.valueOf(keyVersion))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PreviewGrant(Long.parseLong(fields[1]), fields[2],
                    Instant.ofEpochSecond(Long.parseLong(fields[3])), Long.parseLong(fields[4])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The request path with no room for tricks: only {@code [A-Za-z0-9._-]} segments, none of them {@code .} or
     * {@code ..}, no empty segments; anything else (encoded or not) yields null and is refused.
     */
    static String normalise(String path) {
        if (path == null || !path.startsWith("/") || path.length() > 512) {
            return null;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if ((segment.isEmpty() && !last) || segment.equals(".") || segment.equals("..")
                    || !segment.matches("[A-Za-z0-9._-]*")) {
                return null;
            }
        }
        return path;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
