package dev.streamvcr.peer;

import dev.streamvcr.rtmp.chunk.ChunkDecoder;
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

    private RtmpTap(ServerSocket listener, InetSocketAddress upstream) {
        this.listener = listener;
        this.upstream = upstream;
    }

    /** Listens on a free loopback port and relays the first client that connects to {@code upstreamPort}. */
    public static RtmpTap start(int upstreamPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        RtmpTap tap = new RtmpTap(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
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
        } catch (IOException e) {
            cut();
        }
    }

    private void pump(InputStream in, OutputStream out, boolean watch, String direction) {
        Thread thread = new Thread(() -> {
            ChunkDecoder decoder = new ChunkDecoder();
            long skip = HANDSHAKE_BYTES;
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    if (watch && firstMedia.getCount() > 0 && failure == null) {
                        int offset = (int) Math.min(skip, n);
                        skip -= offset;
                        if (offset < n) {
                            watch(decoder, Unpooled.wrappedBuffer(buffer, offset, n - offset));
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

    private void watch(ChunkDecoder decoder, ByteBuf bytes) {
        try {
            for (RtmpMessage message; (message = decoder.decode(bytes)) != null; ) {
                if (message.typeId() == AUDIO || message.typeId() == VIDEO) {
                    firstMediaNanos = System.nanoTime();
                    firstMedia.countDown();
                    return;
                }
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
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
