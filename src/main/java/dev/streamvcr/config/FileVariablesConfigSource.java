package dev.streamvcr.config;

import io.smallrye.config.EnvConfigSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code NAME_FILE} environment variables (Docker/Kubernetes secrets) for {@code STREAMVCR_*},
 * {@code QUARKUS_DATASOURCE_*} and the SMTP password {@code QUARKUS_MAILER_PASSWORD}: the file's content, without a trailing newline, becomes the value of {@code NAME}.
 * A variable set directly wins over its file.
 */
public class FileVariablesConfigSource extends EnvConfigSource {

    /** Just below the environment (300), above application.properties (250). */
    private static final int ORDINAL = 295;

    public FileVariablesConfigSource() {
        super(readFileVariables(System.getenv()), ORDINAL);
    }

    @Override
    public String getName() {
        return "EnvFileConfigSource";
    }

    static Map<String, String> readFileVariables(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        env.forEach((name, file) -> {
            // Only our own settings and the datasource and SMTP credentials: other QUARKUS_*_FILE names are real
            // settings that name files (key stores, for one) and must reach Quarkus unchanged.
            if (!name.endsWith("_FILE") || !(name.startsWith("STREAMVCR_") || name.startsWith("QUARKUS_DATASOURCE_")
                    || name.equals("QUARKUS_MAILER_PASSWORD_FILE"))) {
                return;
            }
            String target = name.substring(0, name.length() - "_FILE".length());
            if (env.containsKey(target)) {
                return;
            }
            try {
                values.put(target, Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + name + "=" + file, e);
            }
        });
        return values;
    }
}
