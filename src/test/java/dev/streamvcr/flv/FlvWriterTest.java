package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlvWriterTest {

    @TempDir
    Path dir;
    private final OnContext context = new OnContext();

    @AfterEach
    void closeVertx() throws Exception {
        context.close();
    }

    private FlvWriter create(Path file, boolean audio, boolean video) throws Exception {
        return context.call(() -> FlvWriter.create(context.vertx(), file, audio, video));
    }

    @Test
    void writesHeaderTagsAndPreviousTagSizes() throws Exception {
        Path file = dir.resolve("a.flv");
        FlvWriter writer = create(file, true, true);
        context.run(() -> {
            writer.writeTag(9, 0, Buffer.buffer(new byte[] {0x17, 0x01, 0x00}));
            writer.writeTag(8, 40, Buffer.buffer(new byte[] {(byte) 0xAF, 0x01}));
        });
        context.call(writer::close);

        byte[] expected = {
            'F', 'L', 'V', 1, 0x05, 0, 0, 0, 9, // header: version 1, audio + video, DataOffset 9
            0, 0, 0, 0, // PreviousTagSize0
            9, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0x17, 0x01, 0x00, // video, 3 bytes, ts 0
            0, 0, 0, 14, // 11 + 3
            8, 0, 0, 2, 0, 0, 40, 0, 0, 0, 0, (byte) 0xAF, 0x01, // audio, 2 bytes, ts 40
            0, 0, 0, 13,
        };
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertEquals(expected.length, writer.bytesWritten());
        assertEquals(40, writer.lastTimestamp());
    }

    @Test
    void tagsReachTheDiskInBatchesByteForByte() throws Exception {
        Path file = dir.resolve("batched.flv");
        FlvWriter writer = create(file, false, true);
        byte[] frame = new byte[1000];
        Arrays.fill(frame, (byte) 0x27);
        // a few small tags wait for the batch's delay; none is on disk at once
        context.run(() -> {
            for (int i = 0; i < 5; i++) {
                writer.writeTag(9, i * 40L, Buffer.buffer(frame));
            }
        });
        Thread.sleep(100);
        assertEquals(0, Files.size(file), "five small tags are still one batch in memory");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Files.size(file) < writer.bytesWritten() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(writer.bytesWritten(), Files.size(file), "the batch is written within its delay");
        // a full batch is written without waiting for the delay
        context.run(() -> {
            for (int i = 5; i < 5 + FlvWriter.BATCH_BYTES / frame.length + 1; i++) {
                writer.writeTag(9, i * 40L, Buffer.buffer(frame));
            }
        });
        deadline = System.nanoTime() + FlvWriter.BATCH_DELAY_MS * 1_000_000 / 2;
        long onDisk = 0;
        while (onDisk < FlvWriter.BATCH_BYTES && System.nanoTime() < deadline) {
            Thread.sleep(10);
            onDisk = Files.size(file);
        }
        assertTrue(onDisk >= FlvWriter.BATCH_BYTES, "a full batch went out before the delay: " + onDisk);
        long queued = writer.bytesWritten();
        context.call(writer::close);
        assertEquals(queued, Files.size(file));
        List<Long> timestamps = FlvReader.readAll(Unpooled.wrappedBuffer(Files.readAllBytes(file))).stream()
                .map(FlvTag::timestamp).toList();
        assertEquals(5 + FlvWriter.BATCH_BYTES / frame.length + 1, timestamps.size());
        assertEquals(40L * (timestamps.size() - 1), timestamps.get(timestamps.size() - 1));
    }

    @Test
    void timestampsAbove24BitsUseTheExtendedByte() throws Exception {
        Path file = dir.resolve("long.flv");
        FlvWriter writer = create(file, false, true);
        context.run(() -> {
            writer.writeTag(9, 0xFFFFFE, Buffer.buffer(new byte[] {0x27}));
            writer.writeTag(9, 0xFFFFFF, Buffer.buffer(new byte[] {0x27}));
            writer.writeTag(9, 0x1000000, Buffer.buffer(new byte[] {0x27}));
            writer.writeTag(9, 0xFEDCBA98L, Buffer.buffer(new byte[] {0x27}));
        });
        context.call(writer::close);

        byte[] bytes = Files.readAllBytes(file);
        int fourth = 13 + 3 * 16;
        assertArrayEquals(new byte[] {(byte) 0xDC, (byte) 0xBA, (byte) 0x98, (byte) 0xFE},
                Arrays.copyOfRange(bytes, fourth + 4, fourth + 8));
        List<Long> timestamps = FlvReader.readAll(Unpooled.wrappedBuffer(bytes)).stream()
                .map(FlvTag::timestamp).toList();
        assertEquals(List.of(0xFFFFFEL, 0xFFFFFFL, 0x1000000L, 0xFEDCBA98L), timestamps);
    }

    @Test
    void closeFillsInDurationAndFileSizeInPlace() throws Exception {
        Path file = dir.resolve("meta.flv");
        FlvWriter writer = create(file, true, true);
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("duration", 0.0);
        stream.put("width", 640.0);
        stream.put("encoder", "test publisher");
        stream.put("filesize", 0.0);
        context.run(() -> {
            writer.writeMetadata(stream);
            for (int i = 0; i <= 300; i++) {
                writer.writeTag(9, i * 41L, Buffer.buffer(new byte[] {0x27, 0x01, 0, 0, 0, (byte) i}));
            }
        });
        context.call(writer::close);

        List<FlvTag> tags = FlvReader.readAll(Unpooled.wrappedBuffer(Files.readAllBytes(file)));
        assertEquals(TagType.SCRIPT_DATA, tags.get(0).type());
        Map<String, Object> metadata = ScriptData.onMetaData(tags.get(0).data());
        assertEquals(List.of("width", "encoder", "duration", "filesize"), List.copyOf(metadata.keySet()).subList(0, 4),
                "the stream's own entries first, its duration and filesize replaced");
        assertEquals(640.0, metadata.get("width"));
        assertEquals(300 * 41 / 1000.0, metadata.get("duration"));
        assertEquals((double) Files.size(file), metadata.get("filesize"));
        assertEquals(Files.size(file), writer.bytesWritten());
    }

    @Test
    void metadataCanBeWrittenOnlyOnce() throws Exception {
        FlvWriter writer = create(dir.resolve("twice.flv"), true, true);
        context.run(() -> writer.writeMetadata(Map.of()));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> context.run(() -> writer.writeMetadata(Map.of())));
        assertEquals("onMetaData was already written", error.getMessage());
        context.call(writer::close);
    }

    @Test
    void headerFlagsAreCorrectedToTheTagTypesWritten() throws Exception {
        Path file = dir.resolve("audio-only.flv");
        FlvWriter writer = create(file, true, true);
        context.run(() -> writer.writeTag(8, 0, Buffer.buffer(new byte[] {(byte) 0xAF, 0x01})));
        context.call(writer::close);

        assertEquals(FlvFormat.FLAG_AUDIO, Files.readAllBytes(file)[FlvFormat.FLAGS_OFFSET]);
    }

    @Test
    void refusesToOverwriteAnExistingFile() throws Exception {
        Path file = dir.resolve("exists.flv");
        Files.write(file, new byte[] {1, 2, 3});
        Exception error = assertThrows(Exception.class, () -> create(file, true, true));
        assertInstanceOf(FileAlreadyExistsException.class, error.getCause() != null ? error.getCause() : error);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }

    @Test
    void closeIsIdempotentAndLaterWritesFail() throws Exception {
        FlvWriter writer = create(dir.resolve("closed.flv"), true, true);
        List<Future<Void>> closes = new ArrayList<>();
        context.run(() -> {
            closes.add(writer.close());
            closes.add(writer.close());
        });
        assertSame(closes.get(0), closes.get(1));
        context.call(() -> closes.get(0));
        assertThrows(IllegalStateException.class, () -> context.run(() -> writer.writeTag(9, 0, Buffer.buffer())));
    }

    @Test
    void rejectsTagsTheFormatCannotHold() throws Exception {
        FlvWriter writer = create(dir.resolve("bad.flv"), true, true);
        assertThrows(IllegalArgumentException.class, () -> context.run(() -> writer.writeTag(7, 0, Buffer.buffer())));
        assertThrows(IllegalArgumentException.class,
                () -> context.run(() -> writer.writeTag(9, 0x1_0000_0000L, Buffer.buffer())));
        assertThrows(IllegalArgumentException.class,
                () -> context.run(() -> writer.writeTag(9, -1, Buffer.buffer())));
        context.call(writer::close);
    }

    @Test
    void fullQueueDrains() throws Exception {
        FlvWriter writer = create(dir.resolve("big.flv"), false, true);
        Boolean drained = context.call(() -> {
            writer.writeTag(9, 0, Buffer.buffer(new byte[4 * 1024 * 1024]));
            assertTrue(writer.writeQueueFull(), "4 MiB exceed the default write queue");
            Promise<Boolean> promise = Promise.promise();
            writer.drainHandler(v -> promise.complete(!writer.writeQueueFull()));
            return promise.future();
        });
        assertTrue(drained);
        context.call(writer::close);
    }
}
