package dev.streamvcr.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.flv.FlvFormat;
import dev.streamvcr.flv.FlvReader;
import dev.streamvcr.flv.FlvTag;
import dev.streamvcr.flv.TagType;
import dev.streamvcr.peer.FfmpegPublisher;
import dev.streamvcr.peer.FfmpegRtmpServer;
import dev.streamvcr.peer.NginxRtmpConfig;
import dev.streamvcr.peer.NginxRtmpServer;
import dev.streamvcr.peer.PeerTools;
import dev.streamvcr.peer.TestCard;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.chunk.ChunkEncoder;
import dev.streamvcr.rtmp.handshake.ClientHandshake;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.ConnectParams;
import dev.streamvcr.rtmp.message.MessageType;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captures the fuzz tests' seed corpus from real peers and writes it under {@code src/test/resources}, in Jazzer's
 * {@code <TestClass>Inputs/<method>/} directories. Not part of the normal run (the class name does not end in Test):
 * run it by name when a decoder or a peer changes, then commit the files.
 * <pre>./mvnw test -Dtest=SeedCorpusCapture</pre>
 * A tiny test card keeps the seeds small, as the fuzzer works best on inputs of a few kilobytes.
 */
class SeedCorpusCapture {
    private static final Path RESOURCES = Path.of("src/test/resources/dev/streamvcr");
    private static final TestCard TINY = new TestCard(64, 36, 10, 10);
    /** Seed sizes: the session start (replies and metadata) and a stretch of media chunks after it. */
    private static final int[] CHUNK_SEED_SIZES = {2048, 8192};
    private static final int FLV_SEED_MAX = 8192;

    @BeforeAll
    static void installPeers() {
        PeerTools.ensureInstalled();
    }

    @Test
    void captureFromNginxRtmpRelayingFfmpeg() throws Exception {
        try (NginxRtmpServer nginx = new NginxRtmpServer(NginxRtmpConfig.defaults().withoutHttp()).start();
             FfmpegPublisher publisher = new FfmpegPublisher(nginx.rtmpUrl("cam"), TINY).start()) {
            publisher.awaitPublishing(Duration.ofSeconds(20));
            saveSession("nginx-rtmp", play(nginx.rtmpUrl("cam")));
        }
    }

    @Test
    void captureFromFfmpegListening() throws Exception {
        try (FfmpegRtmpServer server = FfmpegRtmpServer.start(TINY)) {
            saveSession("ffmpeg-listen", play(server.rtmpUrl()));
        }
    }

    @Test
    void captureFlvFromFfmpeg() throws IOException {
        byte[] flv = TINY.flvBytes(Duration.ofSeconds(2));
        List<FlvTag> tags = FlvReader.readAll(Unpooled.wrappedBuffer(flv));
        assertEquals(TagType.SCRIPT_DATA, tags.get(0).type(), "ffmpeg starts an FLV with onMetaData");
        // a whole file that ends after the last tag that fits, as every complete FLV ends after a PreviousTagSize
        int end = FlvFormat.HEADER_SIZE + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
        for (FlvTag tag : tags) {
            int next = (int) tag.offset() + tag.size() + FlvFormat.PREVIOUS_TAG_SIZE_SIZE;
            if (next > FLV_SEED_MAX) {
                break;
            }
            end = next;
        }
        byte[] seed = Arrays.copyOf(flv, end);
        assertTrue(FlvReader.readAll(Unpooled.wrappedBuffer(seed)).size() >= 3, "metadata and some media");
        write(RESOURCES.resolve("flv/FlvFuzzTestInputs/readFlv/ffmpeg-testcard.flv"), seed);
        byte[] scriptData = tags.get(0).data().getBytes();
        write(RESOURCES.resolve("rtmp/amf/Amf0FuzzTestInputs/decodeAmf0/flv-onMetaData"), scriptData);
    }

    /**
     * No peer here speaks AMF3, so its seeds are byte vectors written out after the AMF3 spec: each type, with string,
     * object and traits references, each example one value (several values go in an array).
     */
    @Test
    void writeAmf3SpecExamples() throws IOException {
        Map<String, String> examples = new LinkedHashMap<>();
        examples.put("scalars", "09 0F 01 00 01 02 03 04 7F 04 FF FF FF FF 05 3FF8000000000000");
        examples.put("strings-and-references", "09 0B 01 06 01 06 0B 68656C6C6F 06 00 07 09 3C612F3E 0B 02");
        examples.put("date-array-reference", "09 05 01 08 01 426D1A94A2000000 08 02");
        examples.put("mixed-array", "09 03 03 61 04 01 01 06 03 62");
        examples.put("typed-objects-traits-reference", "09 09 01 0A 23 03 50 03 78 03 79 04 01 04 02"
                + " 0A 01 04 03 04 04 0A 02 0A 0B 01 02 06 00 01");
        examples.put("sealed-and-dynamic", "0A 1B 03 51 03 73 03 03 64 02 01");
        examples.put("byte-array-vectors", "09 0B 01 0C 07 010203 0D 05 00 FFFFFFFF 00000002 0E 03 00 FFFFFFFF"
                + " 0F 03 01 3FF0000000000000 10 05 00 03 2A 04 01 06 03 61");
        examples.put("dictionary", "11 05 00 04 01 06 03 61 06 03 62 03");
        for (Map.Entry<String, String> example : examples.entrySet()) {
            byte[] bytes = java.util.HexFormat.of().parseHex(example.getValue().replace(" ", ""));
            byte[] behindSwitch = new byte[bytes.length + 1];
            behindSwitch[0] = 0x11;
            System.arraycopy(bytes, 0, behindSwitch, 1, bytes.length);
            assertEquals(1, Amf0.decodeAll(behindSwitch).size(), example.getKey() + " is one AMF3 value");
            write(RESOURCES.resolve("rtmp/amf/Amf3FuzzTestInputs/decodeAmf3/" + example.getKey()), bytes);
        }
    }

    /**
     * Plays {@code url} as a bare client (connect, createStream, play sent at once) and returns the server's bytes
     * after the handshake: its control messages, replies, metadata and first media chunks.
     */
    private static byte[] play(String url) throws IOException {
        URI uri = URI.create(url);
        String[] path = uri.getPath().substring(1).split("/", 2);
        String tcUrl = "rtmp://" + uri.getHost() + ":" + uri.getPort() + "/" + path[0];
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            ByteBuf received = Unpooled.buffer();
            ClientHandshake handshake = new ClientHandshake(new Random(), System.currentTimeMillis());
            out.write(handshake.c0c1());
            while (!handshake.isDone()) {
                readSome(in, received);
                byte[] c2 = handshake.feed(received);
                if (c2 != null) {
                    out.write(c2);
                }
            }
            ChunkEncoder encoder = new ChunkEncoder();
            ByteBuf request = Unpooled.buffer();
            ConnectParams params = new ConnectParams(path[0], tcUrl, "LNX 9,0,124,2", null, null);
            encoder.encode(3, Command.connect(params).toMessage(0), request);
            encoder.encode(3, Command.createStream(2).toMessage(0), request);
            encoder.encode(8, Command.play(path[1], -1000).toMessage(1), request);
            out.write(ByteBufUtil.getBytes(request));
            int wanted = CHUNK_SEED_SIZES[CHUNK_SEED_SIZES.length - 1];
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (received.readableBytes() < wanted && System.nanoTime() < deadline) {
                readSome(in, received);
            }
            assertTrue(received.readableBytes() >= wanted, "the server sent only " + received.readableBytes()
                    + " bytes after the handshake");
            return ByteBufUtil.getBytes(received);
        }
    }

    private static void readSome(InputStream in, ByteBuf into) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
            into.writeBytes(buffer, 0, n);
        } catch (SocketTimeoutException e) {
            // read again until the caller's deadline
        }
    }

    /** Writes chunk stream prefixes and every command and data message in them as seeds, after checking them. */
    private static void saveSession(String peer, byte[] stream) throws IOException {
        Map<String, byte[]> amf = new LinkedHashMap<>();
        ChunkDecoder decoder = new ChunkDecoder();
        ByteBuf in = Unpooled.wrappedBuffer(stream);
        int media = 0;
        for (RtmpMessage message = decoder.decode(in); message != null; message = decoder.decode(in)) {
            int type = message.typeId();
            if (type == MessageType.AMF0_COMMAND.id() || type == MessageType.AMF0_DATA.id()) {
                List<Object> values = Amf0.decodeAll(message.payload());
                String name = values.get(0) + (values.size() > 3 && values.get(3) instanceof Map<?, ?> info
                        ? "-" + info.get("code") : "");
                amf.putIfAbsent(name.replaceAll("[^A-Za-z0-9._-]", "_"), message.payload());
            } else if (type == MessageType.AUDIO.id() || type == MessageType.VIDEO.id()) {
                media++;
            }
        }
        assertTrue(amf.containsKey("_result-NetConnection.Connect.Success"), "connect reply in " + amf.keySet());
        assertTrue(amf.containsKey("onStatus-NetStream.Play.Start"), "play start in " + amf.keySet());
        assertTrue(media > 0, "media messages after the replies");
        for (int size : CHUNK_SEED_SIZES) {
            write(RESOURCES.resolve("rtmp/chunk/ChunkDecoderFuzzTestInputs/decodeChunkStream/" + peer + "-" + size),
                    Arrays.copyOf(stream, size));
        }
        for (Map.Entry<String, byte[]> entry : amf.entrySet()) {
            write(RESOURCES.resolve("rtmp/amf/Amf0FuzzTestInputs/decodeAmf0/" + peer + "-" + entry.getKey()),
                    entry.getValue());
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
