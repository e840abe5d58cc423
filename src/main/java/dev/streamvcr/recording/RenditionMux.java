package dev.streamvcr.recording;

import dev.streamvcr.preview.media.FfmpegProcess;
import dev.streamvcr.preview.media.FfmpegTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * Joins the audio rendition an HLS part recorded beside its video ({@code part-0001.audio.ts} beside
 * {@code part-0001.ts}) into the part, so the recording is one file with both: ffmpeg copies the streams (no
 * re-encoding) into a new file, which then replaces the part. Both files share one timeline (see
 * {@link dev.streamvcr.hls.TsTimeline#startFrom}), so no offset is needed. Blocking.
 */
final class RenditionMux {

    static final String AUDIO_SUFFIX = ".audio.ts";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private RenditionMux() {
    }

    /** Where the audio rendition of {@code part} is written. */
    static Path audioOf(Path part) {
        String name = part.getFileName().toString();
        return part.resolveSibling(name.substring(0, name.lastIndexOf('.')) + AUDIO_SUFFIX);
    }

    /**
     * Joins the audio file of {@code part} into it and deletes the audio file; does nothing when there is none.
     *
     * @throws IOException when the files cannot be read or written
     * @throws dev.streamvcr.preview.media.FfmpegException when ffmpeg is missing or fails (both files stay)
     */
    static void join(FfmpegTools tools, Path part) throws IOException {
        Path audio = audioOf(part);
        if (!Files.isRegularFile(audio)) {
            return;
        }
        if (Files.size(audio) == 0) {
            Files.delete(audio);
            return;
        }
        Path joined = part.resolveSibling(part.getFileName() + ".joining");
        try {
            FfmpegProcess.run(tools, List.of("-nostdin", "-v", "error", "-y", "-i", part.toString(), "-i",
                    audio.toString(), "-map", "0:v?", "-map", "1:a", "-c", "copy", "-f", "mpegts", joined.toString()),
                    TIMEOUT);
            Files.move(joined, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(audio);
        } finally {
            Files.deleteIfExists(joined);
        }
    }
}
