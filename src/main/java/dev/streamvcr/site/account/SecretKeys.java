package dev.streamvcr.site.account;

import dev.streamvcr.config.SecretFile;
import dev.streamvcr.config.StreamVcrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The key for {@link SecretBox}: {@code STREAMVCR_SECRET_KEY} (base64 of 32 bytes, or its {@code _FILE} variant),
 * else {@code secret.key} under the data directory, generated once with mode 600 — never in the database, so a
 * copy of the database alone reveals no site password.
 */
@ApplicationScoped
public class SecretKeys {

    static final String FILE_NAME = "secret.key";

    @Produces
    @ApplicationScoped
    SecretBox box(StreamVcrConfig config) {
        return new SecretBox(load(config.secret().key(), Path.of(config.dataDir())), config.secret().keyVersion());
    }

    /** The configured key, or the one in (or newly written to) {@code dataDir/secret.key}. */
    static byte[] load(Optional<String> configured, Path dataDir) {
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
        return HexFormat.of().parseHex(SecretFile.readOrCreate(dataDir.resolve(FILE_NAME), 32));
    }
}
