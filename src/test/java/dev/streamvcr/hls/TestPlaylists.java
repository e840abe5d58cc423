package dev.streamvcr.hls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Playlists for the tests: parsing text, reading the committed ones (the fuzz test's seed corpus, so every playlist
 * a test reads from a file is also where fuzzing starts), and building expected segments.
 */
final class TestPlaylists {
    static final String SEEDS = "PlaylistParserFuzzTestInputs/parse/";

    private TestPlaylists() {
    }

    static Playlist parse(String text, String uri) {
        return new PlaylistParser().parse(text.getBytes(StandardCharsets.UTF_8), URI.create(uri));
    }

    static MediaPlaylist media(String text, String uri) {
        return assertInstanceOf(MediaPlaylist.class, parse(text, uri));
    }

    static MasterPlaylist master(String text, String uri) {
        return assertInstanceOf(MasterPlaylist.class, parse(text, uri));
    }

    /** @return the bytes of a committed playlist, by its file name in the seed corpus */
    static byte[] seed(String name) {
        return resource(SEEDS + name);
    }

    static byte[] resource(String name) {
        try (InputStream in = TestPlaylists.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Playlist parseSeed(String name, String uri) {
        return new PlaylistParser().parse(seed(name), URI.create(uri));
    }

    /** Parses {@code text}, which must fail, and checks the message and the line it names. */
    static void assertFails(String text, int line, String message) {
        PlaylistException e = assertThrows(PlaylistException.class, () -> parse(text, "https://example.com/p.m3u8"));
        assertEquals(message, e.getMessage());
        assertEquals(line, e.line());
    }

    /** @return {@code decimal} seconds, exactly */
    static Duration seconds(String decimal) {
        return Duration.ofNanos(new BigDecimal(decimal).movePointRight(9).longValueExact());
    }

    /** A plain segment: no discontinuity, range, key, map, date or gap. */
    static MediaSegment segment(long sequence, String uri, String seconds) {
        return new MediaSegment(sequence, 0, URI.create(uri), seconds(seconds), "", null, SegmentKey.NONE, null, null,
                false, false);
    }

    /** {@code segment} with a key. */
    static MediaSegment keyed(MediaSegment segment, SegmentKey key) {
        return new MediaSegment(segment.mediaSequence(), segment.discontinuitySequence(), segment.uri(),
                segment.duration(), segment.title(), segment.byteRange(), key, segment.initSection(),
                segment.programDateTime(), segment.gap(), segment.discontinuity());
    }

    static SegmentKey aes128(String uri, byte[] iv) {
        return new SegmentKey(SegmentKey.Method.AES_128, URI.create(uri), iv, SegmentKey.IDENTITY, "1");
    }
}
