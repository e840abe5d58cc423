package dev.streamvcr.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A secret generated once and kept in a file only its owner can read (mode 600), outside the database. */
public final class SecretFile {

    private SecretFile() {
    }

    /** The hex secret in {@code file}, or {@code bytes} random bytes written there (hex) the first time. */
    public static String readOrCreate(Path file, int bytes) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.writeString(temp, secret, StandardCharsets.UTF_8);
            Files.move(temp, file);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret file " + file, e);
        }
    }
}
