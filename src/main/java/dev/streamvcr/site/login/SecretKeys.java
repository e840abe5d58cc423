package dev.streamvcr.site.login;

import dev.streamvcr.config.KeyFingerprints;
import dev.streamvcr.config.SecretFile;
import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The key for {@link SecretBox}: {@code STREAMVCR_SECRET_KEY} (base64 of 32 bytes, or its {@code _FILE} variant),
 * else {@code keys/secret.key} in the shared storage directory, generated once with mode 600 by whichever node starts
 * first and read by every other — never in the database, so a copy of the database alone reveals no site password.
 * A {@code secret.key} in a node's own data directory (where a single node kept it before) becomes the shared one.
 * At start each node registers the key's fingerprint ({@link KeyFingerprints}), and refuses to start if another node
 * registered a different key.
 */
@ApplicationScoped
public class SecretKeys {

    static final String FILE_NAME = "secret.key";

    @Produces
    @ApplicationScoped
    SecretBox box(StreamVcrConfig config, KeyFingerprints fingerprints) {
        byte[] key = load(config.secret().key(), SecretFile.sharedDir(config), Path.of(config.dataDir()));
        int version = config.secret().keyVersion();
        fingerprints.register("secret-key-v" + version, "STREAMVCR_SECRET_KEY", key);
        return new SecretBox(key, version, previous(config.secret().previousKeys()));
    }

    /** Opens the box at start, so a node whose key differs from the cluster's stops before it serves anyone. */
    void onStart(@Observes StartupEvent event, SecretBox box) {
        box.version();
    }

    /** {@code STREAMVCR_SECRET_PREVIOUS_KEYS}: {@code <version>:<key>} entries separated by commas. */
    static Map<Integer, byte[]> previous(Optional<String> configured) {
        Map<Integer, byte[]> keys = new HashMap<>();
        for (String entry : configured.orElse("").split(",")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            int version;
            try {
                version = Integer.parseInt(colon < 0 ? "" : item.substring(0, colon).strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("STREAMVCR_SECRET_PREVIOUS_KEYS takes <version>:<key> entries "
                        + "separated by commas, e.g. 1:<base64 key>");
            }
            byte[] key = decode(item.substring(colon + 1).strip(), "previous key " + version);
            if (keys.put(version, key) != null) {
                throw new IllegalStateException("STREAMVCR_SECRET_PREVIOUS_KEYS names version " + version + " twice");
            }
        }
        return keys;
    }

    /** A 256-bit key as 64 hex digits (the generated file's form) or base64. */
    private static byte[] decode(String text, String what) {
        byte[] bytes;
        if (text.matches("[0-9a-fA-F]{64}")) {
            bytes = HexFormat.of().parseHex(text);
        } else {
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The " + what + " is neither 64 hex digits nor base64");
            }
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("The " + what + " must be 32 bytes (256 bits), not " + bytes.length);
        }
        return bytes;
    }

    /**
     * The configured key, or the one in {@code sharedDir/secret.key}: created there from {@code dataDir/secret.key}
     * when that exists, else from new random bytes.
     */
    static byte[] load(Optional<String> configured, Path sharedDir, Path dataDir) {
        Optional<String> key = configured.map(String::strip).filter(k -> !k.isEmpty());
        if (key.isPresent()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(key.get());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("STREAMVCR_SECRET_KEY is not valid base64; make one with "
                        + "'openssl rand -base64 32'");
            }
            if (bytes.length != 32) {
                throw new IllegalStateException("STREAMVCR_SECRET_KEY must be 32 bytes (256 bits) in base64, not "
                        + bytes.length + " bytes; make one with 'openssl rand -base64 32'");
            }
            return bytes;
        }
        return HexFormat.of().parseHex(SecretFile.readOrCreateShared(sharedDir.resolve(FILE_NAME),
                dataDir.resolve(FILE_NAME), 32));
    }
}
