package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.message.Acknowledgement;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SetPeerBandwidth;
import dev.streamvcr.rtmp.message.WindowAckSize;
import java.util.function.Consumer;

/**
 * The client's side of RTMP flow control (spec 5.4.3 to 5.4.5) on one connection: counts the bytes received,
 * acknowledges them, tells the server the client's window and follows Set Peer Bandwidth. Only on the connection's
 * context, except {@link #bytesReceived()}.
 */
final class FlowControl {

    /** Sends a protocol control message on its chunk stream. */
    private final Consumer<RtmpMessage> control;
    private volatile long bytesReceived;
    private long bytesAcknowledged;
    /** The server's Window Acknowledgement Size (spec 5.4.4), 0 until it sends one. */
    private long peerWindow;
    private long windowSent = -1;
    private SetPeerBandwidth.LimitType lastLimit;
    /** Whether anything was sent since the latest read from the server. */
    private boolean answered;

    FlowControl(Consumer<RtmpMessage> control) {
        this.control = control;
    }

    long bytesReceived() {
        return bytesReceived;
    }

    /** A read of {@code bytes} arrived from the server; call before handling what it holds. */
    void onRead(int bytes) {
        bytesReceived += bytes;
        answered = false;
    }

    /** Something went to the server. */
    void onSent() {
        answered = true;
    }

    void onPeerWindow(WindowAckSize window) {
        peerWindow = window.windowSize();
    }

    /** spec 5.4.5: answer with a Window Acknowledgement Size when the window differs from the last one sent. */
    void onPeerBandwidth(SetPeerBandwidth request) {
        SetPeerBandwidth.LimitType limit = request.limitType();
        if (limit == SetPeerBandwidth.LimitType.DYNAMIC) {
            limit = lastLimit == SetPeerBandwidth.LimitType.HARD ? lastLimit : null;
        } else if (limit == SetPeerBandwidth.LimitType.SOFT && windowSent >= 0 && request.windowSize() > windowSent) {
            limit = null;
        }
        if (limit != null) {
            lastLimit = limit;
            sendWindow(request.windowSize());
        }
    }

    /** Tells the server the client's window, unless Set Peer Bandwidth already made it send one. */
    void announceWindow(long size) {
        if (windowSent < 0) {
            sendWindow(size);
        }
    }

    /**
     * After handling a read: acknowledges once a window's worth of bytes has arrived since the last acknowledgement
     * (spec 5.4.3). While {@code starting} (before the first audio or video), it also acknowledges every read that
     * nothing else answered: a server writes its replies as several small messages, and one that holds small writes
     * until the previous one is acknowledged (Nagle, as nginx-rtmp's sockets do) would otherwise wait for the
     * client's delayed TCP acknowledgement, about 40 ms, three times before the first frame. An RTMP Acknowledgement
     * carries the TCP one at once. librtmp, too, acknowledges more often than the window requires (every tenth of it).
     */
    void acknowledgeIfDue(boolean starting) {
        boolean windowFull = peerWindow > 0 && bytesReceived - bytesAcknowledged >= peerWindow;
        if (windowFull || (starting && !answered)) {
            bytesAcknowledged = bytesReceived;
            control.accept(new Acknowledgement(bytesReceived).toMessage());
        }
    }

    private void sendWindow(long size) {
        if (size != windowSent) {
            windowSent = size;
            control.accept(new WindowAckSize(size).toMessage());
        }
    }
}
