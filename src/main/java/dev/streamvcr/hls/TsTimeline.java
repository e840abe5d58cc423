package dev.streamvcr.hls;

import java.util.Arrays;
import java.util.Objects;

/**
 * Rewrites the timestamps of MPEG-2 transport stream segments (ISO/IEC 13818-1) appended one after the other to a
 * part file, so that the file has one timeline that never goes back and never stands still: PTS and DTS in PES
 * headers, and the PCR base in adaptation fields.
 *
 * <p>Use: {@link #beginSegment(boolean)}, then {@link #rewrite} with the segment's bytes in chunks of any size, then
 * {@link #endSegment()}; write what each call returns, in order. Bytes come back as whole 188-byte packets, possibly
 * later than they went in: a partial packet waits for the next chunk, and the start of a segment that needs anchoring
 * is held until its timestamps are known (at most {@value #LOOKAHEAD_PACKETS} packets).
 *
 * <ul>
 * <li>Within continuous segments the source's timestamps are kept, shifted by the offset in force. A source that wraps
 *     past 2^33 keeps counting up, so the file's timeline stays monotonic across the wrap.</li>
 * <li>A segment that does not continue the last one is re-anchored one frame (measured on the video; 3000 ticks,
 *     1/30 s, until measured) after the largest PTS written: its first video frame goes there, on the video frame
 *     grid (its earliest PTS when there is no video), and each PID's first DTS stays above its last one. Audio, video
 *     and PCR keep their distances within the segment. The gap is left out of the file.</li>
 * <li>The first segment of a part is rebased so its earliest clock value (the first PCR) is 0.</li>
 * <li>A DTS below the last one written on its PID is raised to one tick after it (PTS follows when below), and counted
 *     in {@link TimelineSnapshot#clampedTimestamps()}; a PCR that goes back gets its discontinuity_indicator set.</li>
 * <li>continuity_counter values are renumbered at each re-anchored segment so they run on in the file (§2.4.3.3).</li>
 * <li>A jump of more than 10 s in a segment marked continuous is treated as a break, and counted.</li>
 * </ul>
 *
 * <p>Every packet must start with the sync byte 0x47; the first that does not fails the segment with a
 * {@link SegmentFormatException} whose message begins "not an MPEG-TS segment". The PAT and PMT are read to name the
 * codecs. State is bounded: {@value #MAX_PIDS} PIDs are tracked (timestamps on others are shifted but not clamped),
 * and at most {@value #LOOKAHEAD_PACKETS} packets are held. Not thread-safe: one recording task owns an instance.
 */
public final class TsTimeline implements SegmentTimeline {
    /** Packets held at most while a segment's anchor is chosen or a split PES header completes. */
    public static final int LOOKAHEAD_PACKETS = 1024;
    /** PIDs whose DTS floor, PCR and continuity counter are tracked. */
    public static final int MAX_PIDS = 32;

    private final PacketQueue queue = new PacketQueue(LOOKAHEAD_PACKETS);
    private final TsRewriter rewriter = new TsRewriter(queue);
    private final byte[] partial = new byte[TsPacket.SIZE];
    private int partialLength;
    private boolean open;
    private long segmentPackets;
    private byte[] out;
    private int outBound;
    private int outLength;
    private long bytesWritten;

    /**
     * Starts the next segment.
     *
     * @param continuous whether it directly follows the last segment written: same discontinuity sequence and none
     *                   missing in between. False after a gap, an EXT-X-DISCONTINUITY, a sequence reset or a
     *                   reconnect, and for the first segment of a part (where it makes no difference)
     * @throws IllegalStateException when the previous segment was not ended
     */
    @Override
    public void beginSegment(boolean continuous) {
        if (open) {
            throw new IllegalStateException("the previous segment was not ended: call endSegment() first");
        }
        open = true;
        segmentPackets = 0;
        partialLength = 0;
        rewriter.beginSegment(continuous);
    }

    /**
     * Takes the next bytes of the segment.
     *
     * @return whole packets, rewritten, to append to the file; possibly empty
     * @throws SegmentFormatException when a packet does not start with the sync byte; the segment is then over (its
     *                                held packets are dropped) and the next call must be {@link #beginSegment}
     * @throws IllegalStateException  outside a segment
     */
    @Override
    public byte[] rewrite(byte[] chunk, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        checkOpen();
        outBound = (queue.size() + (partialLength + length) / TsPacket.SIZE) * TsPacket.SIZE;
        out = null;
        outLength = 0;
        int at = offset;
        int end = offset + length;
        try {
            if (partialLength > 0) {
                int take = Math.min(TsPacket.SIZE - partialLength, length);
                System.arraycopy(chunk, at, partial, partialLength, take);
                partialLength += take;
                at += take;
                if (partialLength == TsPacket.SIZE) {
                    partialLength = 0;
                    accept(partial, 0);
                }
            }
            for (; end - at >= TsPacket.SIZE; at += TsPacket.SIZE) {
                accept(chunk, at);
            }
        } catch (SegmentFormatException notTs) {
            abandon();
            throw notTs;
        }
        System.arraycopy(chunk, at, partial, partialLength, end - at);
        partialLength += end - at;
        return finish();
    }

    /**
     * Ends the segment.
     *
     * @return the packets still held, rewritten, to append to the file
     * @throws SegmentFormatException when the segment ended inside a packet (it was cut short); the held packets are
     *                                dropped
     * @throws IllegalStateException  outside a segment
     */
    @Override
    public byte[] endSegment() {
        checkOpen();
        if (partialLength > 0) {
            long bytes = segmentPackets * TsPacket.SIZE + partialLength;
            int cut = partialLength;
            abandon();
            throw new SegmentFormatException("the MPEG-TS segment ends " + cut + " bytes into a 188-byte packet"
                    + " (after " + bytes + " bytes): it was cut short");
        }
        outBound = queue.size() * TsPacket.SIZE;
        out = null;
        outLength = 0;
        rewriter.release(); // a PES header cut off by the segment's end stays as it is
        emit();
        open = false;
        return finish();
    }

    /**
     * The source clock value (33-bit, 90 kHz) the part's time 0 stands for: its first segment's earliest clock value,
     * or the one given to {@link #startFrom}; -1 before it is known.
     */
    public long origin() {
        return rewriter.clock().origin();
    }

    /**
     * Makes the part's time 0 stand for {@code sourceClock} (33-bit, 90 kHz) rather than its first segment's earliest
     * value: a rendition written to its own file (audio beside video) then shares the other's timeline, as the
     * renditions' timestamps match at the source (RFC 8216 §6.2.4). Call before the first segment. A segment that
     * starts before it still begins at 0 (PTS cannot be negative), and after a break each file joins on by itself.
     */
    public void startFrom(long sourceClock) {
        if (rewriter.clock().started() || rewriter.clock().anchored()) {
            throw new IllegalStateException("the part has started: its origin is set");
        }
        rewriter.clock().presetOrigin(sourceClock);
    }

    /** What has been written so far. */
    @Override
    public TimelineSnapshot snapshot() {
        return rewriter.snapshot(bytesWritten);
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("no segment is open: call beginSegment() first");
        }
    }

    private byte[] finish() {
        byte[] result = out == null ? new byte[0] : outLength == out.length ? out : Arrays.copyOf(out, outLength);
        bytesWritten += result.length;
        out = null;
        return result;
    }

    private void abandon() {
        queue.clear();
        rewriter.drop();
        partialLength = 0;
        open = false;
        out = null;
    }

    private void accept(byte[] source, int at) {
        segmentPackets++;
        if ((source[at] & 0xFF) != TsPacket.SYNC_BYTE) {
            throw new SegmentFormatException(String.format("%s: packet %d (at byte %d) starts with 0x%02X, not the"
                    + " sync byte 0x47", SegmentFormatException.NOT_TS, segmentPackets,
                    (segmentPackets - 1) * TsPacket.SIZE, source[at] & 0xFF));
        }
        if (queue.full()) {
            rewriter.release();
            emit();
        }
        rewriter.appended(queue.append(source, at));
        emit();
    }

    /** Hands on the packets before the first one that must stay. */
    private void emit() {
        long bound = rewriter.holdFrom();
        if (bound > queue.first()) {
            if (out == null) {
                out = new byte[outBound]; // allocated once a call has something to hand on: most 1-byte calls do not
            }
            outLength += queue.drainBefore(bound, out, outLength);
        }
    }
}
