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
import java.util.List;
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

    @Test
    void binariesAreUnpackedOwnerOnlyUnderTheDataDirectoryAndCommitsAreSynchronous() throws Exception {
        Path systemTemp = Files.createDirectories(dir.resolve("system-temp"));
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", systemTemp.toString());
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("data/postgres"));
                Connection c = connect(db, db.password()); Statement s = c.createStatement();
                var rows = s.executeQuery("show synchronous_commit")) {
            assertTrue(rows.next());
            assertEquals("on", rows.getString(1), "a commit is on disk before it is acknowledged");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
        try (var left = Files.list(systemTemp)) {
            assertEquals(List.of(), left.toList(), "nothing is unpacked into or written to the shared temp directory");
        }
        Path binaries = dir.resolve("data/postgres-binaries");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(binaries));
        try (var unpacked = Files.list(binaries.resolve("unpacked"))) {
            assertTrue(unpacked.anyMatch(p -> Files.isExecutable(p.resolve("bin/postgres"))), "postgres is in " + binaries);
        }
    }

    @Test
    void changedBinariesAreNotRunAndAnOpenDirectoryIsRefused() throws Exception {
        Path cluster = dir.resolve("data/postgres");
        EmbeddedDatabase.start(cluster).close();
        Path binaries = dir.resolve("data/postgres-binaries");
        Path pgCtl;
        try (var unpacked = Files.list(binaries.resolve("unpacked"))) {
            pgCtl = unpacked.filter(Files::isDirectory).findFirst().orElseThrow().resolve("bin/pg_ctl");
        }
        byte[] original = Files.readAllBytes(pgCtl);
        Files.writeString(pgCtl, "#!/bin/sh\necho planted > \"$0.ran\"\nexit 1\n");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(cluster)) {
            assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(pgCtl)), "the changed file was unpacked again");
        }
        assertTrue(Files.notExists(pgCtl.resolveSibling("pg_ctl.ran")), "the planted program never ran");

        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> EmbeddedDatabase.start(cluster));
        assertTrue(refused.getMessage().contains(binaries.toString()), refused.getMessage());
    }
}
