package dev.streamvcr.preview.media;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.preview.media.PreviewTranscode.Corner;
import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PreviewTranscodeTest {

    private static final PreviewProfile PROFILE = PreviewProfile.DEFAULT_720P;
    private static final int WIDTH = PROFILE.width();
    private static final int HEIGHT = PROFILE.height();
    /** A rectangle in a corner that holds the whole watermark box of a short text. */
    private static final int REGION_WIDTH = 320;
    private static final int REGION_HEIGHT = 100;
    private static final List<String> VIDEO_FIELDS = List.of("codec_name", "profile", "level", "width", "height",
            "r_frame_rate", "sample_aspect_ratio", "pix_fmt", "time_base");
    private static final List<String> AUDIO_FIELDS = List.of("codec_name", "profile", "sample_rate", "channels",
            "channel_layout", "time_base");

    private static Path work;
    private static Path font;
    private static Path source;
    private static PreviewTranscode alice;
    private static PreviewTranscode bob;

    @BeforeAll
    static void transcodeOneRecordingForTwoViewers() throws Exception {
        FfmpegTools tools = MediaFixtures.tools();
        work = Files.createTempDirectory(MediaFixtures.work(), "transcode-");
        font = WatermarkFont.resolve(work);
        source = MediaFixtures.sourceFlv(8, true);
        alice = PreviewTranscode.start(tools, PROFILE, source, false, work.resolve("alice"), "alice · #1", font);
        bob = PreviewTranscode.start(tools, PROFILE, source, false, work.resolve("bob"), "bob · #2", font);
        CompletableFuture.allOf(alice.exit(), bob.exit()).get(2, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stopLeftovers() {
        FfmpegProcess.stopAll();
    }

    @Test
    void introAndPreviewSegmentsHaveIdenticalCodecParameters() {
        Path intro = IntroSegment.ensure(MediaFixtures.tools(), PROFILE, work.resolve("cache"), font);
        Map<String, Map<String, String>> introStreams = MediaFixtures.streams(intro);
        List<Segment> segments = alice.completedSegments();

        for (Segment segment : List.of(segments.get(0), segments.get(segments.size() - 2))) {
            Map<String, Map<String, String>> previewStreams = MediaFixtures.streams(alice.outputDir().resolve(segment.name()));
            for (String field : VIDEO_FIELDS) {
                assertEquals(introStreams.get("video").get(field), previewStreams.get("video").get(field),
                        "video " + field + " of " + segment.name());
            }
            for (String field : AUDIO_FIELDS) {
                assertEquals(introStreams.get("audio").get(field), previewStreams.get("audio").get(field),
                        "audio " + field + " of " + segment.name());
            }
        }
        Map<String, String> video = introStreams.get("video");
        assertEquals(List.of("h264", "High", "31", "1280", "720", "30/1", "1:1", "yuv420p", "1/90000"),
                VIDEO_FIELDS.stream().map(video::get).toList());
        Map<String, String> audio = introStreams.get("audio");
        assertEquals(List.of("aac", "LC", "48000", "2", "stereo", "1/90000"),
                AUDIO_FIELDS.stream().map(audio::get).toList());
    }

    @Test
    void watermarkIsInTheCornerOfTheMomentAndNotInTheOpposite() {
        // t = 1 s: frame 30 of the first segment; t = 6 s: frame 0 of the fourth (segments are 2 s).
        assertWatermarkAt(1.0, "seg-00001.ts", 30);
        assertWatermarkAt(6.0, "seg-00004.ts", 0);
    }

    private static void assertWatermarkAt(double seconds, String segment, int frameInSegment) {
        byte[] preview = MediaFixtures.grayFrame(alice.outputDir().resolve(segment), frameInSegment, WIDTH, HEIGHT);
        byte[] original = sameFrameOfSource(preview, (int) Math.round(seconds * PROFILE.frameRate()));
        Corner corner = PreviewTranscode.cornerAt(seconds);

        double inCorner = difference(original, preview, corner);
        double opposite = difference(original, preview, opposite(corner));

        System.out.printf("t=%.1f s, watermark %s: mean |preview - source| %.2f there, %.2f in the opposite corner%n",
                seconds, corner, inCorner, opposite);
        assertTrue(inCorner > 4, "the watermark changes the picture in " + corner + ": " + inCorner);
        assertTrue(inCorner > 4 * opposite, corner + " " + inCorner + " vs opposite " + opposite);
    }

    /**
     * The source frame shown in {@code preview}: the one, near {@code expected}, that differs least
     * from it in the middle of the picture (where no watermark goes). The constant frame rate
     * conversion may shift frames by one or two against the source's millisecond timestamps.
     */
    private static byte[] sameFrameOfSource(byte[] preview, int expected) {
        List<byte[]> candidates = MediaFixtures.grayFrames(source, expected - 3, 7, WIDTH, HEIGHT);
        byte[] best = null;
        double bestDifference = Double.MAX_VALUE;
        for (byte[] candidate : candidates) {
            double middle = MediaFixtures.meanAbsoluteDifference(candidate, preview, WIDTH,
                    WIDTH / 4, HEIGHT / 4, WIDTH * 3 / 4, HEIGHT * 3 / 4);
            if (middle < bestDifference) {
                bestDifference = middle;
                best = candidate;
            }
        }
        assertTrue(bestDifference < 2, "some source frame matches the preview's middle: " + bestDifference);
        return best;
    }

    @Test
    void twoViewersPreviewsDifferInTheWatermarkCorner() {
        byte[] ofAlice = MediaFixtures.grayFrame(alice.outputDir().resolve("seg-00001.ts"), 30, WIDTH, HEIGHT);
        byte[] ofBob = MediaFixtures.grayFrame(bob.outputDir().resolve("seg-00001.ts"), 30, WIDTH, HEIGHT);
        Corner corner = PreviewTranscode.cornerAt(1.0);

        double inCorner = difference(ofAlice, ofBob, corner);
        double opposite = difference(ofAlice, ofBob, opposite(corner));

        System.out.printf("alice vs bob at t=1 s: mean difference %.2f in %s, %.2f in the opposite corner%n",
                inCorner, corner, opposite);
        assertTrue(inCorner > 3, "texts differ in " + corner + ": " + inCorner);
        assertTrue(inCorner > 4 * opposite, corner + " " + inCorner + " vs opposite " + opposite);
    }

    @Test
    void finishedTranscodeListsCompleteSegmentsUnderFinalNamesAndEnds() throws Exception {
        assertTrue(alice.finished(), alice.failure().orElse("not finished"));
        assertTrue(alice.failure().isEmpty());
        assertTrue(Files.readString(alice.outputDir().resolve(PreviewTranscode.PLAYLIST)).contains("#EXT-X-ENDLIST"));
        List<Segment> segments = alice.completedSegments();
        for (int i = 0; i < segments.size(); i++) {
            assertEquals(String.format("seg-%05d.ts", i + 1), segments.get(i).name());
            assertTrue(Files.isRegularFile(alice.outputDir().resolve(segments.get(i).name())));
        }
        assertEquals(2.0, segments.get(0).durationSeconds(), 0.001);
        assertEquals(8.0, segments.stream().mapToDouble(Segment::durationSeconds).sum(), 0.1);
        try (Stream<Path> files = Files.list(alice.outputDir())) {
            List<String> names = files.map(path -> path.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().noneMatch(name -> name.endsWith(".tmp")), names.toString());
            assertFalse(names.contains(PreviewTranscode.WATERMARK_FILE), "removed after the run: " + names);
        }
    }

    @Test
    void growingInputYieldsSegmentsWhileGrowingAndEndsAfterItStops() throws Exception {
        byte[] recording = Files.readAllBytes(MediaFixtures.sourceFlv(12, true));
        Path growing = work.resolve("growing.flv");
        int chunks = 12;
        int chunk = recording.length / chunks;
        long[] lastWrite = new long[1];
        try (OutputStream out = Files.newOutputStream(growing)) {
            out.write(recording, 0, chunk);
            out.flush();
            PreviewTranscode transcode = PreviewTranscode.start(MediaFixtures.tools(), PROFILE, growing, true,
                    work.resolve("growing"), "carol · #3", font);
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 1; i < chunks; i++) {
                        Thread.sleep(500); // the file grows over 5.5 s, as a recording does, for ffmpeg to follow
                        int end = i == chunks - 1 ? recording.length : (i + 1) * chunk;
                        out.write(recording, i * chunk, end - i * chunk);
                        out.flush();
                    }
                    lastWrite[0] = System.nanoTime();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            int[] listedWhileGrowing = {0};
            // a look every 100 ms while the file grows: what is listed exists, and ffmpeg keeps waiting
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
                List<Segment> listed = transcode.completedSegments();
                for (Segment segment : listed) {
                    assertTrue(Files.isRegularFile(transcode.outputDir().resolve(segment.name())), segment.name());
                }
                listedWhileGrowing[0] = Math.max(listedWhileGrowing[0], listed.size());
                assertFalse(transcode.exit().isDone(), "ffmpeg waits while the file grows");
                return !writer.isAlive();
            });
            writer.join();

            int code = transcode.exit().get(1, TimeUnit.MINUTES);
            double endedAfter = (System.nanoTime() - lastWrite[0]) / 1e9;

            System.out.printf("growing input: %d segments listed while it grew; ffmpeg ended %.1f s after the last write%n",
                    listedWhileGrowing[0], endedAfter);
            assertEquals(0, code, transcode.failure().orElse(""));
            assertTrue(listedWhileGrowing[0] >= 1, "segments while growing: " + listedWhileGrowing[0]);
            // Two idle reads in turn, plus whatever backlog a busy machine left ffmpeg to encode.
            double idle = PreviewTranscode.GROWTH_IDLE_TIMEOUT.toMillis() / 1000.0;
            assertTrue(endedAfter >= 2 * idle - 0.5 && endedAfter <= 2 * idle + 15, "ended after " + endedAfter + " s");
            assertTrue(transcode.finished());
            assertEquals(12.0, transcode.completedSegments().stream().mapToDouble(Segment::durationSeconds).sum(), 0.1);
        }
    }

    /** HLS recordings keep MPEG-TS or fragmented MP4 parts: both preview as an FLV part does. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ts", "mp4"})
    void hlsPartsArePreviewedLikeFlvOnes(String extension) throws Exception {
        Path part = work.resolve("hls-part." + extension);
        List<String> container = extension.equals("ts") ? List.of("-f", "mpegts")
                : List.of("-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof");
        List<String> remux = new java.util.ArrayList<>(List.of("-y", "-i", MediaFixtures.sourceFlv(4, true).toString(),
                "-c", "copy"));
        remux.addAll(container);
        remux.add(part.toString());
        FfmpegProcess.run(MediaFixtures.tools(), remux, MediaFixtures.TIMEOUT);
        Path output = Files.createDirectories(work.resolve("hls-" + extension));

        PreviewTranscode transcode = PreviewTranscode.start(MediaFixtures.tools(), PROFILE, part, false, output,
                "erin · #5", font);
        assertEquals(0, transcode.exit().get(1, TimeUnit.MINUTES), transcode.failure().orElse(""));

        assertEquals(4.0, transcode.completedSegments().stream().mapToDouble(Segment::durationSeconds).sum(), 0.1);
        assertEquals("aac", MediaFixtures.streams(output.resolve("seg-00002.ts")).get("audio").get("codec_name"));
    }

    @Test
    void sourceWithoutAudioGetsSilenceAndStaleFilesAreCleared() throws Exception {
        Path output = Files.createDirectories(work.resolve("silent"));
        Files.writeString(output.resolve(PreviewTranscode.PLAYLIST), "#EXTM3U\n#EXTINF:2.0,\nseg-00009.ts\n");
        Files.writeString(output.resolve("seg-00009.ts"), "stale");
        Files.writeString(output.resolve("seg-00010.ts.tmp"), "half");

        PreviewTranscode transcode = PreviewTranscode.start(MediaFixtures.tools(), PROFILE,
                MediaFixtures.sourceFlv(4, false), false, output, "dave · #4", font);
        assertEquals(0, transcode.exit().get(1, TimeUnit.MINUTES), transcode.failure().orElse(""));

        assertFalse(Files.exists(output.resolve("seg-00009.ts")));
        assertFalse(Files.exists(output.resolve("seg-00010.ts.tmp")));
        assertEquals(List.of("seg-00001.ts", "seg-00002.ts"),
                transcode.completedSegments().stream().map(Segment::name).toList());
        Map<String, String> audio = MediaFixtures.streams(output.resolve("seg-00002.ts")).get("audio");
        assertEquals(List.of("aac", "48000", "2"),
                Arrays.asList(audio.get("codec_name"), audio.get("sample_rate"), audio.get("channels")));
    }

    @Test
    void aRecordingInSeveralPartsIsPreviewedWholeOnceFinishedAndByItsGrowingPartBefore() throws Exception {
        // After a restart a recording continues in a new part; a quote in the path tests the concat list's quoting.
        Path first = Files.createDirectories(work.resolve("o'clock")).resolve("part-0001.flv");
        Files.copy(MediaFixtures.sourceFlv(4, true), first, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path second = MediaFixtures.sourceFlv(6, true);

        PreviewTranscode whole = PreviewTranscode.start(MediaFixtures.tools(), PROFILE, List.of(first, second), false,
                work.resolve("parts"), "frank · #6", font);
        assertEquals(0, whole.exit().get(2, TimeUnit.MINUTES), whole.failure().orElse(""));
        assertTrue(whole.finished());
        assertEquals(10.0, whole.completedSegments().stream().mapToDouble(Segment::durationSeconds).sum(), 0.1,
                "both parts, one after the other");

        // Still recording: the part being written, followed (here it does not grow, so ffmpeg ends after waiting).
        PreviewTranscode growing = PreviewTranscode.start(MediaFixtures.tools(), PROFILE, List.of(first, second), true,
                work.resolve("parts-growing"), "frank · #6", font);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> growing.completedSegments().size() >= 3);
        growing.stop();
        growing.exit().get(FfmpegProcess.STOP_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        assertEquals(6.0, growing.completedSegments().stream().mapToDouble(Segment::durationSeconds).sum(), 0.1,
                "the last part only");
    }

    @Test
    void stoppedTranscodeIsNeitherFinishedNorFailed() throws Exception {
        // Read as growing, so ffmpeg would wait ~10 s at the end of this complete file.
        PreviewTranscode transcode = PreviewTranscode.start(MediaFixtures.tools(), PROFILE, source, true,
                work.resolve("stopped"), "erin · #5", font);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !transcode.completedSegments().isEmpty());
        assertFalse(transcode.completedSegments().isEmpty());

        transcode.stop();

        transcode.exit().get(FfmpegProcess.STOP_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
        assertFalse(transcode.finished());
        assertTrue(transcode.failure().isEmpty(), transcode.failure().orElse(""));
        for (Segment segment : transcode.completedSegments()) {
            assertTrue(Files.isRegularFile(transcode.outputDir().resolve(segment.name())));
        }
    }

    private static double difference(byte[] a, byte[] b, Corner corner) {
        int x0 = switch (corner) {
            case TOP_LEFT, BOTTOM_LEFT -> 0;
            case TOP_RIGHT, BOTTOM_RIGHT -> WIDTH - REGION_WIDTH;
        };
        int y0 = switch (corner) {
            case TOP_LEFT, TOP_RIGHT -> 0;
            case BOTTOM_LEFT, BOTTOM_RIGHT -> HEIGHT - REGION_HEIGHT;
        };
        return MediaFixtures.meanAbsoluteDifference(a, b, WIDTH, x0, y0, x0 + REGION_WIDTH, y0 + REGION_HEIGHT);
    }

    private static Corner opposite(Corner corner) {
        return Corner.values()[(corner.ordinal() + 2) % 4];
    }
}
