package dev.streamvcr.peer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Independent checks of a media file with Debian's ffprobe/ffmpeg (or, where a method takes a
 * {@link FfmpegBuild}, that build's: ffmpeg 8 for Enhanced FLV), so tests judge what the app wrote
 * by a reference decoder rather than by the app's own parser.
 *
 * <p>Every method reads the whole file (and {@link #probe} decodes it): meant for test-sized files
 * of seconds to minutes. The caller must have called {@link PeerTools#ensureInstalled()}. Failures
 * to run the tool throw {@link IllegalStateException} with ffprobe's own message.
 */
public final class MediaProbe {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MediaProbe() {
    }

    /** Container, duration, real packet span, and per stream the codec and the decoded frame count. */
    public static MediaInfo probe(Path file) {
        return probe(FfmpegBuild.DEBIAN, file);
    }

    /** {@link #probe(Path)} with another build's ffprobe (the embedded ffmpeg 8 for Enhanced FLV). */
    public static MediaInfo probe(FfmpegBuild build, Path file) {
        JsonNode root = ffprobe(build, file, "-show_format", "-show_streams", "-count_frames",
                "-show_entries", "packet=stream_index,pts_time,dts_time");
        JsonNode format = root.path("format");
        List<MediaInfo.StreamInfo> streams = new ArrayList<>();
        for (JsonNode stream : root.path("streams")) {
            streams.add(new MediaInfo.StreamInfo(stream.path("index").asInt(),
                    stream.path("codec_type").asText(), stream.path("codec_name").asText(),
                    stream.path("nb_read_frames").asLong(0), stream.path("width").asInt(0),
                    stream.path("height").asInt(0)));
        }
        return new MediaInfo(format.path("format_name").asText(), seconds(format.path("duration")),
                seconds(format.path("start_time")), packetSpan(packets(root)), List.copyOf(streams));
    }

    /**
     * Decodes every stream with {@code ffmpeg -v error -i file -f null -} and returns what it printed:
     * empty means a reference decoder found nothing wrong. A failed run with no message still
     * returns a non-empty text naming the exit code. The decoded frames keep the file's millisecond time base
     * ({@code -enc_time_base -1}): in the default one of a frame's duration, a recording whose video begins half a
     * frame after its audio (any start mid-stream may) rounds two frames to one tick, which the null muxer reports as
     * an error though nothing is wrong with the file; timestamps are checked by {@link #timestampsMonotonic}.
     */
    public static String decodeErrors(Path file) {
        return decodeErrors(FfmpegBuild.DEBIAN, file);
    }

    /** {@link #decodeErrors(Path)} with another build's ffmpeg (the embedded ffmpeg 8 for Enhanced FLV). */
    public static String decodeErrors(FfmpegBuild build, Path file) {
        ToolRun run = ToolRun.execute(TIMEOUT, build.ffmpeg(List.of("-hide_banner", "-nostdin",
                "-v", "error", "-i", file.toString(), "-enc_time_base", "-1", "-f", "null", "-")));
        String errors = run.stderr().strip();
        if (!run.succeeded() && errors.isEmpty()) {
            return "ffmpeg exited with " + run.exitCode() + " and printed nothing";
        }
        return errors;
    }

    /** Checks that no stream's packet dts ever decreases; reports the first place one does. */
    public static TimestampCheck timestampsMonotonic(Path file) {
        return dtsCheck(file, false);
    }

    /**
     * Checks that every stream's packet dts rises strictly, as the MPEG-TS and MP4 muxers require: a dts equal to its
     * stream's previous one (a timeline that stands still, as after a badly joined segment) fails too, where
     * {@link #timestampsMonotonic} lets it pass. Reports the first packet that does not rise.
     */
    public static TimestampCheck timestampsRising(Path file) {
        return dtsCheck(file, true);
    }

    private static TimestampCheck dtsCheck(Path file, boolean strict) {
        Map<Integer, Double> lastDts = new HashMap<>();
        List<Packet> packets = packets(ffprobe(FfmpegBuild.DEBIAN, file, "-show_entries", "packet=stream_index,dts_time"));
        long checked = 0;
        for (int i = 0; i < packets.size(); i++) {
            Packet packet = packets.get(i);
            if (Double.isNaN(packet.dts())) {
                continue;
            }
            checked++;
            Double previous = lastDts.put(packet.streamIndex(), packet.dts());
            if (previous != null && (packet.dts() < previous || strict && packet.dts() == previous)) {
                return new TimestampCheck(checked, Optional.of(
                        new TimestampCheck.BackwardJump(packet.streamIndex(), i, previous, packet.dts())));
            }
        }
        return new TimestampCheck(checked, Optional.empty());
    }

    /** One packet's timestamps in seconds, NaN where ffprobe had none. */
    private record Packet(int streamIndex, double pts, double dts) {
    }

    private static JsonNode ffprobe(FfmpegBuild build, Path file, String... sections) {
        List<String> command = build.ffprobe(Stream.concat(Stream.of("-v", "error", "-print_format", "json"),
                Stream.concat(Stream.of(sections), Stream.of(file.toString()))).toList());
        ToolRun run = ToolRun.execute(TIMEOUT, command).requireSuccess();
        try {
            return JSON.readTree(run.stdout());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ffprobe printed no valid JSON for " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Packet> packets(JsonNode root) {
        List<Packet> packets = new ArrayList<>();
        for (JsonNode packet : root.path("packets")) {
            packets.add(new Packet(packet.path("stream_index").asInt(),
                    seconds(packet.path("pts_time")), seconds(packet.path("dts_time"))));
        }
        return packets;
    }

    /** Latest minus earliest pts over all streams (dts where a packet has no pts); 0 without packets. */
    private static double packetSpan(List<Packet> packets) {
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (Packet packet : packets) {
            double time = Double.isNaN(packet.pts()) ? packet.dts() : packet.pts();
            if (!Double.isNaN(time)) {
                first = Math.min(first, time);
                last = Math.max(last, time);
            }
        }
        return last >= first ? last - first : 0;
    }

    /** ffprobe prints times as strings, and "N/A" or nothing when unknown. */
    private static double seconds(JsonNode node) {
        try {
            return node.isMissingNode() || node.isNull() ? Double.NaN : Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
