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
 * once and kept beside the cluster in a file only the owner can read (mode 600), and handed to initdb in another
 * such file that is deleted once the cluster exists. The programs are unpacked beside the cluster, owner-only and
 * checked before they run again ({@link PostgresBinaries}). Commits are synchronous, as in any PostgreSQL: the
 * library's default of {@code synchronous_commit=off} could lose the last acknowledged writes (a finished
 * recording's state, a lease) if the machine stopped.
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

    /**
     * Starts PostgreSQL on a free loopback port with its cluster in {@code clusterDirectory} (created if missing) and
     * its programs in {@code postgres-binaries} beside it.
     *
     * @throws IllegalStateException when the programs' directory is not the application user's alone
     */
    public static EmbeddedDatabase start(Path clusterDirectory) {
        return start(clusterDirectory, 0);
    }

    /**
     * Starts PostgreSQL as {@link #start(Path)} does, on {@code port} (0: any free one); the same cluster started
     * again on the same port is what its clients knew, restarted.
     */
    public static EmbeddedDatabase start(Path clusterDirectory, int port) {
        Path cluster = clusterDirectory.toAbsolutePath();
        try {
            Files.createDirectories(cluster.getParent());
            Path binaries = PostgresBinaries.prepare(cluster.resolveSibling("postgres-binaries"));
            String password = SecretFile.readOrCreate(cluster.resolveSibling(cluster.getFileName() + ".password"), 24);
            EmbeddedPostgres.Builder builder = builder(binaries)
                    .setOverrideWorkingDirectory(binaries.toFile())
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("synchronous_commit", "on")
                    .setConnectConfig("password", password);
            if (port != 0) {
                builder.setPort(port);
            }
            Path initPassword = null;
            if (!Files.exists(cluster.resolve("PG_VERSION"))) {
                // created owner-only (mode 600) in the owner-only directory; initdb runs as this same user
                initPassword = Files.createTempFile(binaries.getParent(), "initdb", ".pw");
                Files.writeString(initPassword, password, StandardCharsets.UTF_8);
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", initPassword.toString());
            }
            try {
                EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), password);
                PostgresBinaries.seal(binaries);
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

    /**
     * A builder whose own working directory (where the library makes and sweeps data directories it was not given)
     * is {@code binaries} rather than the shared temp directory: the library reads it from a system property when
     * the builder is made.
     */
    private static synchronized EmbeddedPostgres.Builder builder(Path binaries) {
        String property = "ot.epg.working-dir";
        String before = System.getProperty(property);
        System.setProperty(property, binaries.toString());
        try {
            return EmbeddedPostgres.builder();
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    public int port() {
        return postgres.getPort();
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
