package dev.streamvcr.peer;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A live HLS stream made by ffmpeg's HLS muxer for the tests of a class, which fixture sites serve in their own way
 * (behind a watch session, stitched with ads, under signed addresses). One ffmpeg reads a {@link TestCard} in real time
 * and writes each {@link Rendition} as MPEG-TS segments with a sliding playlist ({@code <track>/live.m3u8}); keyframes
 * fall on the same frames in every rendition, so their segments line up by sequence number. Clips (finished
 * playlists of another card, e.g. ads) are written first, as fast as the CPU allows, one track per rendition named
 * {@code <prefix><rendition>}.
 *
 * <p>A JUnit extension: {@link PeerTools#ensureInstalled()}, the clips and the live ffmpeg before the class's
 * {@code @BeforeAll} methods, returning once every rendition lists two segments; ffmpeg stopped and the files removed
 * after its {@code @AfterAll} methods, also when set-up or a test failed.
 * <pre>{@code
 * @RegisterExtension @Order(1)
 * static final LiveHlsPeer MEDIA = new LiveHlsPeer(TestCard.DEFAULT, 2).withClip("ad-", TestCard.BARS, Duration.ofSeconds(4));
 * }</pre>
 */
public final class LiveHlsPeer implements BeforeAllCallback, AfterAllCallback {

    /** The live playlist of each rendition keeps this many segments; older ones are deleted a little later. */
    public static final int LIST_SIZE = 8;
    private static final Pattern SEGMENT_NAME = Pattern.compile("seg\\d{5}\\.ts");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** One output of the encoder: its name (the track), picture size and video bitrate in ffmpeg's notation. */
    public record Rendition(String name, int width, int height, String videoBitrate) {
    }

    /** One listed segment: its media sequence number, length and file name in its track. */
    public record Segment(long sequence, double seconds, String file) {
    }

    /** What a track's playlist lists now. */
    public record Window(long mediaSequence, int targetDuration, List<Segment> segments) {
    }

    private record Clip(String prefix, TestCard card, Duration length) {
    }

    private final TestCard card;
    private final int segmentSeconds;
    private final List<Rendition> renditions = new ArrayList<>();
    private final List<Clip> clips = new ArrayList<>();
    private Path directory;
    private PeerProcess ffmpeg;

    /** One rendition, {@code source}, at the card's size and 800 kbit/s, in segments of {@code segmentSeconds}. */
    public LiveHlsPeer(TestCard card, int segmentSeconds) {
        this.card = card;
        this.segmentSeconds = segmentSeconds;
        renditions.add(new Rendition("source", card.width(), card.height(), "800k"));
    }

    /** Adds a rendition of the same card at another size and bitrate. */
    public LiveHlsPeer withRendition(String name, int width, int height, String videoBitrate) {
        renditions.add(new Rendition(name, width, height, videoBitrate));
        return this;
    }

    /** Adds a finished clip of {@code clipCard}, {@code length} long, in every rendition (tracks {@code prefix+name}). */
    public LiveHlsPeer withClip(String prefix, TestCard clipCard, Duration length) {
        clips.add(new Clip(prefix, clipCard, length));
        return this;
    }

    public List<Rendition> renditions() {
        return List.copyOf(renditions);
    }

    public int segmentSeconds() {
        return segmentSeconds;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PeerTools.ensureInstalled();
        directory = Files.createTempDirectory("live-hls");
        for (Clip clip : clips) {
            List<String> command = new ArrayList<>(List.of(PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin",
                    "-loglevel", "error"));
            command.addAll(clip.card().inputArguments(false));
            for (Rendition rendition : renditions) {
                command.addAll(output(clip.card(), rendition, clip.prefix() + rendition.name(), clip.length()));
            }
            ToolRun.execute(Duration.ofMinutes(2), command).requireSuccess();
        }
        List<String> command = new ArrayList<>(List.of(PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error"));
        command.addAll(card.inputArguments(true));
        for (Rendition rendition : renditions) {
            command.addAll(output(card, rendition, rendition.name(), null));
        }
        ffmpeg = PeerProcess.start(command);
        await("two segments in every rendition").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!ffmpeg.isAlive()) {
                        throw new IllegalStateException("ffmpeg stopped: " + ffmpeg.stderrTail());
                    }
                    return renditions.stream().allMatch(r -> window(r.name()).segments().size() >= 2);
                });
    }

    /**
     * The arguments of one HLS output into {@code track}: live (a sliding window), or a finished clip of
     * {@code clipLength} (each output needs its own {@code -t}: output options apply to one output).
     */
    private List<String> output(TestCard source, Rendition rendition, String track, Duration clipLength)
            throws IOException {
        Path dir = Files.createDirectories(directory.resolve(track));
        List<String> arguments = new ArrayList<>(List.of("-map", "0:v", "-map", "1:a"));
        if (clipLength != null) {
            arguments.addAll(List.of("-t", String.valueOf(clipLength.toMillis() / 1000.0)));
        }
        arguments.addAll(source.encoderArguments(rendition.videoBitrate()));
        arguments.addAll(List.of("-s", rendition.width() + "x" + rendition.height(),
                // a keyframe exactly every GOP in every output, so segments cut at the same frames
                "-keyint_min", String.valueOf(source.gopFrames()), "-sc_threshold", "0",
                "-f", "hls", "-hls_time", String.valueOf(segmentSeconds)));
        if (clipLength != null) {
            arguments.addAll(List.of("-hls_list_size", "0", "-hls_playlist_type", "vod"));
        } else {
            arguments.addAll(List.of("-hls_list_size", String.valueOf(LIST_SIZE), "-hls_delete_threshold", "4",
                    "-hls_flags", "delete_segments+temp_file"));
        }
        arguments.addAll(List.of("-hls_segment_filename", dir.resolve("seg%05d.ts").toString(),
                dir.resolve("live.m3u8").toString()));
        return arguments;
    }

    /** What {@code track}'s playlist lists now; empty while ffmpeg has written none. */
    public Window window(String track) {
        List<String> lines;
        try {
            lines = Files.readAllLines(track(track).resolve("live.m3u8"));
        } catch (NoSuchFileException e) {
            return new Window(0, segmentSeconds, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long first = 0;
        int target = segmentSeconds;
        double seconds = 0;
        List<Segment> segments = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                first = Long.parseLong(line.substring(22).strip());
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Integer.parseInt(line.substring(22).strip());
            } else if (line.startsWith("#EXTINF:")) {
                seconds = Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                segments.add(new Segment(first + segments.size(), seconds, line.strip()));
            }
        }
        return new Window(first, target, List.copyOf(segments));
    }

    /** {@code track}'s playlist as a site serves it unchanged: its window, segments by their file names. */
    public String mediaPlaylist(String track) {
        Window window = window(track);
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:")
                .append(window.targetDuration()).append("\n#EXT-X-MEDIA-SEQUENCE:").append(window.mediaSequence())
                .append('\n');
        for (Segment segment : window.segments()) {
            playlist.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n%s%n", segment.seconds(), segment.file()));
        }
        return playlist.toString();
    }

    /**
     * The file of a segment of {@code track}, for a fixture to send.
     *
     * @throws IllegalArgumentException when {@code file} is no segment name this encoder writes (so a request
     *                                  path cannot reach other files)
     */
    public Path segment(String track, String file) {
        if (!SEGMENT_NAME.matcher(file).matches()) {
            throw new IllegalArgumentException("not a segment name: " + file);
        }
        return track(track).resolve(file);
    }

    private Path track(String track) {
        boolean known = renditions.stream().anyMatch(r -> r.name().equals(track)) || clips.stream()
                .anyMatch(c -> renditions.stream().anyMatch(r -> (c.prefix() + r.name()).equals(track)));
        if (!known || directory == null) {
            throw new IllegalArgumentException("no track " + track + " (or the encoder is not running)");
        }
        return directory.resolve(track);
    }

    /** What ffmpeg wrote to stderr, for failure messages. */
    public String stderrTail() {
        return ffmpeg == null ? "" : ffmpeg.stderrTail();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        PeerProcess running = ffmpeg;
        ffmpeg = null;
        if (running != null) {
            running.stop(PeerProcess.Signal.INT, Duration.ofSeconds(5));
        }
        Path dir = directory;
        directory = null;
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
