package dev.streamvcr.recording;

import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/** What a {@link StreamCapture} tells its recording session, on the session's event loop. */
interface CaptureEvents {

    /** Runs {@code work} off the event loop; the future completes on it. */
    <T> Future<T> blocking(Callable<T> work);

    /** Whether the session is ending: the capture must start nothing new. */
    boolean ending();

    /**
     * Opens the session's part (the recording's next one) for a file ending in {@code extension} ("flv", "ts"),
     * after checking free space; completes with the file to create. A capture opens one part per session, when its
     * first media arrives.
     */
    Future<Path> openPart(String extension);

    /** The server accepted the connection; the attempt count starts again. */
    void connected();

    /** Media is arriving and being written: the stream is up (again, after a drop: the gap ends now). */
    void receiving();

    /** The first media of the part reached its file (with RTMP, once the booked start came): called once per part. */
    void recordingBegan();

    /** The connection failed or dropped, or the stream is not there yet; the session tries again with backoff. */
    void problem(Throwable cause);

    /**
     * The source has to be found again (its address expired, it stalled) and the capture itself reports what it
     * misses meanwhile (as {@link #gap}s): the session tries again with backoff, without counting a gap of its own.
     */
    void lostSource(Throwable cause);

    /** The server asked to be reconnected to at once (after {@code cause}), unless that keeps happening. */
    void reconnectRequested(Throwable cause);

    /** A stretch of the stream that could not be recorded while connected (segments gone, an ad break left out). */
    void gap(Instant from, long lengthMs, String cause);

    /** The source says the broadcast is over ({@code reason}): the recording ends, complete. */
    void ended(String reason);

    /** Recording cannot go on ({@code reason}, e.g. the file cannot be written): the reservation fails. */
    void failed(String reason);
}
