package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlvRecoveryTest {

    @TempDir
    Path dir;

    private static void cut(Path file, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(length);
        }
    }

    @Test
    void tornLastTagIsCutAndTheMetadataRewritten() throws Exception {
        Path file = dir.resolve("part-0001.flv");
        long size = DeadWriterFile.write(file, 100, 300, 64);
        cut(file, size - 30);

        FlvRecovery.Result result = FlvRecovery.recover(file);

        assertTrue(result.metadataRewritten());
        assertNotNull(result.problem(), "the torn tag is reported");
        assertEquals(Files.size(file), result.bytes());
        int audioTag = FlvFormat.TAG_HEADER_SIZE + SyntheticMedia.aacFrame(99).length() + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
        assertEquals(audioTag - 30, result.cutBytes(), "only what is left of the torn audio tag goes");
        Map<String, Object> metadata = FinalisedFile.check(file);
        assertEquals(99 * 40 / 1000.0, metadata.get("duration"), "the last audio frame was torn; video 99 is last");
        assertEquals(320.0, metadata.get("width"), "the stream's entries survive");
        assertEquals("H.264", result.videoCodec());
        assertEquals("AAC", result.audioCodec());
    }

    @Test
    void tornTrailerIsRestored() throws Exception {
        Path file = dir.resolve("trailer.flv");
        long size = DeadWriterFile.write(file, 30, 100, 64);
        cut(file, size - 2);

        FlvRecovery.Result result = FlvRecovery.recover(file);

        assertEquals(size, result.bytes(), "the last tag is whole; only its PreviousTagSize was torn");
        assertEquals(0, result.cutBytes());
        FinalisedFile.check(file);
    }

    @Test
    void zeroFilledTailIsCut() throws Exception {
        Path file = dir.resolve("zeros.flv");
        long size = DeadWriterFile.write(file, 30, 100, 64);
        Files.write(file, new byte[4096], StandardOpenOption.APPEND);

        FlvRecovery.Result result = FlvRecovery.recover(file);

        assertEquals(size, result.bytes());
        assertEquals(4096, result.cutBytes());
        assertTrue(result.problem().contains("tag type is 0"), result.problem());
        FinalisedFile.check(file);
    }

    @Test
    void intactFileOnlyGetsItsFigures() throws Exception {
        Path file = dir.resolve("intact.flv");
        long size = DeadWriterFile.write(file, 60, 100, 64);

        FlvRecovery.Result result = FlvRecovery.recover(file);

        assertNull(result.problem());
        assertEquals(size, result.bytes());
        assertEquals(59 * 40 + 20, result.durationMillis());
        FinalisedFile.check(file);
        byte[] once = Files.readAllBytes(file);
        FlvRecovery.recover(file);
        assertArrayEquals(once, Files.readAllBytes(file), "recovering twice changes nothing");
    }

    @Test
    void fileWithoutReservedMetadataIsOnlyCut() throws Exception {
        Path file = dir.resolve("foreign.flv");
        byte[] clip = new byte[13 + 3 * 20];
        System.arraycopy(FlvFormat.fileStart(true, true).getBytes(), 0, clip, 0, 13);
        byte[] tag = FlvFormat.tag(TagType.AUDIO, 0, SyntheticMedia.aacSequenceHeader()).getBytes();
        System.arraycopy(tag, 0, clip, 13, tag.length);
        Files.write(file, java.util.Arrays.copyOf(clip, 13 + tag.length + 5));

        FlvRecovery.Result result = FlvRecovery.recover(file);

        assertFalse(result.metadataRewritten());
        assertEquals(13 + tag.length, Files.size(file));
        FlvReader.readFile(file, t -> { });
    }

    @Test
    void headerOnlyFileStaysValid() throws Exception {
        Path file = dir.resolve("empty.flv");
        Files.write(file, new byte[] {'F', 'L', 'V', 1, 5, 0, 0, 0, 9, 0, 0});

        FlvRecovery.Result result = FlvRecovery.recover(file);

        assertEquals(13, result.bytes(), "PreviousTagSize0 restored");
        assertEquals(0, result.durationMillis());
        assertEquals(0, FlvReader.readAll(io.netty.buffer.Unpooled.wrappedBuffer(Files.readAllBytes(file))).size());
    }

    @Test
    void somethingElseIsRefusedAndLeftAlone() throws Exception {
        Path file = dir.resolve("not.flv");
        byte[] content = "<html>not a video</html>".getBytes();
        Files.write(file, content);

        FlvFormatException e = assertThrows(FlvFormatException.class, () -> FlvRecovery.recover(file));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
        assertArrayEquals(content, Files.readAllBytes(file));
    }

    /**
     * Memory by construction: a 96 MiB file is recovered by a JVM whose whole heap is 24 MiB, which only
     * works if the file is streamed (one read chunk, one tag, a bounded index).
     */
    @Test
    void aFileFourTimesLargerThanTheHeapIsRecovered() throws Exception {
        Path file = dir.resolve("large.flv");
        long size = DeadWriterFile.write(file, 1100, 96 * 1024, 256);
        cut(file, size - 1000);
        assertTrue(size > 96L * 1024 * 1024, "file of " + size + " bytes");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx24m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), RecoverInSmallHeap.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output;
        try {
            output = new String(child.getInputStream().readAllBytes());
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "recovery finished");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue(), output);
        long maxHeap = Long.parseLong(output.lines().filter(l -> l.startsWith("maxHeap=")).findFirst().orElseThrow()
                .substring(8));
        assertTrue(maxHeap * 4 <= size, "heap " + maxHeap + " vs file " + size);
        assertTrue(output.contains("rewritten=true"), output);
        Map<String, Object> metadata = FinalisedFile.check(file);
        assertEquals((double) Files.size(file), metadata.get("filesize"));
    }
}
