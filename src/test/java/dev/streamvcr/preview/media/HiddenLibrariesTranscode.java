package dev.streamvcr.preview.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Run by {@link StaticFfmpegFallbackTest} in a process that cannot load the embedded ffmpeg's system libraries: finds
 * ffmpeg as the app does, makes a watermarked preview and an MP4 of {@code <dir>/in.flv}, and prints what it got on
 * lines starting with a key (ORIGIN, TRACKS, INTRO, SEGMENTS, MP4). Exits non-zero on any failure.
 */
public final class HiddenLibrariesTranscode {

    private HiddenLibrariesTranscode() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path input = dir.resolve("in.flv");
        FfmpegTools tools = FfmpegTools.locate(Optional.empty());
        System.out.println("ORIGIN " + tools.origin());
        System.out.println("TRACKS " + MediaTracks.of(tools, input));
        Path font = WatermarkFont.resolve(dir);
        Path intro = IntroSegment.ensure(tools, PreviewProfile.DEFAULT_720P, dir.resolve("intro"), font);
        System.out.printf("INTRO %.1f s%n", IntroSegment.durationSeconds(tools, intro));
        PreviewTranscode transcode = PreviewTranscode.start(tools, PreviewProfile.DEFAULT_720P, input, false,
                dir.resolve("preview"), "viewer · #1", font);
        transcode.exit().get();
        System.out.println("SEGMENTS " + transcode.completedSegments().size() + " finished=" + transcode.finished()
                + transcode.failure().map(f -> " failure=" + f).orElse(""));
        StreamCopyJoin join = StreamCopyJoin.start(tools, List.of(input, input), StreamCopyJoin.Container.MP4, "h264",
                dir.resolve("out.mp4"));
        join.done().get();
        System.out.println("MP4 " + MediaTracks.of(tools, dir.resolve("out.mp4")));
        FfmpegProcess.stopAll();
        System.exit(transcode.finished() ? 0 : 1);
    }
}
