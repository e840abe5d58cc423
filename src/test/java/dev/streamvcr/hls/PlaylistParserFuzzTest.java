package dev.streamvcr.hls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamvcr.fuzz.AllocationLimit;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes as a playlist: the parser returns a playlist or fails with {@link PlaylistException}, allocating within a
 * bound proportional to the input, and what it returns keeps the model's invariants (consecutive sequence numbers,
 * discontinuity numbers that only grow, absolute URIs, the limits). What the recorder does next with a playlist must
 * not fail either: choosing a variant of a master, following a media playlist in a {@link LiveWindow}. Limits are
 * small here so that inputs of a few kilobytes reach them. Seeds are the playlists the unit tests read (RFC 8216
 * examples, ffmpeg 5.1 output, Twitch-like and low-latency playlists).
 */
class PlaylistParserFuzzTest {
    private static final PlaylistLimits LIMITS = new PlaylistLimits(1 << 16, 1024, 64, 16, 16, 32);
    private static final PlaylistParser PARSER = new PlaylistParser(LIMITS);
    private static final URI BASE = URI.create("https://cdn.example.com/live/index.m3u8?token=t");
    /** Every tag and URI line makes a few objects of tens of bytes; 512 per input byte is far above that. */
    private static final long BYTES_PER_INPUT_BYTE = 512;
    private static final long FIXED_ALLOWANCE = 4L * 1024 * 1024;
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        Playlist playlist = AllocationLimit.within(FIXED_ALLOWANCE + BYTES_PER_INPUT_BYTE * input.length,
                "parsing " + input.length + " bytes", () -> {
                    try {
                        return PARSER.parse(input, BASE);
                    } catch (PlaylistException malformed) {
                        assertTrue(malformed.getMessage().length() < 400, "a short message");
                        return null;
                    }
                });
        if (playlist instanceof MediaPlaylist media) {
            checkMedia(media);
        } else if (playlist instanceof MasterPlaylist master) {
            checkMaster(master);
        }
        if (playlist != null) {
            playlist.hashCode();
            playlist.toString();
        }
    }

    private static void checkMedia(MediaPlaylist media) {
        List<MediaSegment> segments = media.segments();
        assertTrue(segments.size() <= LIMITS.maxSegments());
        assertTrue(media.dateRanges().size() <= LIMITS.maxDateRanges());
        assertTrue(media.targetDuration().getSeconds() >= 1);
        long discontinuity = media.discontinuitySequence();
        for (int i = 0; i < segments.size(); i++) {
            MediaSegment segment = segments.get(i);
            assertEquals(media.mediaSequence() + i, segment.mediaSequence());
            assertEquals(discontinuity + (segment.discontinuity() ? 1 : 0), segment.discontinuitySequence());
            discontinuity = segment.discontinuitySequence();
            assertTrue(segment.uri().isAbsolute(), segment.uri().toString());
            assertTrue(!segment.duration().isNegative());
            segment.key().iv(segment.mediaSequence());
        }
        assertTrue(media.nextMediaSequence() >= media.mediaSequence());
        media.isFragmentedMp4();
        segments.forEach(media::inAdBreak);
        follow(media);
    }

    /** Every listed segment is handed out or reported as a gap, once; the same snapshot again brings nothing. */
    private static void follow(MediaPlaylist media) {
        LiveWindow window = new LiveWindow(LiveStart.firstListed());
        LiveWindow.Update first = window.update(media, NOW);
        long gaps = first.gaps().stream().mapToLong(SegmentGap::count).sum();
        assertEquals(media.segments().size(), first.segments().size() + gaps);
        assertEquals(media.isFinished(), first.ended());
        if (!first.ended()) {
            LiveWindow.Update again = window.update(media, NOW.plus(media.targetDuration()));
            assertEquals(List.of(), again.segments());
            assertEquals(List.of(), again.gaps());
            assertTrue(!again.changed() && !again.reset());
        }
        new LiveWindow(LiveStart.liveEdge()).update(media, NOW);
    }

    private static void checkMaster(MasterPlaylist master) {
        assertTrue(master.variants().size() <= LIMITS.maxVariants());
        assertTrue(master.renditions().size() <= LIMITS.maxVariants());
        master.variants().forEach(variant -> assertTrue(variant.uri().isAbsolute(), variant.uri().toString()));
        try {
            VariantChoice choice = VariantChoice.choose(master, VariantPreference.BEST);
            assertTrue(master.variants().contains(choice.variant()));
            VariantChoice.choose(master, VariantPreference.BEST.withMaxHeight(720).withVariantName("720p")
                    .withAudioName("en"));
        } catch (PlaylistException nothingToRecord) {
            assertEquals(VariantChoice.NOTHING_TO_RECORD, nothingToRecord.getMessage());
        }
    }
}
