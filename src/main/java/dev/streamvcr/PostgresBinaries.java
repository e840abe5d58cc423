package dev.streamvcr;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the embedded PostgreSQL's programs are unpacked: a directory of the data directory that only its owner may
 * enter, never the shared temp directory, where another local user could plant a {@code bin/postgres} for us to run.
 * What an earlier start unpacked is run again only if it is unchanged: each unpacked tree gets a manifest of its
 * files' SHA-256, checked before every start; a tree that differs, or has no manifest, is removed and unpacked anew.
 * The unpacking library opens its working directory to everyone (it expects a shared temp directory), so that is a
 * directory inside ours, which nobody else can enter; it is closed again once PostgreSQL runs.
 */
final class PostgresBinaries {

    static final String MANIFEST = ".streamvcr-sha256";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** Files the unpacker itself writes and changes; not programs. */
    private static final Set<String> NOT_HASHED = Set.of(MANIFEST, ".exists", "epg-lock");

    private PostgresBinaries() {
    }

    /**
     * Makes {@code directory} (owner-only) or checks an existing one, and removes unpacked trees that changed.
     * Returns the working directory to unpack into, inside it.
     *
     * @throws IllegalStateException when the directory belongs to someone else or others may enter it
     */
    static Path prepare(Path directory) {
        try {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory.getParent());
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            checkOwnerOnly(directory);
            Path work = directory.resolve("unpacked");
            if (!Files.exists(work, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(work, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            try (Stream<Path> trees = Files.list(work)) {
                for (Path tree : trees.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    if (!unchanged(tree)) {
                        delete(tree);
                    }
                }
            }
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the PostgreSQL programs in " + directory, e);
        }
    }

    /** Closes the working directory again and writes the manifest of every tree that has none (this start's). */
    static void seal(Path work) {
        try (Stream<Path> trees = Files.list(work)) {
            Files.setPosixFilePermissions(work, OWNER_ONLY);
            for (Path tree : trees.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (!Files.exists(tree.resolve(MANIFEST))) {
                    Files.writeString(tree.resolve(MANIFEST), manifest(tree), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the PostgreSQL programs in " + work, e);
        }
    }

    private static void checkOwnerOnly(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(directory + " is not a directory; remove it so the embedded PostgreSQL "
                    + "can be unpacked there");
        }
        String owner = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        boolean shared = permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        if (!owner.equals(System.getProperty("user.name")) || shared) {
            throw new IllegalStateException("The embedded PostgreSQL's programs in " + directory + " could have been "
                    + "changed by someone else (owner " + owner + ", " + PosixFilePermissions.toString(permissions)
                    + "); remove the directory, or make it the application user's with mode 700");
        }
    }

    private static boolean unchanged(Path tree) throws IOException {
        Path manifest = tree.resolve(MANIFEST);
        return Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(manifest, StandardCharsets.UTF_8).equals(manifest(tree));
    }

    /** One line per file and symbolic link, sorted: its path in the tree and its SHA-256 (or link target). */
    static String manifest(Path tree) throws IOException {
        StringBuilder lines = new StringBuilder();
        try (Stream<Path> files = Files.walk(tree)) {
            List<Path> sorted = files.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !NOT_HASHED.contains(p.getFileName().toString())).sorted().toList();
            for (Path file : sorted) {
                String what = Files.isSymbolicLink(file) ? "-> " + Files.readSymbolicLink(file) : sha256(file);
                lines.append(tree.relativize(file)).append(' ').append(what).append('\n');
            }
        }
        return lines.toString();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
