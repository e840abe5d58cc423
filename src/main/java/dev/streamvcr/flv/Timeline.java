package dev.streamvcr.flv;

/**
 * Maps the 32-bit wire timestamps of one or more consecutive connections onto one file timeline
 * that starts at 0 and never goes backwards.
 *
 * <p>RTMP timestamps are 32-bit milliseconds that wrap (RTMP spec 5.3.1.3); they are extended to
 * 64 bits by adding the signed 32-bit difference to the previous one, so 0xFFFFFF00 followed by
 * 0x00000100 is a step of 512 ms. Each connection is anchored at its first written tag: at 0 for
 * the first, one frame after the last written timestamp for later ones.
 */
final class Timeline {

    /** Distance between the last tag of one connection and the first of the next: one frame at 30 fps. */
    static final long RECONNECT_STEP_MS = 33;
    /** A step back larger than this means the source restarted its clock, not A/V interleaving. */
    static final long MAX_BACKWARD_STEP_MS = 3000;

    private boolean connectionStarted;
    private long lastWire;
    private long lastExtended;
    private boolean anchored;
    private long offset;
    private long lastWritten = -1;

    /** Whether {@code wire} steps back so far that the source must have restarted its clock. */
    boolean jumpsBack(long wire) {
        return connectionStarted && (int) ((wire & 0xFFFFFFFFL) - lastWire) < -MAX_BACKWARD_STEP_MS;
    }

    /** Extends a 32-bit wire timestamp of the current connection to 64 bits. */
    long extend(long wire) {
        wire &= 0xFFFFFFFFL;
        if (!connectionStarted) {
            connectionStarted = true;
            lastExtended = wire;
        } else {
            lastExtended += (int) (wire - lastWire);
        }
        lastWire = wire;
        return lastExtended;
    }

    /** The file timestamp for a tag about to be written, clamped so it never goes backwards. */
    long place(long extended) {
        if (!anchored) {
            offset = (lastWritten < 0 ? 0 : lastWritten + RECONNECT_STEP_MS) - extended;
            anchored = true;
        }
        lastWritten = Math.max(extended + offset, Math.max(lastWritten, 0));
        return lastWritten;
    }

    /** The next tags come from a new connection (or a restarted clock): re-anchor at the next write. */
    void newConnection() {
        connectionStarted = false;
        anchored = false;
    }

    /** Timestamp of the last written tag, or -1 if none. */
    long lastWritten() {
        return lastWritten;
    }
}
