package dev.streamvcr;

import dev.streamvcr.config.SecretFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL run from the application's own dependencies, for a start with no configuration (and for
 * tests). Its cluster survives restarts. The cluster is created with password authentication (scram-sha-256)
 * for every connection, local or TCP, so other users of the machine cannot open it; the password is generated
 * once and kept beside the cluster in a file only the owner can read.
 *
 * <p>The caller stops it with {@link #close()} after the application has stopped using it (no JVM shutdown
 * hook, which would race the application's own shutdown).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final String USER = "postgres";

    private static volatile EmbeddedDatabase current;

    private final EmbeddedPostgres postgres;
    private final String password;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** Starts PostgreSQL on a free loopback port with its cluster in {@code clusterDirectory} (created if missing). */
    public static EmbeddedDatabase start(Path clusterDirectory) {
        try {
            Files.createDirectories(clusterDirectory.getParent());
            String password = SecretFile.readOrCreate(
                    clusterDirectory.resolveSibling(clusterDirectory.getFileName() + ".password"), 24);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setConnectConfig("password", password);
            Path initPassword = null;
            if (!Files.exists(clusterDirectory.resolve("PG_VERSION"))) {
                // initdb runs as an unprivileged user when we are root: it gets a readable copy for the moment.
                initPassword = Files.createTempFile("streamvcr-initdb", ".pw");
                Files.writeString(initPassword, password, StandardCharsets.UTF_8);
                initPassword.toFile().setReadable(true, false);
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", initPassword.toString());
            }
            try {
                EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), password);
                current = database;
                return database;
            } finally {
                if (initPassword != null) {
                    Files.deleteIfExists(initPassword);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + clusterDirectory, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    public String username() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The database this process started, if any (the application stops it last when it shuts down). */
    public static java.util.Optional<EmbeddedDatabase> current() {
        return java.util.Optional.ofNullable(current);
    }

    /** Stops PostgreSQL; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (current == this) {
                current = null;
            }
        }
    }
}
