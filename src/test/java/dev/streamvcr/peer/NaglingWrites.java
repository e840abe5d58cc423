package dev.streamvcr.peer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's writes with Nagle's algorithm on, as nginx-rtmp makes them, to a client whose delayed TCP
 * acknowledgement never comes (in real life it comes after about 40 ms): when holding, until the first audio or
 * video message is written each write waits until the client has sent something since the one before. Without
 * holding, every write goes out at once.
 */
final class NaglingWrites {
    private final NetSocket socket;
    private final boolean holding;
    private final List<ByteBuf> held = new ArrayList<>();
    private boolean mediaWritten;
    private boolean awaitingAnswer;
    private boolean heldMedia;

    NaglingWrites(NetSocket socket, boolean holding) {
        this.socket = socket;
        this.holding = holding;
    }

    /** Writes {@code out}, or holds it back until the client answers; {@code media}: it holds audio or video. */
    void write(ByteBuf out, boolean media) {
        if (holding && !mediaWritten) {
            if (awaitingAnswer) {
                held.add(out);
                heldMedia |= media;
                return;
            }
            awaitingAnswer = true;
        }
        mediaWritten |= media;
        socket.write(Buffer.buffer(out));
    }

    /** The client sent bytes: what was held goes out in one write, which again waits for an answer. */
    void clientSent() {
        awaitingAnswer = !held.isEmpty();
        if (!held.isEmpty()) {
            socket.write(Buffer.buffer(Unpooled.wrappedBuffer(held.toArray(ByteBuf[]::new))));
            held.clear();
            mediaWritten |= heldMedia;
        }
    }
}
