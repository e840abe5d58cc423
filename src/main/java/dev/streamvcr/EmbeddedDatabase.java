package dev.streamvcr;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

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

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /** Starts PostgreSQL on a free loopback port with its cluster in {@code clusterDirectory} (created if missing). */
    public static EmbeddedDatabase start(Path clusterDirectory) {
        try {
            Files.createDirectories(clusterDirectory.getParent());
            String password = password(clusterDirectory.resolveSibling(clusterDirectory.getFileName() + ".password"));
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
                return new EmbeddedDatabase(builder.start(), password);
            } finally {
                if (initPassword != null) {
                    Files.deleteIfExists(initPassword);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + clusterDirectory, e);
        }
    }

    /** The cluster's password: read from {@code file}, or generated and stored there (mode 600) the first time. */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.writeString(file, password, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the directory's own protection applies
        }
        return password;
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

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
