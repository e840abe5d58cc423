package dev.streamvcr.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
                return read(file);
            }
            return publish(file, random(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret file " + file, e);
        }
    }

    /**
     * The secret every node shares: {@code shared} (a file on the storage all nodes mount) when it exists; else this
     * node's own {@code legacy} file (kept by a single node before keys were shared), published as the shared one;
     * else {@code bytes} new random bytes, published. Publishing creates the file only if no other node did first
     * (a whole file appears at once, fsynced, mode 600); a node that loses that race reads the winner's secret.
     *
     * @throws IllegalStateException when this node's own file holds a different secret from the shared one: the
     *                               site passwords or cookies it made could not be opened by the others
     */
    public static String readOrCreateShared(Path shared, Path legacy, int bytes) {
        try {
            String own = Files.exists(legacy) ? read(legacy) : null;
            String secret = Files.exists(shared) ? read(shared) : publish(shared, own != null ? own : random(bytes));
            if (own != null && !own.equals(secret)) {
                throw new IllegalStateException("This node's key file " + legacy + " differs from the shared one "
                        + shared + " that the other nodes use; every node needs the same key. Keep the one whose "
                        + "secrets you need (copy it over the other), or remove " + legacy + " if it holds nothing.");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the shared secret file " + shared, e);
        }
    }

    /**
     * Where generated keys live: {@code keys} under the shared storage directory ({@code STREAMVCR_STORAGE_DIR},
     * else the data directory), which every node mounts.
     */
    public static Path sharedDir(StreamVcrConfig config) {
        return Path.of(config.storage().dir().orElse(config.dataDir())).resolve("keys");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * Writes {@code secret} to a temporary file (mode 600, fsynced), then links it in as {@code file}: a link fails
     * when the name exists, so of two nodes creating the same file only one wins, and nobody ever reads a half file.
     * Returns the secret {@code file} holds afterwards, the winner's.
     */
    private static String publish(Path file, String secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".secret", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own protection applies
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(secret));
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
            } catch (FileAlreadyExistsException lost) {
                return read(file);
            } catch (UnsupportedOperationException | IOException noLinks) {
                if (Files.exists(file)) {
                    return read(file);
                }
                // A file system without hard links: a move without replacing comes closest.
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException lost) {
                    return read(file);
                }
            }
            syncDirectory(dir);
            return secret;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems cannot sync a directory; the file's own contents are synced already
        }
    }
}
