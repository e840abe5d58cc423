package dev.streamvcr.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Makes every node use the same keys. The first node to start records each key's fingerprint (an HMAC of a fixed
 * label under the key: it tells keys apart but reveals nothing of them) in the database; a node whose key has another
 * fingerprint refuses to start, before it seals or signs anything the others could not open.
 */
@ApplicationScoped
public class KeyFingerprints {

    private static final String LABEL = "streamvcr-key-fingerprint:";

    private final DataSource dataSource;
    private final NodeIdentity node;

    @Inject
    public KeyFingerprints(DataSource dataSource, NodeIdentity node) {
        this.dataSource = dataSource;
        this.node = node;
    }

    /**
     * Records {@code key}'s fingerprint under {@code name} unless a node did first, then checks it is the one recorded.
     *
     * @param setting the setting that gives the key, named in the refusal
     * @throws IllegalStateException when another node registered a different key under {@code name}
     */
    public void register(String name, String setting, byte[] key) {
        register(dataSource, node.id(), name, setting, key);
    }

    static void register(DataSource dataSource, String nodeId, String name, String setting, byte[] key) {
        String mine = fingerprint(name, key);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into key_fingerprint "
                    + "(name, fingerprint, registered_by, registered_at) values (?, ?, ?, now()) "
                    + "on conflict (name) do nothing")) {
                insert.setString(1, name);
                insert.setString(2, mine);
                insert.setString(3, nodeId);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select fingerprint, registered_by from key_fingerprint where name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    if (!row.getString(1).equals(mine)) {
                        throw new IllegalStateException("This node's " + setting + " differs from the cluster's "
                                + "(first used by node " + row.getString(2) + "); every node needs the same key. "
                                + "Give this node the same " + setting + " (or the same shared storage directory, "
                                + "where the generated key file lives) as the others. To change the key of every "
                                + "node on purpose, stop them all and run: delete from key_fingerprint where name = '"
                                + name + "'");
                    }
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the fingerprint of " + setting + " in the database: "
                    + e.getMessage(), e);
        }
    }

    /** HMAC-SHA256 of a fixed label and {@code name} under {@code key}, in hex. */
    static String fingerprint(String name, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((LABEL + name).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
