package dev.streamvcr.peer;

import java.util.Optional;

/**
 * Whether every stream's packet dts never decreases (or, for {@link MediaProbe#timestampsRising}, always rises), as
 * a player and a muxer require.
 *
 * @param packetsChecked    packets that carried a dts
 * @param firstBackwardJump the first packet whose dts is lower than its stream's previous one (or, for the strict
 *                          check, not higher)
 */
public record TimestampCheck(long packetsChecked, Optional<BackwardJump> firstBackwardJump) {

    /**
     * @param packetNumber position of the offending packet in the file, counting all streams from 0
     */
    public record BackwardJump(int streamIndex, long packetNumber, double previousDtsSeconds, double dtsSeconds) {
        @Override
        public String toString() {
            return "stream " + streamIndex + " packet #" + packetNumber + ": dts " + previousDtsSeconds
                    + " s -> " + dtsSeconds + " s";
        }
    }

    public boolean monotonic() {
        return firstBackwardJump.isEmpty();
    }

    @Override
    public String toString() {
        return monotonic() ? packetsChecked + " packets, dts monotonic" : "dts goes back at " + firstBackwardJump.get();
    }
}
