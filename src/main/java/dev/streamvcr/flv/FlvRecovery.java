package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Finalises an FLV file whose writer died before {@link FlvWriter#close()}: one streaming pass over the
 * tags ({@link FlvReader#scanFile}), a cut after the last complete tag (a torn tag or a torn
 * PreviousTagSize at the end is dropped, the trailer restored), the header's TypeFlags corrected and the
 * reserved {@code onMetaData} block rewritten in place with the figures of what is left. Memory is one
 * read chunk, one tag and a bounded keyframe index, whatever the file's size. Blocking: run it off the
 * event loop, and only on a file nothing writes any more.
 *
 * <p>A file that does not start with a block {@link OnMetaData} reserved (written by something else)
 * is still cut to its intact part; its metadata is left as it is, since adding room would mean moving
 * every byte.
 */
public final class FlvRecovery {

    /**
     * What a recovery did.
     *
     * @param bytes the file's size afterwards
     * @param durationMillis highest timestamp of the remaining tags
     * @param cutBytes bytes removed from the end (a torn tag or damage)
     * @param metadataRewritten whether {@code onMetaData} now holds the file's figures
     * @param problem what was wrong with the file before, or {@code null} if its tags were all intact
     */
    public record Result(long bytes, long durationMillis, long cutBytes, boolean metadataRewritten,
            String videoCodec, String audioCodec, String problem) {
    }

    private FlvRecovery() {
    }

    /**
     * Recovers {@code file} in place.
     *
     * @throws FlvFormatException if the file does not even start with an FLV header (nothing is changed)
     */
    public static Result recover(Path file) throws IOException {
        Pass pass = new Pass();
        FlvReader.Scan scan = FlvReader.scanFile(file, pass::accept);
        if (scan.header() == null) {
            throw scan.problem() != null ? scan.problem() : new FlvFormatException(0, "no FLV header");
        }
        MediaTally tally = pass.tally();
        long intact = scan.intactLength();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long before = channel.size();
            if (scan.trailerMissing()) {
                writeFully(channel, ByteBuffer.allocate(4).putInt(0, scan.lastTagSize()), intact - 4);
            }
            channel.truncate(intact);
            if (tally.hasAudio() || tally.hasVideo()) {
                int flags = FlvFormat.typeFlags(tally.hasAudio(), tally.hasVideo());
                writeFully(channel, ByteBuffer.wrap(new byte[] {(byte) flags}), FlvFormat.FLAGS_OFFSET);
            }
            boolean rewritten = false;
            if (pass.metadataOffset >= 0) {
                Buffer block = OnMetaData.finished(pass.streamEntries, tally, intact, pass.metadataLength);
                writeFully(channel, ByteBuffer.wrap(block.getBytes()), pass.metadataOffset);
                rewritten = true;
            }
            channel.force(false);
            String problem = scan.problem() == null ? null : scan.problem().getMessage();
            return new Result(intact, tally.durationMillis(), Math.max(0, before - intact), rewritten,
                    tally.videoCodec(), tally.audioCodec(), problem);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
        long position = at;
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** The scan's consumer: finds the reserved block in the first tag and counts every tag. */
    private static final class Pass {
        private MediaTally tally;
        private long metadataOffset = -1;
        private int metadataLength;
        private Map<String, Object> streamEntries;

        void accept(FlvTag tag) {
            if (tally == null) {
                start(tag);
            }
            tally.note(tag.type(), tag.timestamp(), tag.offset(), tag.data());
        }

        MediaTally tally() {
            return tally != null ? tally : new MediaTally(KeyframeIndex.MIN_CAPACITY);
        }

        private void start(FlvTag first) {
            Map<String, Object> entries = first.type() == TagType.SCRIPT_DATA && first.timestamp() == 0
                    ? ScriptData.onMetaData(first.data()) : null;
            if (entries != null && entries.containsKey(OnMetaData.PADDING)) {
                metadataOffset = first.offset() + FlvFormat.TAG_HEADER_SIZE;
                metadataLength = first.data().length();
                streamEntries = OnMetaData.streamEntries(entries);
            }
            // The block can hold at most one keyframe per 18 bytes; a larger index would only be thinned.
            int fits = metadataLength / 18;
            tally = new MediaTally(Math.max(KeyframeIndex.MIN_CAPACITY, Math.min(KeyframeIndex.MAX_CAPACITY, fits)));
        }
    }
}
