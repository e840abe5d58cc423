package dev.streamvcr.reservation;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a reservation is in its life:
 * {@code SCHEDULED → RESOLVING → WAITING_FOR_STREAM → RECORDING ⇄ RECONNECTING → COMPLETED | FAILED | CANCELLED | MISSED}.
 */
public enum ReservationState {
    SCHEDULED, RESOLVING, WAITING_FOR_STREAM, RECORDING, RECONNECTING, COMPLETED, FAILED, CANCELLED, MISSED;

    /** States in which a node owns the work through a lease. */
    public static final Set<ReservationState> ACTIVE = EnumSet.of(RESOLVING, WAITING_FOR_STREAM, RECORDING, RECONNECTING);

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == MISSED;
    }

    public boolean isActive() {
        return ACTIVE.contains(this);
    }
}
