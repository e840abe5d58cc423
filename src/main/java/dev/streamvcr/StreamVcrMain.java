package dev.streamvcr;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Starts StreamVCR. When no external PostgreSQL is configured, a real one is started from the
 * application's own dependencies with its data under {@code <data dir>/postgres}.
 */
@QuarkusMain
public final class StreamVcrMain {

    private static final Logger LOG = Logger.getLogger(StreamVcrMain.class);

    private StreamVcrMain() {
    }

    public static void main(String... args) {
        if (setting("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url").isPresent()
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL_FILE") != null) {
            Quarkus.run(args);
            return;
        }
        Path dataDir = Path.of(setting("STREAMVCR_DATA_DIR", "streamvcr.data-dir").orElse("data"));
        Path clusterDir = dataDir.resolve("postgres").toAbsolutePath();
        LOG.infof("No QUARKUS_DATASOURCE_JDBC_URL set: starting the embedded PostgreSQL in %s", clusterDir);
        EmbeddedDatabase database = EmbeddedDatabase.start(clusterDir);
        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        System.setProperty("quarkus.datasource.username", database.username());
        System.setProperty("quarkus.datasource.password", database.password());
        Quarkus.run(null, (exitCode, failure) -> {
            if (failure != null) {
                reportStartFailure(failure);
            }
            database.close();
            System.exit(exitCode);
        }, args);
    }

    /** With its own exit handler, Quarkus leaves telling why it could not start to the caller. */
    private static void reportStartFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QuarkusBindException bind) {
                LOG.errorf("StreamVCR could not start: port %d is already in use. Stop the other program or choose "
                        + "another port with QUARKUS_HTTP_PORT.", bind.getPort());
                return;
            }
        }
        LOG.error("StreamVCR could not start", failure);
    }

    /** Looks a setting up where Quarkus would find it before its configuration exists: system property, environment, {@code .env}. */
    private static Optional<String> setting(String envName, String propertyName) {
        String value = System.getProperty(propertyName);
        if (value == null) {
            value = System.getenv(envName);
        }
        if (value == null) {
            value = dotEnv(envName);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static String dotEnv(String name) {
        Path file = Path.of(".env");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllLines(file).stream()
                    .map(String::strip)
                    .filter(line -> line.startsWith(name + "="))
                    .map(line -> line.substring(name.length() + 1).strip())
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
