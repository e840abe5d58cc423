package dev.streamvcr.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreviewPlaylistTest {

    private static final PreviewPlaylist.Entry INTRO = new PreviewPlaylist.Entry("intro.ts", 2.0);

    @Test
    void firstResponseIsTheIntroAloneAsAnOpenEventPlaylist() {
        String m3u8 = PreviewPlaylist.build(3, INTRO, List.of(), false);
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:3
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXT-X-START:TIME-OFFSET=0
                #EXTINF:2.000,
                intro.ts
                """, m3u8);
    }

    @Test
    void segmentsFollowTheIntroAfterADiscontinuityAndOnlyAppend() {
        List<PreviewPlaylist.Entry> first = List.of(new PreviewPlaylist.Entry("seg-00001.ts", 2.0));
        List<PreviewPlaylist.Entry> later = List.of(first.get(0), new PreviewPlaylist.Entry("seg-00002.ts", 2.033));
        String before = PreviewPlaylist.build(3, INTRO, first, false);
        String after = PreviewPlaylist.build(3, INTRO, later, false);
        assertTrue(before.contains("intro.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg-00001.ts\n"), before);
        assertTrue(after.startsWith(before), "a later playlist only appends to an earlier one");
        assertTrue(after.endsWith("#EXTINF:2.033,\nseg-00002.ts\n"));
        assertFalse(after.contains("ENDLIST"));
    }

    @Test
    void endlistIsAppendedWithoutChangingTypeOrTargetDuration() {
        List<PreviewPlaylist.Entry> segments = List.of(new PreviewPlaylist.Entry("seg-00001.ts", 1.5));
        String running = PreviewPlaylist.build(3, INTRO, segments, false);
        String done = PreviewPlaylist.build(3, INTRO, segments, true);
        assertEquals(running + "#EXT-X-ENDLIST\n", done);
    }

    @Test
    void aSegmentLongerThanTheTargetDurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PreviewPlaylist.build(3, INTRO,
                List.of(new PreviewPlaylist.Entry("seg-00001.ts", 3.6)), false));
    }
}
