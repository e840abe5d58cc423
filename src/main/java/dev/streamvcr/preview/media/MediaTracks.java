package dev.streamvcr.preview.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tracks of a media file as ffprobe reads them: each one's kind ({@code video}, {@code audio}, …) and codec
 * name as ffmpeg spells it ({@code h264}, {@code hevc}, {@code aac}, …), and the file's duration.
 *
 * @param durationSeconds NaN when ffprobe could not tell
 */
public record MediaTracks(List<Track> tracks, double durationSeconds) {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * ffmpeg itself crashed reading a file (the static 4.4.1 build does on MPEG-TS input on some machines): says
     * nothing about the file.
     */
    public static final class Crash extends FfmpegException {
        Crash(String message) {
            super(message);
        }
    }

    /** One track. */
    public record Track(String kind, String codec) {
    }

    /**
     * Reads the tracks of {@code file}.
     *
     * @throws FfmpegException when ffprobe cannot read it (not a media file, damaged header); the message holds
     *     ffprobe's reason
     */
    public static MediaTracks of(FfmpegTools tools, Path file) {
        if (tools.ffprobe() == null) {
            return fromFfmpeg(tools, file);
        }
        String output = FfmpegProcess.probe(tools, List.of("-v", "error", "-show_entries",
                "stream=codec_type,codec_name:format=duration", "-of", "default=nw=0", "file:" + file.toAbsolutePath()),
                PROBE_TIMEOUT);
        return parse(output);
    }

    /** ffprobe's default writer: {@code [STREAM]} sections of {@code key=value} lines, then {@code [FORMAT]}. */
    static MediaTracks parse(String output) {
        List<Track> tracks = new ArrayList<>();
        String kind = null;
        String codec = null;
        double duration = Double.NaN;
        for (String line : output.lines().map(String::strip).toList()) {
            if (line.equals("[STREAM]")) {
                kind = null;
                codec = null;
            } else if (line.equals("[/STREAM]")) {
                tracks.add(new Track(kind == null ? "unknown" : kind, codec == null ? "unknown" : codec));
            } else if (line.startsWith("codec_type=")) {
                kind = line.substring("codec_type=".length());
            } else if (line.startsWith("codec_name=")) {
                codec = line.substring("codec_name=".length());
            } else if (line.startsWith("duration=")) {
                try {
                    duration = Double.parseDouble(line.substring("duration=".length()));
                } catch (NumberFormatException unknown) {
                    duration = Double.NaN; // "N/A"
                }
            }
        }
        return new MediaTracks(List.copyOf(tracks), duration);
    }

    /**
     * Without ffprobe (the static fallback): what {@code ffmpeg -i} prints about its input before it complains that
     * no output was given: {@code Duration: 00:00:04.02, …} and {@code Stream #0:0: Video: h264 (High), …}.
     */
    private static MediaTracks fromFfmpeg(FfmpegTools tools, Path file) {
        FfmpegProcess process = FfmpegProcess.start(tools, List.of("-i", "file:" + file.toAbsolutePath()));
        int code = process.await(PROBE_TIMEOUT);
        if (code > 128) {
            throw new Crash(process.failure("crashed (signal " + (code - 128) + ") reading " + file).getMessage());
        }
        String log = process.stderrTail();
        MediaTracks tracks = parseFfmpegLog(log);
        if (tracks.tracks().isEmpty() && !log.contains("Input #0")) {
            throw process.failure("could not read " + file);
        }
        return tracks;
    }

    private static final java.util.regex.Pattern STREAM = java.util.regex.Pattern.compile(
            "^\\s*Stream #\\d+:\\d+\\S*: (\\w+): ([\\w-]+)");
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
            "^\\s*Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    static MediaTracks parseFfmpegLog(String log) {
        List<Track> tracks = new ArrayList<>();
        double duration = Double.NaN;
        for (String line : log.lines().toList()) {
            java.util.regex.Matcher stream = STREAM.matcher(line);
            java.util.regex.Matcher length = DURATION.matcher(line);
            if (stream.find()) {
                tracks.add(new Track(stream.group(1).toLowerCase(java.util.Locale.ROOT), stream.group(2)));
            } else if (length.find()) {
                duration = Integer.parseInt(length.group(1)) * 3600 + Integer.parseInt(length.group(2)) * 60
                        + Double.parseDouble(length.group(3));
            }
        }
        return new MediaTracks(List.copyOf(tracks), duration);
    }

    /** The first track of {@code kind}. */
    public Optional<Track> first(String kind) {
        return tracks.stream().filter(track -> track.kind().equals(kind)).findFirst();
    }

    public boolean hasVideo() {
        return first("video").isPresent();
    }
}
