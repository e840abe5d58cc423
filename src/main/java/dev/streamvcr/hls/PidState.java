package dev.streamvcr.hls;

/** What {@link TsRewriter} keeps of one PID across segments. */
final class PidState {
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

    PidState copy() {
        PidState copy = new PidState();
        copy.lastDts = lastDts;
        copy.lastPcr = lastPcr;
        copy.lastCounter = lastCounter;
        copy.counterShift = counterShift;
        copy.renumber = renumber;
        copy.header = header;
        copy.adts = adts == null ? null : adts.copy();
        copy.pesPts = pesPts;
        copy.pesEpoch = pesEpoch;
        copy.endFile = endFile;
        return copy;
    }
}
