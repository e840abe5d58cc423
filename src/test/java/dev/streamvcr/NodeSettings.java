package dev.streamvcr;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of packaged apps ({@link PackagedApp}) that work as the README's several-node setup has them: one
 * PostgreSQL, one storage directory and the same keys for all, short leases so a test sees a take-over soon, and
 * loopback peers allowed.
 */
public final class NodeSettings {

    private NodeSettings() {
    }

    /** What every node of one setup shares; {@link #node} adds what is each one's own. */
    public static Map<String, String> shared(EmbeddedDatabase database, Path storage, String adminPassword,
            Duration lease) {
        Map<String, String> settings = new HashMap<>();
        settings.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        settings.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        settings.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        settings.put("STREAMVCR_STORAGE_DIR", storage.toString());
        settings.put("STREAMVCR_STORAGE_MIN_FREE", "1048576");
        settings.put("STREAMVCR_SECRET_KEY", randomKey());
        settings.put("STREAMVCR_PREVIEW_KEY", randomKey());
        settings.put("STREAMVCR_PREVIEW_CODE_KEY", randomKey());
        settings.put("STREAMVCR_ADMIN_PASSWORD", adminPassword);
        settings.put("STREAMVCR_OUTBOUND_ALLOW", "127.0.0.0/8");
        settings.put("STREAMVCR_SCHEDULE_LEASE", lease.toSeconds() + "s");
        settings.put("STREAMVCR_SCHEDULE_PREROLL", "2s");
        settings.put("STREAMVCR_SCHEDULE_MAX_BACKOFF", "2s");
        // the test streams are small: admission need not keep room for minutes of a usual stream
        settings.put("STREAMVCR_ADMISSION_DEFAULT_BITRATE", "8000");
        return settings;
    }

    /** {@code shared} with the node's own ID and data directory. */
    public static Map<String, String> node(Map<String, String> shared, String id, Path dataDir) {
        Map<String, String> settings = new HashMap<>(shared);
        settings.put("STREAMVCR_NODE_ID", id);
        settings.put("STREAMVCR_DATA_DIR", dataDir.toString());
        return settings;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
