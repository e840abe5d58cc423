package dev.streamvcr.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyFingerprintsTest {

    @Inject
    DataSource dataSource;

    @Test
    void theFirstNodesKeyIsTheClustersAndAnotherKeyIsRefused() {
        String name = "test-key-" + System.nanoTime();
        byte[] key = new byte[32];
        key[0] = 1;
        byte[] other = key.clone();
        other[31] = 9;
        KeyFingerprints.register(dataSource, "node-a", name, "STREAMVCR_SECRET_KEY", key);
        assertDoesNotThrow(() -> KeyFingerprints.register(dataSource, "node-b", name, "STREAMVCR_SECRET_KEY", key));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> KeyFingerprints.register(dataSource, "node-c", name, "STREAMVCR_SECRET_KEY", other));
        assertTrue(refused.getMessage().startsWith("This node's STREAMVCR_SECRET_KEY differs from the cluster's"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("every node needs the same key"), refused.getMessage());
        assertTrue(refused.getMessage().contains("node-a"), "names the node that registered it: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("delete from key_fingerprint where name = '" + name + "'"),
                "says how to change the key on purpose: " + refused.getMessage());
        assertEquals(List.of(KeyFingerprints.fingerprint(name, key) + " node-a"), rows(name),
                "the refused node changes nothing");
    }

    @Test
    void theDatabaseHoldsNoKeyOnlyAFingerprintPerName() {
        byte[] key = new byte[32];
        key[5] = 5;
        String fingerprint = KeyFingerprints.fingerprint("a", key);
        assertEquals(64, fingerprint.length());
        assertFalse(fingerprint.contains(HexFormat.of().formatHex(key)));
        assertNotEquals(fingerprint, KeyFingerprints.fingerprint("b", key), "one key, another name: unlinkable");
    }

    @Test
    void theRunningAppRegisteredItsKeysAtStart() {
        assertEquals(1, rows("secret-key-v1").size());
        assertEquals(1, rows("preview-key-v1").size());
        assertEquals(1, rows("preview-code-key").size());
    }

    private List<String> rows(String name) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select fingerprint, registered_by from key_fingerprint where name = ?")) {
            select.setString(1, name);
            List<String> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + row.getString(2));
                }
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
