package dev.streamvcr.hls;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real HLS made by Debian's ffmpeg 5.1 for the timeline tests: a 320x240 test card at 30 fps in H.264 (a keyframe each
 * second, B-frames) with a 440 Hz tone in AAC, cut into 1 s segments, as MPEG-TS or fMP4. The playlist is read with
 * the library's own parser, so each segment comes with its EXTINF duration. Also the checks the tests make of what
 * the timelines wrote, by ffprobe and ffmpeg. Call {@link PeerTools#ensureInstalled()} first.
 */
final class HlsEncodings {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** A playlist's segments in order, and its EXT-X-MAP for fMP4 (else null). */
    record Encoding(Path init, List<MediaSegment> segments) {
        Path file(int index) {
            return Path.of(segments.get(index).uri());
        }

        double seconds(int index) {
            return segments.get(index).duration().toNanos() / 1e9;
        }
    }

    private HlsEncodings() {
    }

    /**
     * Encodes {@code seconds} of test card as HLS.
     *
     * @param type     ffmpeg's -hls_segment_type: {@code mpegts} or {@code fmp4}
     * @param tsOffset ffmpeg's -output_ts_offset in seconds: where the timestamps start
     */
    static Encoding encode(Path dir, String name, String type, double tsOffset, int seconds) throws IOException {
        String extension = type.equals("fmp4") ? ".m4s" : ".ts";
        Path playlist = dir.resolve(name + ".m3u8");
        List<String> command = new ArrayList<>(List.of(PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin",
                "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", Integer.toString(seconds), "-c:v", "libx264", "-g", "30",
                "-c:a", "aac", "-output_ts_offset", Double.toString(tsOffset), "-f", "hls", "-hls_time", "1",
                "-hls_playlist_type", "vod", "-hls_segment_type", type,
                "-hls_segment_filename", dir.resolve(name + "%d" + extension).toString()));
        if (type.equals("fmp4")) {
            command.addAll(List.of("-hls_fmp4_init_filename", name + "-init.mp4"));
        }
        command.add(playlist.toString());
        ToolRun.execute(TIMEOUT, command).requireSuccess();
        MediaPlaylist media = (MediaPlaylist) new PlaylistParser().parse(Files.readAllBytes(playlist), playlist.toUri());
        MediaSegment first = media.segments().get(0);
        return new Encoding(first.initSection() == null ? null : Path.of(first.initSection().uri()),
                media.segments());
    }

    /** Reads a file in chunks of 1316 bytes (seven packets, an RTP-style size) plus a ragged end. */
    static List<byte[]> chunks(Path file, int size) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<byte[]> chunks = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += size) {
                byte[] chunk = new byte[Math.min(size, bytes.length - at)];
                System.arraycopy(bytes, at, chunk, 0, chunk.length);
                chunks.add(chunk);
            }
            return chunks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that every stream's packet DTS rises strictly, as ffprobe reads them; @return packets per stream */
    static Map<Integer, Integer> assertDtsRises(Path file) {
        String csv = ToolRun.execute(TIMEOUT, PeerTools.FFPROBE.toString(), "-v", "error", "-show_entries",
                "packet=stream_index,dts", "-of", "csv=p=0", file.toString()).requireSuccess().stdout();
        Map<Integer, Long> last = new HashMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        int line = 0;
        for (String row : csv.strip().split("\n")) {
            String[] fields = row.split(",");
            if (fields.length < 2) {
                continue; // the blank line ffprobe prints after a packet with side data
            }
            line++;
            int stream = Integer.parseInt(fields[0]);
            long dts = Long.parseLong(fields[1]);
            Long previous = last.put(stream, dts);
            assertTrue(previous == null || dts > previous, "stream " + stream + " packet " + line + ": dts " + previous
                    + " -> " + dts + " in " + file.getFileName());
            counts.merge(stream, 1, Integer::sum);
        }
        return counts;
    }

    /** ffprobe's format duration and start_time, in seconds. */
    static double[] durationAndStart(Path file) {
        String out = ToolRun.execute(TIMEOUT, PeerTools.FFPROBE.toString(), "-v", "error", "-show_entries",
                "format=duration,start_time", "-of", "csv=p=0", file.toString()).requireSuccess().stdout().strip();
        String[] fields = out.split(",");
        return new double[] {Double.parseDouble(fields[1]), Double.parseDouble(fields[0])};
    }

    /** What {@code ffmpeg -v error -i file -f null -} printed: empty when a reference decoder found nothing wrong. */
    static String decodeErrors(Path file) {
        ToolRun run = ToolRun.execute(TIMEOUT, PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin", "-v", "error",
                "-i", file.toString(), "-f", "null", "-");
        assertEquals(0, run.exitCode(), run.stderr());
        return run.stderr().strip();
    }

    /** One segment through {@code timeline} in chunks of {@code chunkSize}; what came out, joined. */
    static byte[] rewriteOne(SegmentTimeline timeline, Path segment, int chunkSize) {
        timeline.beginSegment(false);
        List<byte[]> out = new java.util.ArrayList<>();
        chunks(segment, Math.min(chunkSize, 1 << 24)).forEach(chunk -> out.add(timeline.rewrite(chunk)));
        out.add(timeline.endSegment());
        return concat(out);
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
