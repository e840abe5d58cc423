package dev.streamvcr.recording;

import dev.streamvcr.site.StreamSource;

import dev.streamvcr.reservation.RecordingProgress;
import io.vertx.core.Future;

/**
 * The side of a recording session that speaks one protocol (RTMP, HLS): it connects, receives, writes the part file
 * and tells its {@link CaptureEvents} what happens. Everything runs on the session's event loop; blocking work goes
 * through {@link CaptureEvents#blocking}.
 */
interface StreamCapture {

    /**
     * Takes the stream to record from now on (the booked address, or what its page shows now, with the cookies and
     * headers its requests need), checking what can be checked before connecting. Fails with a reason a person can
     * act on. The session keeps and releases the source's held session.
     */
    Future<Void> use(StreamSource source);

    /** Connects (or reconnects after a drop) to the address last given to {@link #use}. */
    void connect();

    /** What the current part holds so far; {@link RecordingProgress#NONE} before it is opened. */
    RecordingProgress progress();

    /** Whether any media has been written to the part. */
    boolean recorded();

    /**
     * Where in the stream the part has got to, for a session that takes the work over to continue from: for HLS, the
     * Media Sequence Number of the last segment written; null when the protocol has no such position (RTMP).
     */
    default Long lastSequence() {
        return null;
    }

    /**
     * The booked end came: completes once media made before it that comes late is in (HLS lists a segment only once it
     * is whole), within a bound the capture sets; at once for a stream that arrives as it is made.
     */
    default Future<Void> finishAtEnd() {
        return Future.succeededFuture();
    }

    /** Stops receiving and closes the part file (finalising it); completes when the file is final. Safe to repeat. */
    Future<Void> close();

    /** The booked end moved while recording; a capture that cuts media at the end cuts it at {@code endAt} instead. */
    default void moveEnd(java.time.Instant endAt) {
    }
}
