package dev.streamvcr.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Keeps the HLS core a library: plain Java (the JDK and javax.crypto), no framework and no other StreamVCR package,
 * so the HTTP layer built on it can change without it; and files small enough to read at once.
 */
class HlsPackageRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/streamvcr/hls");
    private static final List<String> ALLOWED = List.of("java.", "javax.crypto.", "dev.streamvcr.hls.");
    private static final int MAX_LINES = 400;

    @Test
    void importsOnlyTheJdk() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("import ")) {
                    String name = trimmed.substring("import ".length()).replace("static ", "");
                    if (ALLOWED.stream().noneMatch(name::startsWith)) {
                        offending.add(file.getFileName() + ": " + trimmed);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void filesStaySmall() throws IOException {
        List<String> large = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_LINES) {
                large.add(file.getFileName() + " has " + lines + " lines");
            }
        }
        assertEquals(List.of(), large);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
            assertFalse(java.isEmpty(), "sources under " + SOURCES.toAbsolutePath());
            return java;
        }
    }
}
