package dev.streamvcr.flv;

import io.vertx.core.buffer.Buffer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes what {@link FlvWriter} leaves on disk when its process dies before {@code close()}: the header,
 * the reserved {@code onMetaData} block with zero figures, sequence headers, then video at 25 fps with a
 * keyframe every 25 frames and an audio frame after each video frame. Streams to disk, so files of any
 * size can be made without holding them.
 */
public final class DeadWriterFile {

    static final int FRAME_MS = 40;
    static final int GOP = 25;

    private DeadWriterFile() {
    }

    /** Writes {@code frames} video frames of {@code videoBytes} each; returns the file's size. */
    public static long write(Path file, int frames, int videoBytes, int keyframeCapacity) throws IOException {
        Map<String, Object> entries = OnMetaData.streamEntries(Map.of("width", 320.0, "height", 240.0));
        long size = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            size += put(out, FlvFormat.fileStart(true, true));
            size += put(out, FlvFormat.tag(TagType.SCRIPT_DATA, 0,
                    OnMetaData.initial(entries, OnMetaData.reservedLength(entries, keyframeCapacity))));
            size += put(out, FlvFormat.tag(TagType.VIDEO, 0, SyntheticMedia.avcSequenceHeader(1)));
            size += put(out, FlvFormat.tag(TagType.AUDIO, 0, SyntheticMedia.aacSequenceHeader()));
            byte[] filler = new byte[videoBytes];
            for (int i = 0; i < frames; i++) {
                Buffer video = Buffer.buffer(new byte[] {(byte) (i % GOP == 0 ? 0x17 : 0x27), 1, 0, 0, 0})
                        .appendInt(i).appendBytes(filler);
                size += put(out, FlvFormat.tag(TagType.VIDEO, (long) i * FRAME_MS, video));
                size += put(out, FlvFormat.tag(TagType.AUDIO, (long) i * FRAME_MS + 20, SyntheticMedia.aacFrame(i)));
            }
        }
        return size;
    }

    private static int put(OutputStream out, Buffer bytes) throws IOException {
        out.write(bytes.getBytes());
        return bytes.length();
    }
}
