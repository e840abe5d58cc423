package dev.streamvcr.schedule;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GET read slowly (about 1.6 MB/s) through a small receive buffer, so the server is still sending for seconds: a
 * download in flight. {@link #start} returns once the first bytes of the body have arrived.
 */
final class SlowDownload {

    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
    private static final int CHUNK = 16 * 1024;

    /** What arrived: body bytes in all, and the length announced. */
    record Result(long bytes, long length) {
    }

    private final AtomicLong bytes = new AtomicLong();
    private final CompletableFuture<Long> length = new CompletableFuture<>();
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final CompletableFuture<Void> firstBytes = new CompletableFuture<>();

    static SlowDownload start(int port, String path, String authorization) throws Exception {
        SlowDownload download = new SlowDownload();
        Thread reader = new Thread(() -> download.read(port, path, authorization), "slow-download");
        reader.setDaemon(true);
        reader.start();
        download.firstBytes.get(30, TimeUnit.SECONDS);
        return download;
    }

    /** The body bytes that have arrived so far. */
    long arrived() {
        return bytes.get();
    }

    /** Waits for the end of the body (or of the connection). */
    Result result() throws Exception {
        long total = done.get(120, TimeUnit.SECONDS);
        return new Result(total, length.getNow(-1L));
    }

    private void read(int port, String path, String authorization) {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: " + authorization + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = head(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IOException("answered " + head);
            }
            Matcher m = LENGTH.matcher(head);
            length.complete(m.find() ? Long.parseLong(m.group(1)) : -1L);
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.addAndGet(n);
                firstBytes.complete(null);
                Thread.sleep(10);
            }
            done.complete(bytes.get());
        } catch (IOException e) {
            // a connection cut short ends the download with what arrived
            done.complete(bytes.get());
            firstBytes.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
