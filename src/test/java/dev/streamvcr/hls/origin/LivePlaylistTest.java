package dev.streamvcr.hls.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.hls.MediaPlaylist;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.PlaylistParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The origin's live playlists slide, skip, freeze and end as the peer tests count on. */
class LivePlaylistTest {

    private static final String KEY = "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\",IV=0x00000000000000000000000000000000";

    /** Ten 2 s segments, an EXT-X-DISCONTINUITY before the sixth, the first five encrypted. */
    private static MuxedStream.Rendition tenSegments() {
        List<MuxedStream.Segment> segments = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            segments.add(new MuxedStream.Segment("seg" + i + ".ts", 2.0, i == 5, i < 5 ? KEY : null, null));
        }
        return new MuxedStream.Rendition(3, 2, segments);
    }

    private static MediaPlaylist parsed(String text) {
        return (MediaPlaylist) new PlaylistParser().parse(text.getBytes(StandardCharsets.UTF_8),
                URI.create("http://origin/s/index.m3u8"));
    }

    @Test
    void revealsSegmentsAsTheirEndComesInASlidingWindow() {
        LivePlaylist live = new LivePlaylist(tenSegments(), LiveOptions.defaults());

        assertEquals(new LivePlaylist.Window(0, -1, false), live.window(1.9));
        assertEquals(new LivePlaylist.Window(0, 0, false), live.window(2.0));
        assertEquals(new LivePlaylist.Window(2, 6, false), live.window(15.0));
        assertEquals(new LivePlaylist.Window(5, 9, true), live.window(20.0));

        MediaPlaylist at15 = parsed(live.at(15.0));
        assertEquals(2, at15.mediaSequence());
        assertEquals(List.of("seg2.ts", "seg3.ts", "seg4.ts", "seg5.ts", "seg6.ts"),
                at15.segments().stream().map(s -> s.uri().getPath().substring(3)).toList());
        assertTrue(at15.segments().get(0).key().uri() != null, "the key in force is repeated at the top");
        assertTrue(at15.segments().get(3).discontinuity());
        assertFalse(at15.isFinished());
        MediaPlaylist atEnd = parsed(live.at(21.0));
        assertTrue(atEnd.isFinished());
        assertEquals(1, atEnd.segments().get(0).discontinuitySequence(), "the discontinuity before it counts");
    }

    @Test
    void skippedSegmentsAreNeverListedAndTheWindowMovesPastThem() {
        LivePlaylist live = new LivePlaylist(tenSegments(), LiveOptions.defaults().skipping(4));

        assertEquals(new LivePlaylist.Window(0, 3, false), live.window(9.0), "segment 4 is due but not listed");
        assertEquals(new LivePlaylist.Window(5, 5, false), live.window(12.0));
        assertEquals(new LivePlaylist.Window(5, 7, false), live.window(16.0));
        List<Long> listed = new ArrayList<>();
        for (double t = 0; t <= 22; t += 0.5) {
            parsed(live.at(t)).segments().stream().map(MediaSegment::mediaSequence).forEach(listed::add);
        }
        assertFalse(listed.contains(4L));
    }

    @Test
    void aFrozenPlaylistNeverChangesAndNeverEnds() {
        LivePlaylist live = new LivePlaylist(tenSegments(), LiveOptions.defaults().frozenAfter(3));

        assertEquals(live.at(6.0), live.at(60.0));
        assertFalse(parsed(live.at(60.0)).isFinished());
        LivePlaylist endless = new LivePlaylist(tenSegments(), LiveOptions.defaults().withoutEndList());
        assertEquals(new LivePlaylist.Window(5, 9, false), endless.window(60.0), "all revealed, no EXT-X-ENDLIST");
    }

    @Test
    void keyUrisAndMalformedLinesAreServedAsAsked() {
        LivePlaylist live = new LivePlaylist(tenSegments(), LiveOptions.defaults()
                .withKeyUris(i -> "key-" + i / 2 + ".bin").malformed(1, "#EXTINF:two,"));

        String text = live.at(8.0);
        assertTrue(text.contains("URI=\"key-0.bin\"") && text.contains("URI=\"key-1.bin\""), text);
        assertTrue(text.contains("#EXTINF:two,\nseg1.ts"), text);
    }
}
