package dev.streamvcr.hls;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The packet-level work of {@link TsTimeline}: finds the PCR, the PSI and the PES headers in each packet appended to
 * the queue, extends their timestamps on the {@link TsClock}, holds them while a segment's anchor is not chosen yet,
 * then writes the part's timestamps in place. Says which packets may leave the queue.
 */
final class TsRewriter {
    /** A PES header not whole after this many packets of its PID is left as it is. */
    private static final int MAX_HEADER_PACKETS = 4;

    private final PacketQueue queue;
    private final ProgramTables tables = new ProgramTables();
    private final TsClock clock = new TsClock();
    private final Map<Integer, PidState> pids = new HashMap<>();
    private final ArrayDeque<Stamp> pending = new ArrayDeque<>();
    private final Set<Integer> stampedPids = new HashSet<>();
    private boolean needsAnchor = true;
    /** How many times the offset was chosen: which offset a held timestamp belongs to. */
    private int epoch;
    private long videoFrames;
    private long audioPackets;
    private long clamped;
    private long clockJumps;

    /** Per-PID state kept across segments. */
    private static final class PidState {
        long lastDts = Long.MIN_VALUE;
        long lastPcr = Long.MIN_VALUE;
        int lastCounter = -1;
        int counterShift;
        boolean renumber;
        PesHeader header;
        /** For AAC in ADTS: the current PES packet's frames, its PTS (extended) and the anchoring it belongs to. */
        AdtsDuration adts;
        long pesPts = Long.MIN_VALUE;
        int pesEpoch;
        /** The latest end of this PID's audio in the file, when its frames can be counted. */
        long endFile = Long.MIN_VALUE;
    }

    /** A timestamp found in a held packet: a PCR (pes null) or a PES header's PTS and DTS, extended. */
    private record Stamp(int pid, boolean video, long pcrAt, PesHeader pes, long pcr, long pts, long dts) {
        long packet() {
            return pes == null ? pcrAt / TsPacket.SIZE : pes.firstPacket();
        }
    }

    TsRewriter(PacketQueue queue) {
        this.queue = queue;
    }

    /** A segment starts; one that does not continue the last is anchored anew and renumbers continuity counters. */
    void beginSegment(boolean continuous) {
        if (!continuous) {
            needsAnchor = true;
            clock.newClock();
            pids.values().forEach(state -> state.renumber = true);
        }
    }

    /** Scans the packet just appended, then anchors the segment if its timestamps are now known. */
    void appended(long sequence) {
        scan(sequence);
        if (needsAnchor && !pending.isEmpty() && everyStreamStamped()) {
            anchor();
        }
    }

    /**
     * Lets every held packet go: anchors on the timestamps found so far, and leaves PES headers still incomplete as
     * they are. For a full queue and for the end of a segment.
     */
    void release() {
        if (needsAnchor && !pending.isEmpty()) {
            anchor();
        }
        pids.values().forEach(state -> state.header = null);
    }

    /** Forgets what the held packets brought: they are dropped with a failed segment. */
    void drop() {
        pending.clear();
        stampedPids.clear();
        pids.values().forEach(state -> state.header = null);
    }

    /** The first packet that must stay: it has a timestamp waiting for the anchor or starts an incomplete header. */
    long holdFrom() {
        long bound = queue.end();
        Stamp first = pending.peek();
        if (first != null) {
            bound = Math.min(bound, first.packet());
        }
        for (PidState state : pids.values()) {
            if (state.header != null) {
                bound = Math.min(bound, state.header.firstPacket());
            }
        }
        return bound;
    }

    TsClock clock() {
        return clock;
    }

    TimelineSnapshot snapshot(long bytesWritten) {
        return new TimelineSnapshot(bytesWritten, clock.durationMillis(), tables.codec(ProgramTables.Kind.VIDEO),
                tables.codec(ProgramTables.Kind.AUDIO), videoFrames, audioPackets, clamped, clockJumps);
    }

    /** Finds the packet's PCR, PSI and PES header; renumbers its continuity counter. */
    private void scan(long sequence) {
        byte[] b = queue.array();
        int p = queue.offsetOf(sequence);
        int pid = TsPacket.pid(b, p);
        if (pid == TsPacket.NULL_PID) {
            return;
        }
        PidState state = state(pid);
        if (state != null) {
            renumber(state, b, p);
        }
        long position = sequence * TsPacket.SIZE;
        if (TsPacket.hasPcr(b, p)) {
            long pcr = extend(TsPacket.readPcrBase(b, p + TsPacket.PCR_OFFSET));
            found(new Stamp(pid, false, position + TsPacket.PCR_OFFSET, null, pcr, 0, 0));
        }
        int payload = TsPacket.payloadOffset(b, p);
        if (payload < 0) {
            return;
        }
        boolean unitStart = TsPacket.payloadUnitStart(b, p);
        if (tables.carriesTables(pid)) {
            tables.accept(pid, b, p + payload, p + TsPacket.SIZE, unitStart);
            return;
        }
        if (TsPacket.scrambled(b, p)) {
            return;
        }
        if (state != null && measuresAudio(pid, state)) {
            if (unitStart) {
                audioEnded(state);
                state.adts.startPes();
            }
            state.adts.add(b, p + payload, p + TsPacket.SIZE);
        }
        PesHeader header = state == null ? null : state.header;
        if (unitStart) {
            header = new PesHeader(sequence);
        } else if (header == null || sequence - header.firstPacket() >= MAX_HEADER_PACKETS) {
            if (state != null) {
                state.header = null;
            }
            return;
        }
        boolean whole = header.add(b, p + payload, TsPacket.SIZE - payload, position + payload);
        if (state != null) {
            state.header = whole ? null : header;
        }
        if (whole) {
            headerRead(pid, header);
        }
    }

    /** Whether the PID carries AAC in ADTS (stream_type 0x0F, or 0xCF for SAMPLE-AES, whose ADTS headers are clear). */
    private boolean measuresAudio(int pid, PidState state) {
        if (state.adts == null) {
            ProgramTables.Stream stream = tables.stream(pid);
            if (stream == null || stream.streamType() != 0x0F && stream.streamType() != 0xCF) {
                return false;
            }
            state.adts = new AdtsDuration();
        }
        return true;
    }

    /**
     * The PID's PES packet before this one is over: notes where its audio ends in the file, when its frames were
     * counted and its PTS was placed with the offset in force.
     */
    private void audioEnded(PidState state) {
        long ticks = state.adts.ticks();
        if (ticks >= 0 && state.pesPts != Long.MIN_VALUE && state.pesEpoch == epoch && clock.anchored()) {
            state.endFile = Math.max(state.endFile, clock.toFile(state.pesPts) + ticks);
        }
    }

    private PidState state(int pid) {
        PidState state = pids.get(pid);
        if (state == null && pids.size() < TsTimeline.MAX_PIDS) {
            state = new PidState();
            pids.put(pid, state);
        }
        return state;
    }

    /**
     * Shifts continuity_counter so that, after a re-anchored segment's start, each PID's counter goes on from its
     * last value in the file; it counts packets with a payload only (§2.4.3.3).
     */
    private static void renumber(PidState state, byte[] b, int p) {
        boolean payload = TsPacket.hasPayload(b, p);
        int counter = TsPacket.continuityCounter(b, p);
        if (state.renumber && payload) {
            state.counterShift = state.lastCounter < 0 ? 0 : (state.lastCounter + 1 - counter) & 0x0F;
            state.renumber = false;
        }
        int shifted = (counter + state.counterShift) & 0x0F;
        TsPacket.setContinuityCounter(b, p, shifted);
        if (payload) {
            state.lastCounter = shifted;
        }
    }

    private void headerRead(int pid, PesHeader header) {
        int streamId = header.streamId();
        if (streamId < 0) {
            return;
        }
        // without a PMT, the stream_id ranges of Table 2-22 tell video and audio apart
        ProgramTables.Stream stream = tables.stream(pid);
        ProgramTables.Kind kind = stream != null ? stream.kind()
                : streamId >= 0xE0 && streamId <= 0xEF ? ProgramTables.Kind.VIDEO
                : streamId >= 0xC0 && streamId <= 0xDF ? ProgramTables.Kind.AUDIO : ProgramTables.Kind.OTHER;
        if (kind == ProgramTables.Kind.VIDEO) {
            videoFrames++;
        } else if (kind == ProgramTables.Kind.AUDIO) {
            audioPackets++;
        }
        if (header.hasPts()) {
            long pts = extend(header.pts());
            long dts = header.hasDts() ? extend(header.dts()) : pts;
            PidState state = pids.get(pid);
            if (state != null) {
                state.pesPts = pts;
                state.pesEpoch = needsAnchor ? epoch + 1 : epoch;
            }
            found(new Stamp(pid, kind == ProgramTables.Kind.VIDEO, -1, header, 0, pts, dts));
        }
    }

    /** Extends a source value; a jump of the clock in a continuous run starts a new anchoring. */
    private long extend(long raw) {
        boolean referenced = clock.referenced();
        long previous = clock.reference();
        long extended = clock.extend(raw);
        if (referenced && !needsAnchor && TsClock.jump(previous, extended)) {
            needsAnchor = true;
            clock.jumped();
            clockJumps++;
        }
        return extended;
    }

    private void found(Stamp stamp) {
        pending.add(stamp);
        if (stamp.pes() != null) {
            stampedPids.add(stamp.pid());
        }
        if (!needsAnchor) {
            applyPending();
        }
    }

    /**
     * Whether the anchor can be chosen: each audio and video stream of the PMT has a held PES timestamp, or the PMT
     * has none but some other stream has one.
     */
    private boolean everyStreamStamped() {
        boolean media = false;
        for (ProgramTables.Stream stream : tables.streams()) {
            if (stream.kind() != ProgramTables.Kind.OTHER) {
                media = true;
                if (!stampedPids.contains(stream.pid())) {
                    return false;
                }
            }
        }
        return media || !tables.streams().isEmpty() && !stampedPids.isEmpty();
    }

    /** Chooses the segment's offset from the timestamps held (see {@link TsClock}), then writes them. */
    private void anchor() {
        long earliestDts = Long.MAX_VALUE;
        long earliestPts = Long.MAX_VALUE;
        long earliestPcr = Long.MAX_VALUE;
        long earliestVideo = Long.MAX_VALUE;
        long minimumOffset = Long.MIN_VALUE;
        for (Stamp stamp : pending) {
            if (stamp.pes() == null) {
                earliestPcr = Math.min(earliestPcr, stamp.pcr());
                continue;
            }
            earliestDts = Math.min(earliestDts, stamp.dts());
            earliestPts = Math.min(earliestPts, stamp.pts());
            if (stamp.video()) {
                earliestVideo = Math.min(earliestVideo, stamp.pts());
            }
            PidState state = pids.get(stamp.pid());
            if (state != null && state.lastDts != Long.MIN_VALUE) {
                minimumOffset = Math.max(minimumOffset, state.lastDts + 1 - stamp.dts());
            }
            if (state != null && state.endFile != Long.MIN_VALUE) {
                minimumOffset = Math.max(minimumOffset, state.endFile - stamp.pts()); // no audio overlap
            }
        }
        if (!clock.started()) {
            clock.anchorStart(Math.min(earliestDts, earliestPcr));
        } else {
            clock.anchorAfter(earliestPts != Long.MAX_VALUE ? earliestPts : earliestPcr,
                    earliestVideo != Long.MAX_VALUE ? earliestVideo : Long.MIN_VALUE, minimumOffset);
        }
        needsAnchor = false;
        epoch++;
        stampedPids.clear();
        applyPending();
    }

    private void applyPending() {
        for (Stamp stamp = pending.poll(); stamp != null; stamp = pending.poll()) {
            if (stamp.pes() == null) {
                applyPcr(stamp);
            } else {
                applyPes(stamp);
            }
        }
        stampedPids.clear();
    }

    private void applyPcr(Stamp stamp) {
        long pcr = Math.max(0, clock.toFile(stamp.pcr()));
        byte[] b = queue.array();
        int p = queue.offsetOf(stamp.packet());
        PidState state = pids.get(stamp.pid());
        if (state != null) {
            if (state.lastPcr != Long.MIN_VALUE && pcr < state.lastPcr) {
                TsPacket.setDiscontinuityIndicator(b, p);
            }
            state.lastPcr = pcr;
        }
        TsPacket.writePcrBase(b, p + TsPacket.PCR_OFFSET, pcr);
    }

    private void applyPes(Stamp stamp) {
        long dts = clock.toFile(stamp.dts());
        PidState state = pids.get(stamp.pid());
        long last = state == null ? Long.MIN_VALUE : state.lastDts;
        if (dts < 0 || dts < last) {
            dts = last == Long.MIN_VALUE ? 0 : Math.max(0, last + 1);
            clamped++;
        }
        long pts = Math.max(clock.toFile(stamp.pts()), dts);
        if (stamp.pes().hasDts()) {
            stamp.pes().writeDts(dts, queue);
        }
        stamp.pes().writePts(pts, queue);
        if (state != null) {
            state.lastDts = dts;
        }
        clock.wrotePts(pts);
        if (stamp.video()) {
            clock.wroteVideo(stamp.dts(), pts);
        }
    }

}
