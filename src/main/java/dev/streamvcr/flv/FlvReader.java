package dev.streamvcr.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads FLV tags incrementally (FLV spec E.2, E.3, E.4.1). Feed it any slicing of the input: each
 * {@link #next(ByteBuf)} consumes what it can and returns a tag once one is complete. Memory is
 * bounded by one tag (at most 16 MiB plus 11 bytes), whatever the file size.
 *
 * <p>Malformed input raises {@link FlvFormatException} naming the field, the value found, what was
 * expected and the offset; after that the reader stays failed and rethrows the same exception.
 */
public final class FlvReader {

    private enum State { READ_HEADER, SKIP_HEADER_EXTENSION, READ_PREVIOUS_TAG_SIZE, READ_TAG, BAD_INPUT }

    private State state = State.READ_HEADER;
    /** File offset of the next unconsumed byte. */
    private long offset;
    private FlvHeader header;
    private long headerExtensionLeft;
    private long expectedPreviousTagSize;
    private long previousTagOffset = -1;
    private FlvFormatException failure;

    /** The header, once read; {@code null} before. */
    public FlvHeader header() {
        return header;
    }

    /** Offset of the first byte not yet consumed. */
    public long offset() {
        return offset;
    }

    /**
     * Consumes bytes from {@code in} and returns the next complete tag, or {@code null} when
     * {@code in} ends before one is complete (the partial bytes are left unread in {@code in}).
     */
    public FlvTag next(ByteBuf in) {
        while (true) {
            switch (state) {
                case READ_HEADER -> {
                    if (in.readableBytes() < FlvFormat.HEADER_SIZE) {
                        return null;
                    }
                    readHeader(in);
                }
                case SKIP_HEADER_EXTENSION -> {
                    int skip = (int) Math.min(headerExtensionLeft, in.readableBytes());
                    in.skipBytes(skip);
                    offset += skip;
                    headerExtensionLeft -= skip;
                    if (headerExtensionLeft > 0) {
                        return null;
                    }
                    state = State.READ_PREVIOUS_TAG_SIZE;
                }
                case READ_PREVIOUS_TAG_SIZE -> {
                    if (in.readableBytes() < FlvFormat.PREVIOUS_TAG_SIZE_SIZE) {
                        return null;
                    }
                    long size = in.getUnsignedInt(in.readerIndex());
                    if (size != expectedPreviousTagSize) {
                        throw fail(offset, previousTagOffset < 0
                                ? "PreviousTagSize0 is " + size + ", must be 0"
                                : "PreviousTagSize is " + size + ", expected " + expectedPreviousTagSize
                                        + " for the tag at byte " + previousTagOffset);
                    }
                    in.skipBytes(FlvFormat.PREVIOUS_TAG_SIZE_SIZE);
                    offset += FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
                    state = State.READ_TAG;
                }
                case READ_TAG -> {
                    return readTag(in);
                }
                case BAD_INPUT -> throw failure;
                default -> throw new IllegalStateException("unknown state " + state);
            }
        }
    }

    /**
     * Declares the end of input. Passes only if the input ended right after a PreviousTagSize,
     * which is where every complete FLV file ends.
     */
    public void finish(ByteBuf in) {
        if (state == State.BAD_INPUT) {
            throw failure;
        }
        if (state == State.READ_TAG && !in.isReadable()) {
            return;
        }
        String item = switch (state) {
            case READ_HEADER, SKIP_HEADER_EXTENSION -> "header";
            case READ_PREVIOUS_TAG_SIZE -> previousTagOffset < 0 ? "PreviousTagSize0" : "PreviousTagSize";
            case READ_TAG -> "tag";
            default -> throw new IllegalStateException("unknown state " + state);
        };
        int left = in.readableBytes();
        throw fail(offset, left == 0 ? "input ends before the " + item
                : "input ends inside the " + item + ", " + left + " of its bytes present");
    }

    /** Every tag of a complete file held in memory (tests, fuzzing, small files). */
    public static List<FlvTag> readAll(ByteBuf in) {
        FlvReader reader = new FlvReader();
        List<FlvTag> tags = new ArrayList<>();
        for (FlvTag tag = reader.next(in); tag != null; tag = reader.next(in)) {
            tags.add(tag);
        }
        reader.finish(in);
        return tags;
    }

    /** Size of each read from a file; with one tag (at most 16 MiB) the most a file scan holds. */
    static final int READ_CHUNK = 64 * 1024;

    /**
     * How a file scan ended.
     *
     * @param header the header, or {@code null} if the file does not start with a valid one
     * @param intactLength bytes from the start that form a complete FLV file: up to and including the
     *     PreviousTagSize of the last complete tag (the header and PreviousTagSize0 for a file without
     *     tags); 0 without a valid header
     * @param lastTagSize size of the last complete tag, the value its PreviousTagSize must hold; 0 if none
     * @param trailerMissing whether the last complete tag's PreviousTagSize is missing or torn, so
     *     {@code intactLength} counts 4 bytes the file does not (correctly) hold
     * @param problem why the file is not a complete FLV file, or {@code null} if it is
     */
    public record Scan(FlvHeader header, long intactLength, int lastTagSize, boolean trailerMissing,
            FlvFormatException problem) {
    }

    /**
     * Reads a file front to back with blocking I/O, handing each tag to {@code consumer}; run it
     * on a worker thread. Returns the header.
     *
     * @throws FlvFormatException if the file is not a complete, well-formed FLV file
     */
    public static FlvHeader readFile(Path file, Consumer<FlvTag> consumer) throws IOException {
        Scan scan = scanFile(file, consumer);
        if (scan.problem() != null) {
            throw scan.problem();
        }
        return scan.header();
    }

    /**
     * Like {@link #readFile(Path, Consumer)} but reports a damaged or torn file instead of failing: every
     * complete tag before the damage reaches {@code consumer}, and the result says where the intact part
     * ends. Memory: one read chunk plus one tag, whatever the file's size.
     */
    public static Scan scanFile(Path file, Consumer<FlvTag> consumer) throws IOException {
        FlvReader reader = new FlvReader();
        ByteBuf pending = Unpooled.buffer(READ_CHUNK);
        long lastTagEnd = -1;
        int lastTagSize = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            try {
                while (channel.read(chunk.clear()) >= 0) {
                    pending.writeBytes(chunk.flip());
                    for (FlvTag tag = reader.next(pending); tag != null; tag = reader.next(pending)) {
                        lastTagEnd = tag.offset() + tag.size();
                        lastTagSize = tag.size();
                        consumer.accept(tag);
                    }
                    pending.discardReadBytes();
                }
                reader.finish(pending);
                return reader.scan(lastTagEnd, lastTagSize, null);
            } catch (FlvFormatException problem) {
                return reader.scan(lastTagEnd, lastTagSize, problem);
            }
        } finally {
            pending.release();
        }
    }

    private Scan scan(long lastTagEnd, int lastTagSize, FlvFormatException problem) {
        if (header == null) {
            return new Scan(null, 0, 0, false, problem);
        }
        if (lastTagEnd < 0) {
            long start = header.dataOffset() + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
            return new Scan(header, start, 0, problem != null && offset < start, problem);
        }
        long intact = lastTagEnd + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
        // The reader consumed the trailer only if it got past it (to the next tag, or to the end).
        boolean trailerRead = offset >= intact;
        return new Scan(header, intact, lastTagSize, !trailerRead, problem);
    }

    private void readHeader(ByteBuf in) {
        int start = in.readerIndex();
        if (in.getByte(start) != 'F' || in.getByte(start + 1) != 'L' || in.getByte(start + 2) != 'V') {
            throw fail(offset, String.format("signature is 0x%02X 0x%02X 0x%02X, expected 'FLV'",
                    in.getByte(start), in.getByte(start + 1), in.getByte(start + 2)));
        }
        int version = in.getUnsignedByte(start + 3);
        if (version != 1) {
            throw fail(offset + 3, "version is " + version + ", only 1 is defined");
        }
        int flags = in.getUnsignedByte(start + FlvFormat.FLAGS_OFFSET);
        long dataOffset = in.getUnsignedInt(start + 5);
        if (dataOffset < FlvFormat.HEADER_SIZE) {
            throw fail(offset + 5, "DataOffset is " + dataOffset + ", below the header size " + FlvFormat.HEADER_SIZE);
        }
        header = new FlvHeader(version, (flags & FlvFormat.FLAG_AUDIO) != 0, (flags & FlvFormat.FLAG_VIDEO) != 0,
                dataOffset);
        in.skipBytes(FlvFormat.HEADER_SIZE);
        offset += FlvFormat.HEADER_SIZE;
        headerExtensionLeft = dataOffset - FlvFormat.HEADER_SIZE;
        state = State.SKIP_HEADER_EXTENSION;
    }

    private FlvTag readTag(ByteBuf in) {
        if (in.readableBytes() < FlvFormat.TAG_HEADER_SIZE) {
            return null;
        }
        int start = in.readerIndex();
        int first = in.getUnsignedByte(start);
        if ((first & 0x20) != 0) {
            throw fail(offset, "tag has the Filter bit set; encrypted tags are not supported");
        }
        if ((first & 0xC0) != 0) {
            throw fail(offset, String.format("tag's reserved bits are set (first byte 0x%02X), must be 0", first));
        }
        TagType type = TagType.ofId(first);
        if (type == null) {
            throw fail(offset, "tag type is " + first + ", expected 8 (audio), 9 (video) or 18 (script data)");
        }
        int dataSize = in.getUnsignedMedium(start + 1);
        long timestamp = in.getUnsignedMedium(start + 4) | ((long) in.getUnsignedByte(start + 7) << 24);
        int streamId = in.getUnsignedMedium(start + 8);
        if (streamId != 0) {
            throw fail(offset, "tag's StreamID is " + streamId + ", must be 0");
        }
        if (in.readableBytes() < FlvFormat.TAG_HEADER_SIZE + dataSize) {
            return null;
        }
        in.skipBytes(FlvFormat.TAG_HEADER_SIZE);
        byte[] body = new byte[dataSize];
        in.readBytes(body);
        FlvTag tag = new FlvTag(offset, type, timestamp, Buffer.buffer(body));
        previousTagOffset = offset;
        expectedPreviousTagSize = tag.size();
        offset += tag.size();
        state = State.READ_PREVIOUS_TAG_SIZE;
        return tag;
    }

    private FlvFormatException fail(long at, String message) {
        failure = new FlvFormatException(at, message);
        state = State.BAD_INPUT;
        return failure;
    }
}
