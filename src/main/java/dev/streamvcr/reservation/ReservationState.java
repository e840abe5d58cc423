package dev.streamvcr.reservation;

import java.util.EnumSet;
import java.util.Locale;
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

    /** How pages name the state: "Waiting for stream". */
    public String label() {
        String words = name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The CSS classes pages mark the state with: "state state-waiting-for-stream". */
    public String css() {
        return "state state-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether its owner may still cancel the booking or stop the recording. */
    public boolean cancellable() {
        return this == SCHEDULED || isActive();
    }
}
