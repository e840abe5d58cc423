package dev.streamvcr.hls;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static dev.streamvcr.hls.TestPlaylists.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way a playlist can be wrong, with the exact message and line it fails with; and each limit. */
class MalformedPlaylistTest {
    private static final PlaylistLimits SMALL = new PlaylistLimits(1000, 60, 3, 2, 1, 4);

    /** @return the lines joined with LF, after {@code #EXTM3U} as line 1 */
    private static String playlist(String... lines) {
        return "#EXTM3U\n" + String.join("\n", lines) + "\n";
    }

    private static Arguments error(String name, String text, int line, String message) {
        return Arguments.of(name, text, line, message);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                error("an HTML page", "<!DOCTYPE html>\n<html><body>Not found</body></html>", 0,
                        "not an HLS playlist: the first line is not #EXTM3U"),
                error("an empty body", "", 0, "not an HLS playlist: the first line is not #EXTM3U"),
                error("a target duration that is no integer", playlist("#EXT-X-VERSION:3",
                        "#EXT-X-TARGETDURATION:abc"), 3, "line 3: EXT-X-TARGETDURATION needs a decimal integer, got 'abc'"),
                error("a zero target duration", playlist("#EXT-X-TARGETDURATION:0"), 2,
                        "line 2: EXT-X-TARGETDURATION must be at least 1 second, got 0"),
                error("an absurd target duration", playlist("#EXT-X-TARGETDURATION:1000000000000"), 2,
                        "line 2: EXT-X-TARGETDURATION is too large: '1000000000000' seconds"),
                error("no target duration", playlist("#EXTINF:4,", "a.ts"), 0,
                        "the media playlist has no EXT-X-TARGETDURATION, which RFC 8216 §4.3.3.1 requires"),
                error("a segment URI without EXTINF", playlist("#EXT-X-TARGETDURATION:4", "a.ts"), 3,
                        "line 3: the segment URI 'a.ts' has no EXTINF before it"),
                error("EXTINF without a URI at the end", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,", "a.ts",
                        "#EXTINF:4,"), 5, "line 5: EXTINF has no segment URI after it"),
                error("a negative EXTINF", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:-1,", "a.ts"), 3,
                        "line 3: EXTINF needs a number of seconds, got '-1'"),
                error("an absurd EXTINF", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:10000000000000,", "a.ts"), 3,
                        "line 3: EXTINF is too large: '10000000000000' seconds"),
                error("a media sequence after the first segment", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,",
                        "a.ts", "#EXT-X-MEDIA-SEQUENCE:5"), 5,
                        "line 5: EXT-X-MEDIA-SEQUENCE must come before the first segment"),
                error("a media sequence past 2^63-1", playlist("#EXT-X-MEDIA-SEQUENCE:18446744073709551615"), 2,
                        "line 2: EXT-X-MEDIA-SEQUENCE is too large: '18446744073709551615'"),
                error("a last segment numbered 2^63-1", playlist("#EXT-X-TARGETDURATION:4",
                        "#EXT-X-MEDIA-SEQUENCE:9223372036854775807", "#EXTINF:4,", "a.ts"), 5,
                        "line 5: the media sequence number reaches 9223372036854775807"),
                error("a version that is no integer", playlist("#EXT-X-VERSION:3.0"), 2,
                        "line 2: EXT-X-VERSION needs a decimal integer, got '3.0'"),
                error("a byte range without offset and no previous range", playlist("#EXT-X-TARGETDURATION:4",
                        "#EXTINF:4,", "a.ts", "#EXTINF:4,", "#EXT-X-BYTERANGE:100", "b.ts"), 6,
                        "line 6: EXT-X-BYTERANGE has no offset, and the previous segment is not a sub-range of the"
                                + " same resource"),
                error("a byte range of another resource", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,",
                        "#EXT-X-BYTERANGE:100@0", "a.ts", "#EXTINF:4,", "#EXT-X-BYTERANGE:100", "b.ts"), 7,
                        "line 7: EXT-X-BYTERANGE has no offset, and the previous segment is not a sub-range of the"
                                + " same resource"),
                error("a byte range that is no integer", playlist("#EXT-X-BYTERANGE:1k@0"), 2,
                        "line 2: EXT-X-BYTERANGE length needs a decimal integer, got '1k'"),
                error("a byte range past 2^63-1", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,",
                        "#EXT-X-BYTERANGE:10@9223372036854775800", "a.ts"), 4,
                        "line 4: the byte range ends past byte 9223372036854775807"),
                error("a key without METHOD", playlist("#EXT-X-KEY:URI=\"k\""), 2, "line 2: EXT-X-KEY has no METHOD"),
                error("an AES-128 key without URI", playlist("#EXT-X-KEY:METHOD=AES-128"), 2,
                        "line 2: EXT-X-KEY has no URI"),
                error("an unquoted key URI", playlist("#EXT-X-KEY:METHOD=AES-128,URI=k.bin"), 2,
                        "line 2: EXT-X-KEY URI needs a quoted string, got 'k.bin'"),
                error("an IV without 0x", playlist("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=1234"), 2,
                        "line 2: EXT-X-KEY IV needs a hexadecimal sequence (0x…), got '1234'"),
                error("an IV over 128 bits", playlist("#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x1"
                        + "00000000000000000000000000000000"), 2, "line 2: EXT-X-KEY IV has more than 128 bits: "
                        + "'0x100000000000000000000000000000000'"),
                error("an attribute without a value", playlist("#EXT-X-KEY:METHOD=AES-128,garbage"), 2,
                        "line 2: EXT-X-KEY has a malformed attribute list at 'garbage'"),
                error("text after a quoted value", playlist("#EXT-X-KEY:METHOD=AES-128,URI=\"k\"x,IV=0x1"), 2,
                        "line 2: EXT-X-KEY has a malformed attribute list at 'x,IV=0x1'"),
                error("an unclosed quote", playlist("#EXT-X-KEY:METHOD=AES-128,URI=\"k"), 2,
                        "line 2: EXT-X-KEY URI has no closing quote"),
                error("a map without URI", playlist("#EXT-X-MAP:BYTERANGE=\"10@0\""), 2,
                        "line 2: EXT-X-MAP has no URI"),
                error("a malformed date", playlist("#EXT-X-PROGRAM-DATE-TIME:yesterday"), 2,
                        "line 2: EXT-X-PROGRAM-DATE-TIME needs an ISO 8601 date and time, got 'yesterday'"),
                error("a date range without START-DATE", playlist("#EXT-X-DATERANGE:ID=\"ad\""), 2,
                        "line 2: EXT-X-DATERANGE has no START-DATE"),
                error("a date range with END-ON-NEXT=NO", playlist("#EXT-X-DATERANGE:ID=\"ad\","
                        + "START-DATE=\"2024-01-01T00:00:00Z\",END-ON-NEXT=NO"), 2,
                        "line 2: EXT-X-DATERANGE END-ON-NEXT may only be YES, got 'NO'"),
                error("a SCTE-35 command that is no hex", playlist("#EXT-X-DATERANGE:ID=\"ad\","
                        + "START-DATE=\"2024-01-01T00:00:00Z\",SCTE35-OUT=0xZZ"), 2,
                        "line 2: EXT-X-DATERANGE SCTE35-OUT needs a hexadecimal sequence (0x…), got '0xZZ'"),
                error("a stream without BANDWIDTH", playlist("#EXT-X-STREAM-INF:RESOLUTION=640x360", "v.m3u8"), 2,
                        "line 2: EXT-X-STREAM-INF has no BANDWIDTH"),
                error("a quoted BANDWIDTH", playlist("#EXT-X-STREAM-INF:BANDWIDTH=\"1000\"", "v.m3u8"), 2,
                        "line 2: EXT-X-STREAM-INF BANDWIDTH must not be quoted, got '\"1000\"'"),
                error("a stream without URI line at the end", playlist("#EXT-X-STREAM-INF:BANDWIDTH=1000"), 2,
                        "line 2: EXT-X-STREAM-INF has no URI line after it"),
                error("a stream without URI line before the next", playlist("#EXT-X-STREAM-INF:BANDWIDTH=1000",
                        "#EXT-X-STREAM-INF:BANDWIDTH=2000", "v.m3u8"), 2,
                        "line 2: EXT-X-STREAM-INF has no URI line after it"),
                error("a malformed resolution", playlist("#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=1280*720",
                        "v.m3u8"), 2,
                        "line 2: EXT-X-STREAM-INF RESOLUTION needs a resolution WIDTHxHEIGHT, got '1280*720'"),
                error("a frame rate with an exponent", playlist("#EXT-X-STREAM-INF:BANDWIDTH=1000,FRAME-RATE=3e1",
                        "v.m3u8"), 2, "line 2: EXT-X-STREAM-INF FRAME-RATE needs a decimal number, got '3e1'"),
                error("a URI line in a master playlist without a stream", playlist("#EXT-X-STREAM-INF:BANDWIDTH=1",
                        "a.m3u8", "b.m3u8"), 4, "line 4: the URI 'b.m3u8' does not follow an EXT-X-STREAM-INF"),
                error("a rendition without NAME", playlist("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\""), 2,
                        "line 2: EXT-X-MEDIA has no NAME"),
                error("a rendition with DEFAULT=maybe", playlist("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\","
                        + "NAME=\"x\",DEFAULT=maybe"), 2, "line 2: EXT-X-MEDIA DEFAULT needs YES or NO, got 'maybe'"),
                error("master and media tags mixed", playlist("#EXT-X-TARGETDURATION:4",
                        "#EXT-X-STREAM-INF:BANDWIDTH=1", "v.m3u8"), 3, "line 3: EXT-X-STREAM-INF is a master"
                        + " playlist tag, but EXT-X-TARGETDURATION on line 2 made this a media playlist"),
                error("an invalid URI", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,", "http://[oops/a.ts"), 4,
                        "line 4: 'http://[oops/a.ts' is not a valid URI"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void failsWithItsMessageAndLine(String name, String text, int line, String message) {
        assertFails(text, line, message);
    }

    @Test
    void notAPlaylistIsToldApartFromAMalformedOne() {
        assertTrue(assertThrows(PlaylistException.class, () -> TestPlaylists.parse("<html>", "http://x/p.m3u8"))
                .notAPlaylist());
        assertFalse(assertThrows(PlaylistException.class, () -> TestPlaylists.parse("#EXTM3U\n",
                "http://x/p.m3u8")).notAPlaylist());
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                error("too many bytes", "#EXTM3U\n" + "#".repeat(1000), 0,
                        "the playlist is 1008 bytes, over the limit of 1000"),
                error("a line too long", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,", "a".repeat(61) + ".ts"),
                        4, "line 4: the line is 64 characters long, over the limit of 60"),
                error("too many segments", playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4,", "a.ts", "#EXTINF:4,",
                        "b.ts", "#EXTINF:4,", "c.ts", "#EXTINF:4,", "d.ts"), 10,
                        "line 10: the playlist lists more than 3 segments, over the limit"),
                error("too many variants", playlist("#EXT-X-STREAM-INF:BANDWIDTH=1", "a.m3u8",
                        "#EXT-X-STREAM-INF:BANDWIDTH=2", "b.m3u8", "#EXT-X-STREAM-INF:BANDWIDTH=3", "c.m3u8"), 7,
                        "line 7: the playlist lists more than 2 variants, over the limit"),
                error("too many renditions", playlist("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"1\"",
                        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"2\"",
                        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"3\""), 4,
                        "line 4: the playlist lists more than 2 renditions, over the limit"),
                error("too many date ranges", playlist("#EXT-X-DATERANGE:ID=\"a\",START-DATE=\"2024-01-01T00:00Z\"",
                        "#EXT-X-DATERANGE:ID=\"b\",START-DATE=\"2024-01-01T00:00Z\""), 3,
                        "line 3: the playlist has more than 1 EXT-X-DATERANGE tags, over the limit"),
                error("too many attributes", playlist("#EXT-X-STREAM-INF:A=1,B=2,C=3,D=4,E=5"), 2,
                        "line 2: EXT-X-STREAM-INF has more than 4 attributes, over the limit"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void limitsFailExactly(String name, String text, int line, String message) {
        PlaylistException e = assertThrows(PlaylistException.class, () -> new PlaylistParser(SMALL)
                .parse(text.getBytes(StandardCharsets.UTF_8), URI.create("https://example.com/p.m3u8")));
        assertEquals(message, e.getMessage());
        assertEquals(line, e.line());
    }

    @Test
    void defaultLimitsRefuseALineOfMoreThan64KiB() {
        String text = playlist("#EXT-X-TARGETDURATION:4", "#EXTINF:4," + "t".repeat(64 * 1024), "a.ts");
        assertFails(text, 3, "line 3: the line is 65546 characters long, over the limit of 65536");
    }
}
