package dev.streamvcr.rtmp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.rtmp.client.RtmpSource.Option;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RtmpSourceTest {
    private static final RtmpClientOptions BASE = RtmpClientOptions.defaults();

    @Test
    void urlAloneIsASource() {
        RtmpSource source = RtmpSource.parse("rtmp://h/live/stream");
        assertEquals(RtmpUrl.parse("rtmp://h/live/stream"), source.url());
        assertEquals(List.of(), source.options());
        assertEquals("rtmp://h/live/stream", source.line());
    }

    @Test
    void optionsKeepTheirOrderAndCanonicalNames() {
        RtmpSource source = RtmpSource.parse("rtmp://h/app/stream  APP=live PlayPath=mp4:x conn=S:abc conn=O:1"
                + " conn=NB:f:1 FLASHVER=WIN\\2011");
        assertEquals(List.of(new Option("app", "live"), new Option("playpath", "mp4:x"), new Option("conn", "S:abc"),
                new Option("conn", "O:1"), new Option("conn", "NB:f:1"), new Option("flashVer", "WIN 11")),
                source.options());
        assertEquals("live", source.url().app());
        assertEquals("mp4:x", source.url().playPath());
    }

    @Test
    void lineParsesBackToAnEqualSource() {
        String written = "rtmps://h:8443/app/s conn=S:a\\20b\\5cc flashVer=LNX\\209 token=k\\09ey live=yes"
                + " pageUrl=http://p/ü";
        RtmpSource source = RtmpSource.parse(written);
        assertEquals("a b\\c", source.options().get(0).value().substring(2));
        assertEquals("k\tey", source.options().get(2).value());
        assertEquals("ü", source.options().get(4).value().substring(9));
        RtmpSource again = RtmpSource.parse(source.line());
        assertEquals(source, again);
        assertEquals(source.line(), again.line());
        assertTrue(source.line().contains("conn=S:a\\20b\\5cc"), source.line());
    }

    @Test
    void escapedUtf8BytesBecomeText() {
        assertEquals("é", RtmpSource.parse("rtmp://h/a/s app=\\c3\\a9").url().app());
    }

    @Test
    void tcUrlFollowsLibrtmp() {
        assertEquals("rtmp://h/live", RtmpSource.parse("rtmp://h/live/s").url().tcUrl());
        // a given app, no tcUrl: librtmp builds scheme://host:port/app
        RtmpUrl overridden = RtmpSource.parse("rtmp://h/x/s app=live/inst").url();
        assertEquals("rtmp://h:1935/live/inst", overridden.tcUrl());
        assertEquals("live/inst", overridden.app());
        assertEquals("rtmp://t/live", RtmpSource.parse("rtmp://h/x/s app=live tcUrl=rtmp://t/live").url().tcUrl());
        // the URL may leave app and play path to the options
        RtmpUrl bare = RtmpSource.parse("rtmps://h app=live playpath=cam").url();
        assertEquals(List.of("live", "cam", "rtmps://h:443/live", 443), List.of(bare.app(), bare.playPath(),
                bare.tcUrl(), bare.port()));
    }

    @Test
    void optionsApplyToClientOptions() {
        RtmpClientOptions options = RtmpSource.parse("rtmp://h/a/s pageUrl=http://p swfUrl=http://s/p.swf"
                + " flashVer=X auth=pw live=0 subscribe=sub start=1000 stop=5000 buffer=2000 timeout=7 token=t"
                + " jtv=j playlist=1 swfhash=" + "ab".repeat(32) + " swfsize=12345 swfAge=3 tlsVerify=0")
                .applyTo(BASE);
        assertEquals("http://p", options.pageUrl());
        assertEquals("http://s/p.swf", options.swfUrl());
        assertEquals("X", options.flashVer());
        assertEquals("pw", options.auth());
        assertFalse(options.live());
        assertEquals("sub", options.subscribe());
        assertEquals(List.of(1000L, 5000L, 2000L), List.of(options.startMs(), options.stopMs(), options.bufferMs()));
        assertEquals(Duration.ofSeconds(7), options.idleTimeout());
        assertEquals(List.of("t", "j"), List.of(options.token(), options.usherToken()));
        assertTrue(options.playlist());
        assertArrayEquals(HexFormat.of().parseHex("ab".repeat(32)), options.swfHash());
        assertEquals(12345, options.swfSize());
        assertEquals(3, options.swfAgeDays());
        assertFalse(options.tlsVerify());
        assertNull(options.swfVerifyUrl());
    }

    @Test
    void defaultsAreRtmpdumps() {
        RtmpClientOptions options = RtmpSource.parse("rtmp://h/a/s").applyTo(BASE);
        assertEquals("LNX 10,0,32,18", options.flashVer());
        assertEquals(36_000_000, options.bufferMs());
        assertEquals(30, options.swfAgeDays());
        assertTrue(options.tlsVerify());
    }

    @Test
    void swfVfyTakesAUrlOrUsesSwfUrl() {
        RtmpClientOptions byUrl = RtmpSource.parse("rtmp://h/a/s swfVfy=http://s/p.swf").applyTo(BASE);
        assertEquals("http://s/p.swf", byUrl.swfVerifyUrl());
        assertEquals("http://s/p.swf", byUrl.swfUrl(), "like rtmpdump --swfVfy, it is also the swfUrl");
        RtmpClientOptions byFlag = RtmpSource.parse("rtmp://h/a/s swfVfy=1 swfUrl=http://s/q.swf").applyTo(BASE);
        assertEquals("http://s/q.swf", byFlag.swfVerifyUrl());
        assertBad("rtmp://h/a/s swfVfy=1", "Option swfVfy=1 needs the player's address: add swfUrl=… or write "
                + "swfVfy=<SWF URL>");
    }

    @Test
    void swfVerificationChoosesTheDigestHandshake() {
        assertFalse(RtmpSource.parse("rtmp://h/a/s swfUrl=http://s/p.swf").applyTo(BASE).digestHandshake(),
                "swfUrl alone is only sent in connect");
        assertTrue(RtmpSource.parse("rtmp://h/a/s swfVfy=http://s/p.swf").applyTo(BASE).digestHandshake());
        RtmpClientOptions byHash = RtmpSource.parse("rtmp://h/a/s swfhash=" + "ab".repeat(32) + " swfsize=12345")
                .applyTo(BASE);
        assertTrue(byHash.digestHandshake());
        assertEquals(12345, byHash.swfVerification().orElseThrow().size());
        assertTrue(RtmpSource.parse("rtmp://h/a/s digestHandshake=1").applyTo(BASE).digestHandshake());
        assertFalse(RtmpSource.parse("rtmp://h/a/s digestHandshake=0").applyTo(BASE).digestHandshake());
        String together = "Options swfhash and swfsize go together: give both (the hash and the size, at least 8 "
                + "bytes, of the decompressed SWF player), or write swfVfy=<SWF URL> to have them computed";
        assertBad("rtmp://h/a/s swfhash=" + "ab".repeat(32), together);
        assertBad("rtmp://h/a/s swfsize=100", together);
        assertBad("rtmp://h/a/s swfhash=" + "ab".repeat(32) + " swfsize=7", together);
    }

    @Test
    void connBuildsNestedAmfInOrder() {
        RtmpClientOptions options = RtmpSource.parse("rtmp://h/a/s conn=B:1 conn=S:x conn=O:1 conn=NN:n:1.5"
                + " conn=NO:in:1 conn=NS:s:t conn=O:0 conn=O:0 conn=Z: conn=N:-2e3").applyTo(BASE);
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("s", "t"));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("n", 1.5);
        outer.put("in", inner);
        assertEquals(java.util.Arrays.asList(true, "x", outer, null, -2000.0), options.connArguments());
    }

    @Test
    void badInputIsNamedInWordsAUserUnderstands() {
        assertBad("rtmp://h/a/s foo=1", "Unknown option 'foo'. Supported options: app, playpath, tcUrl, pageUrl, "
                + "swfUrl, flashVer, auth, conn, live, subscribe, start, stop, buffer, timeout, token, jtv, playlist, "
                + "swfVfy, swfhash, swfsize, swfAge, tlsVerify, digestHandshake");
        assertBad("rtmp://h/a/s live", "'live' is not an option: write name=value (a space inside a "
                + "value is written \\20)");
        assertBad("rtmp://h/a/s app=", "Option app has no value: write app=value");
        assertBad("rtmp://h/a/s app=a\\2", "Option app has a bad escape at '\\2': a backslash must be followed by "
                + "two hex digits, e.g. \\20 for a space or \\5c for a backslash");
        assertBad("rtmp://h/a/s live=maybe", "Option live=maybe is not valid: write 1 (yes) or 0 (no)");
        assertBad("rtmp://h/a/s start=-5", "Option start=-5 is not valid: write a whole number from 0 to 4294967295");
        assertBad("rtmp://h/a/s timeout=0", "Option timeout must be at least 1 second");
        assertBad("rtmp://h/a/s start=5000 stop=5000", "Option stop=5000 must be after start=5000 (both are "
                + "positions in milliseconds)");
        assertBad("rtmp://h/a/s swfhash=abc", "Option swfhash must be 64 hex digits (the SHA-256 of the "
                + "decompressed SWF file), got 3 characters");
        assertBad("rtmp://h/a/s conn=X:1", "Option conn=X:1 is not valid: 'X' is not a type: use B, N, S, O or Z");
        assertBad("rtmp://h/a/s conn=B:2", "Option conn=B:2 is not valid: a boolean is 0 (false) or 1 (true)");
        assertBad("rtmp://h/a/s conn=N:1f", "Option conn=N:1f is not valid: '1f' is not a number");
        // rtmpdump refuses a named item outside an object too ("Couldn't parse URL")
        assertBad("rtmp://h/a/s conn=NS:a:b", "Option conn=NS:a:b is not valid: named items belong inside an "
                + "object: open one with conn=O:1 first");
        assertBad("rtmp://h/a/s conn=O:1 conn=S:x", "Option conn=S:x is not valid: items inside an object need a "
                + "name, e.g. conn=NS:name:text");
        assertBad("rtmp://h/a/s conn=O:0", "Option conn=O:0 is not valid: it closes an object, but no object is "
                + "open (open one with conn=O:1)");
        assertBad("rtmp://h/a/s conn=abc", "Option conn=abc is not valid: write type:data, e.g. S:text, N:1.5, "
                + "B:1, Z:, O:1 … O:0, or NS:name:text inside an object");
        assertBad("http://h/a/s", "Unsupported URL scheme 'http://': only rtmp:// and rtmps:// are supported");
        assertBad("rtmp://h app=live", RtmpUrl.NEEDS_APP_AND_STREAM);
    }

    @Test
    void everySupportedOptionIsAccepted() {
        for (RtmpSource.OptionHelp help : RtmpSource.SUPPORTED_OPTIONS) {
            String value = switch (help.name()) {
                case "live", "playlist", "tlsVerify", "swfVfy", "digestHandshake" -> "0";
                case "start", "stop", "buffer", "timeout", "swfAge" -> "10";
                // the two go together
                case "swfsize" -> "10 swfhash=" + "0".repeat(64);
                case "swfhash" -> "0".repeat(64) + " swfsize=10";
                case "conn" -> "S:x";
                default -> "x";
            };
            RtmpSource source = RtmpSource.parse("rtmp://h/a/s " + help.name() + "=" + value);
            assertEquals(help.name(), source.options().get(0).name());
            assertFalse(help.description().isBlank());
        }
    }

    @Test
    void toStringHidesOptionValues() {
        assertEquals("rtmp://h:1935/a/s token=…", RtmpSource.parse("rtmp://h/a/s token=secret").toString());
    }

    private static void assertBad(String line, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> RtmpSource.parse(line))
                .getMessage());
    }
}
