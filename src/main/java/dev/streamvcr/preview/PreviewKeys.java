package dev.streamvcr.preview;

import dev.streamvcr.config.SecretFile;
import dev.streamvcr.config.StreamVcrConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The preview signer, keyed from {@code STREAMVCR_PREVIEW_KEY}, and the A/B keys, from {@code STREAMVCR_PREVIEW_CODE_KEY};
 * each falls back to a key file generated under the data directory.
 */
@ApplicationScoped
public class PreviewKeys {

    @Produces
    @ApplicationScoped
    PreviewSigner signer(StreamVcrConfig config) {
        String secret = config.preview().key().filter(k -> !k.isBlank())
                .orElseGet(() -> SecretFile.readOrCreate(Path.of(config.dataDir(), "preview.key"), 32));
        return new PreviewSigner(secret.getBytes(StandardCharsets.UTF_8), config.preview().keyVersion());
    }

    /** The A/B keys, from {@code STREAMVCR_PREVIEW_CODE_KEY} or a key file generated under the data directory. */
    @Produces
    @jakarta.inject.Singleton
    CodeKeys codeKeys(StreamVcrConfig config) {
        String secret = config.preview().codeKey().filter(k -> !k.isBlank())
                .orElseGet(() -> SecretFile.readOrCreate(Path.of(config.dataDir(), "preview-code.key"), 32));
        return CodeKeys.derive(secret.getBytes(StandardCharsets.UTF_8));
    }
}
