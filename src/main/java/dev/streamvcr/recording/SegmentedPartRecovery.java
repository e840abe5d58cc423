package dev.streamvcr.recording;

import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.reservation.RecordingProgress;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jboss.logging.Logger;

/**
 * Closes an HLS part left by a dead process. Segments are appended as they arrive, so the file holds everything
 * written before the end; an MPEG-TS part is cut back to whole 188-byte packets (a packet cut in two would carry
 * garbage into the next part's join). Its figures are those of its last heartbeat, and its sequence number stays as
 * the heartbeat stored it.
 */
final class SegmentedPartRecovery {

    private static final Logger LOG = Logger.getLogger(SegmentedPartRecovery.class);
    static final int TS_PACKET = 188;

    private SegmentedPartRecovery() {
    }

    /**
     * @param ffmpeg joins an audio rendition left beside the part (see {@link RenditionMux}); null when none can be
     *               run, and the audio file then stays where it is
     */
    static RecordingProgress recover(Path file, PartRecovery.Claim claim, FfmpegTools ffmpeg) throws IOException {
        Path audio = RenditionMux.audioOf(file);
        if (Files.isRegularFile(audio)) {
            cutToPackets(audio, claim);
            if (ffmpeg != null) {
                RenditionMux.join(ffmpeg, file);
            }
        }
        return recover(file, claim);
    }

    private static RecordingProgress recover(Path file, PartRecovery.Claim claim) throws IOException {
        long size = cutToPackets(file, claim);
        LOG.infof("Recovered part %d (%s) of reservation %d: %d bytes, %d ms as of its last heartbeat", claim.partId(),
                claim.relativePath(), claim.reservationId(), size, claim.durationMs());
        return new RecordingProgress(size, claim.durationMs(), 0, null, null);
    }

    /** Cuts an MPEG-TS file back to whole packets; returns its size. */
    private static long cutToPackets(Path file, PartRecovery.Claim claim) throws IOException {
        long size;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            size = channel.size();
            if (file.getFileName().toString().endsWith(".ts") && size % TS_PACKET != 0) {
                long whole = size - size % TS_PACKET;
                channel.truncate(whole);
                LOG.infof("Part %d (%s): cut %d bytes of a packet cut short", claim.partId(), claim.relativePath(),
                        size - whole);
                size = whole;
            }
        }
        return size;
    }
}
