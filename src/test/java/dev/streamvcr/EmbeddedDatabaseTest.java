package dev.streamvcr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    private static Connection connect(EmbeddedDatabase db, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", db.username());
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(db.jdbcUrl(), properties);
    }

    @Test
    void onlyThePasswordOpensItAndItSurvivesARestart() throws Exception {
        Path cluster = dir.resolve("postgres");
        String password;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(cluster)) {
            password = db.password();
            try (Connection c = connect(db, password); Statement s = c.createStatement()) {
                s.execute("create table kept (v int)");
                s.execute("insert into kept values (42)");
            }
            SQLException refused = assertThrows(SQLException.class, () -> connect(db, null).close());
            assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            assertThrows(SQLException.class, () -> connect(db, "guess").close());
        }
        Path passwordFile = dir.resolve("postgres.password");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(passwordFile));
        try (EmbeddedDatabase again = EmbeddedDatabase.start(cluster)) {
            assertEquals(password, again.password());
            try (Connection c = connect(again, password); Statement s = c.createStatement();
                    var rows = s.executeQuery("select v from kept")) {
                assertTrue(rows.next());
                assertEquals(42, rows.getInt(1));
            }
        }
    }
}
