package dev.streamvcr.hls.origin;

import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.ToolRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream made up front by Debian's ffmpeg 5.1 and its HLS muxer, as VOD (every segment written before serving
 * starts, far faster than real time): a test card at 25 fps in H.264 with a keyframe every 2 s and a tone in AAC, cut
 * into 2 s segments. {@link HlsOrigin} serves each media playlist live, as {@code index.m3u8}, in place of what ffmpeg
 * wrote. Call {@link PeerTools#ensureInstalled()} first.
 */
@FunctionalInterface
public interface HlsMuxing {

    /** ffmpeg's -hls_time, and the keyframe interval that makes every segment exactly this long. */
    int SEGMENT_SECONDS = 2;
    int FRAME_RATE = 25;
    int AUDIO_SAMPLE_RATE = 48_000;
    /** AAC frames of 1024 samples each. */
    double AUDIO_FRAMES_PER_SECOND = AUDIO_SAMPLE_RATE / 1024.0;

    /** Encodes into {@code dir} (the stream's own, empty directory). */
    MuxedStream encode(Path dir);

    /** MPEG-TS segments of a 320x240 picture, with B-frames. */
    static HlsMuxing mpegTs(int seconds) {
        return dir -> single(dir, seconds, List.of());
    }

    /** fMP4 segments ({@code -hls_segment_type fmp4}) after an initialization section {@code init.mp4} (EXT-X-MAP). */
    static HlsMuxing fmp4(int seconds) {
        return dir -> single(dir, seconds, List.of("-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4"));
    }

    /** MPEG-TS segments encrypted with AES-128 ({@code -hls_key_info_file}); the key is served at {@code key.bin}. */
    static HlsMuxing aes128(int seconds) {
        return dir -> {
            byte[] key = new byte[16];
            new SecureRandom().nextBytes(key);
            Path keyFile = write(dir.resolve("key.bin"), key);
            // the key info file: the URI the playlist names, then where ffmpeg reads the key (no IV line: its own)
            Path info = write(dir.resolve("key.info"), ("key.bin\n" + keyFile + "\n").getBytes());
            MuxedStream stream = single(dir, seconds, List.of("-hls_key_info_file", info.toString()));
            return new MuxedStream(stream.renditions(), null, key);
        };
    }

    /**
     * A master playlist ({@code master.m3u8}) with three video variants, 426x240, 640x360 and 1280x720, whose sound
     * is a separate audio rendition in the group all three name ({@code -var_stream_map} with an {@code agroup}), as
     * many sites serve it. Renditions "240p", "360p", "720p" and "audio". The fastest x264 preset: 720p costs.
     */
    static HlsMuxing threeVariantsWithSeparateAudio(int seconds) {
        return dir -> {
            List<String> command = new ArrayList<>(input("testsrc2", "1280x720", 440, seconds));
            command.addAll(List.of("-filter_complex", "[0:v]split=3[a][b][c];[a]scale=426:240[v0];"
                    + "[b]scale=640:360[v1];[c]null[v2]", "-map", "[v0]", "-map", "[v1]", "-map", "[v2]",
                    "-map", "1:a"));
            command.addAll(codecs("ultrafast"));
            command.addAll(List.of("-b:v:0", "300k", "-b:v:1", "800k", "-b:v:2", "2000k"));
            command.addAll(hls());
            command.addAll(List.of("-master_pl_name", "master.m3u8", "-var_stream_map",
                    "a:0,agroup:aud,name:audio v:0,agroup:aud,name:240p v:1,agroup:aud,name:360p "
                            + "v:2,agroup:aud,name:720p",
                    "-hls_segment_filename", dir.resolve("%v/seg%d.ts").toString(),
                    dir.resolve("%v/index.m3u8").toString()));
            run(command);
            Map<String, MuxedStream.Rendition> renditions = new LinkedHashMap<>();
            for (String name : List.of("240p", "360p", "720p", "audio")) {
                renditions.put(name, MuxedStream.read(dir.resolve(name).resolve("index.m3u8")));
            }
            return new MuxedStream(renditions, read(dir.resolve("master.m3u8")), null);
        };
    }

    /**
     * Two separate encodes joined with an EXT-X-DISCONTINUITY, as when an encoder restarts: the second one's
     * timestamps start again where the first one's did (ffmpeg's MPEG-TS muxer starts both at 1.4 s), and it shows
     * another picture and tone.
     */
    static HlsMuxing encoderRestartAfter(int firstSeconds, int secondSeconds) {
        return dir -> {
            MuxedStream.Rendition first = encode(dir, "part1", "testsrc2", 440, firstSeconds, List.of());
            MuxedStream.Rendition second = encode(dir, "part2", "testsrc", 880, secondSeconds, List.of());
            return new MuxedStream(Map.of("", first.followedBy(second)), null, null);
        };
    }

    private static MuxedStream single(Path dir, int seconds, List<String> options) {
        return new MuxedStream(Map.of("", encode(dir, "index", "testsrc2", 440, seconds, options)), null, null);
    }

    /** Encodes {@code playlist}.m3u8 in {@code dir}, its segments named after it. */
    private static MuxedStream.Rendition encode(Path dir, String playlist, String picture, int tone, int seconds,
            List<String> options) {
        List<String> command = new ArrayList<>(input(picture, "320x240", tone, seconds));
        command.addAll(codecs("veryfast"));
        command.addAll(hls());
        command.addAll(options);
        boolean fmp4 = options.contains("fmp4");
        String prefix = playlist.equals("index") ? "seg" : playlist + "-";
        command.addAll(List.of("-hls_segment_filename", dir.resolve(prefix + "%d" + (fmp4 ? ".m4s" : ".ts")).toString(),
                dir.resolve(playlist + ".m3u8").toString()));
        run(command);
        return MuxedStream.read(dir.resolve(playlist + ".m3u8"));
    }

    private static List<String> input(String picture, String size, int tone, int seconds) {
        return List.of(PeerTools.FFMPEG.toString(), "-hide_banner", "-nostdin", "-v", "error",
                "-f", "lavfi", "-i", picture + "=size=" + size + ":rate=" + FRAME_RATE,
                "-f", "lavfi", "-i", "sine=frequency=" + tone + ":sample_rate=" + AUDIO_SAMPLE_RATE, "-t", Integer.toString(seconds));
    }

    private static List<String> codecs(String preset) {
        String gop = Integer.toString(SEGMENT_SECONDS * FRAME_RATE);
        return List.of("-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p", "-g", gop, "-keyint_min", gop,
                "-sc_threshold", "0", "-c:a", "aac", "-b:a", "64k");
    }

    private static List<String> hls() {
        return List.of("-f", "hls", "-hls_time", Integer.toString(SEGMENT_SECONDS), "-hls_playlist_type", "vod");
    }

    private static void run(List<String> command) {
        ToolRun.execute(Duration.ofMinutes(2), command).requireSuccess();
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
