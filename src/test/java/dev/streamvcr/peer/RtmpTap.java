package dev.streamvcr.peer;

import dev.streamvcr.rtmp.chunk.ChunkDecoder;
import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP relay in front of an RTMP server for one client, which watches the server's side
 * passively: it skips the handshake (S0, S1, S2), decodes the chunk stream with our
 * {@link ChunkDecoder} (which follows Set Chunk Size) and notes when the first audio or video message
 * completes. Any client measured through it gets the same clock: from its TCP connect (the relay's
 * accept) to the first media byte-complete message from the server.
 *
 * <p>Use: point the client at {@link #rtmpUrl(String)}; {@link #cut()} ends both directions at
 * once; {@link #close()} also stops listening. Every thread it starts ends on {@link #close()}.
 */
public final class RtmpTap implements AutoCloseable {

    /** S0 (version) + S1 + S2 (1536 bytes each), RTMP spec 5.2. */
    private static final int HANDSHAKE_BYTES = 1 + 1536 + 1536;
    private static final int AUDIO = 8;
    private static final int VIDEO = 9;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final CountDownLatch firstMedia = new CountDownLatch(1);
    private volatile Socket client;
    private volatile Socket server;
    private volatile long connectedNanos;
    private volatile long firstMediaNanos;
    private volatile String failure;
    /** Every message in both directions until the first media message, when tracing; null otherwise. */
    private final List<String> trace;

    private RtmpTap(ServerSocket listener, InetSocketAddress upstream, boolean traced) {
        this.listener = listener;
        this.upstream = upstream;
        this.trace = traced ? new ArrayList<>() : null;
    }

    /** Listens on a free loopback port and relays the first client that connects to {@code upstreamPort}. */
    public static RtmpTap start(int upstreamPort) throws IOException {
        return start(upstreamPort, false);
    }

    /**
     * As {@link #start(int)}; with {@code traced}, the tap also notes every read and every message in both
     * directions until the first media message, with its time from connect ({@link #trace()}).
     */
    public static RtmpTap start(int upstreamPort, boolean traced) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        RtmpTap tap = new RtmpTap(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort),
                traced);
        Thread acceptor = new Thread(tap::acceptOne, "rtmp-tap-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return tap;
    }

    /** {@code rtmp://127.0.0.1:<tap port>/live/<name>}. */
    public String rtmpUrl(String name) {
        return "rtmp://127.0.0.1:" + listener.getLocalPort() + "/live/" + name;
    }

    /** Milliseconds from the client's connect to the first audio/video message; -1 if none within {@code timeoutMillis}. */
    public double awaitFirstMediaMillis(long timeoutMillis) throws InterruptedException {
        if (!firstMedia.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return (firstMediaNanos - connectedNanos) / 1e6;
    }

    /** {@link System#nanoTime()} when the client connected; 0 before. */
    public long connectedNanos() {
        return connectedNanos;
    }

    /** Why the tap stopped decoding, if it did (a protocol error it could not follow); null otherwise. */
    public String failure() {
        return failure;
    }

    /** The trace so far, one line per event: milliseconds from connect, direction, what passed. */
    public List<String> trace() {
        if (trace == null) {
            return List.of();
        }
        synchronized (trace) {
            return List.copyOf(trace);
        }
    }

    /** Ends the relayed connection in both directions now; the client sees the server hang up. */
    public void cut() {
        closeQuietly(server);
        closeQuietly(client);
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void acceptOne() {
        try {
            Socket accepted = listener.accept();
            connectedNanos = System.nanoTime();
            client = accepted;
            accepted.setTcpNoDelay(true);
            Socket upstreamSocket = new Socket();
            upstreamSocket.setTcpNoDelay(true);
            upstreamSocket.connect(upstream, 5_000);
            server = upstreamSocket;
            pump(accepted.getInputStream(), upstreamSocket.getOutputStream(), false, "up");
            pump(upstreamSocket.getInputStream(), accepted.getOutputStream(), true, "down");
            note("up", "relay connected upstream");
        } catch (IOException e) {
            cut();
        }
    }

    private void pump(InputStream in, OutputStream out, boolean watch, String direction) {
        Thread thread = new Thread(() -> {
            ChunkDecoder decoder = new ChunkDecoder();
            // C0 + C1 + C2 from the client are as long as S0 + S1 + S2.
            long skip = HANDSHAKE_BYTES;
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    boolean decode = watch || trace != null;
                    if (decode && firstMedia.getCount() > 0 && failure == null) {
                        note(direction, "read " + n + " bytes");
                        int offset = (int) Math.min(skip, n);
                        skip -= offset;
                        if (offset < n) {
                            watch(decoder, Unpooled.wrappedBuffer(buffer, offset, n - offset), direction);
                        }
                    }
                }
            } catch (IOException e) {
                // closed by cut() or by either side
            } finally {
                cut();
            }
        }, "rtmp-tap-" + direction + "-" + listener.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(ChunkDecoder decoder, ByteBuf bytes, String direction) {
        try {
            for (RtmpMessage message; (message = decoder.decode(bytes)) != null; ) {
                note(direction, describe(message));
                if (direction.equals("down") && (message.typeId() == AUDIO || message.typeId() == VIDEO)) {
                    firstMediaNanos = System.nanoTime();
                    firstMedia.countDown();
                    return;
                }
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
    }

    private void note(String direction, String event) {
        if (trace == null) {
            return;
        }
        String line = String.format("%8.3f ms %-4s %s", (System.nanoTime() - connectedNanos) / 1e6, direction, event);
        synchronized (trace) {
            trace.add(line);
        }
    }

    private static String describe(RtmpMessage message) {
        if (message.typeId() == 20 || message.typeId() == 17) {
            try {
                return "command " + Command.from(message).name();
            } catch (RuntimeException e) {
                return message.toString();
            }
        }
        return message.toString();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
