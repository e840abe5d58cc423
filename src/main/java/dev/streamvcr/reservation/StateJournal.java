package dev.streamvcr.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Changes a reservation's state and writes the change, with its reason, to the history. */
@ApplicationScoped
public class StateJournal {

    @Inject
    Event<ReservationChanges.StateChanged> changes;

    /** Records the first state of a reservation that was just persisted with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void created(Reservation reservation, String reason) {
        write(reservation.id, null, reservation.state, reason, null);
        reservation.stateReason = reason;
    }

    /** Must run inside the caller's transaction on a managed reservation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void transition(Reservation reservation, ReservationState to, String reason, String node) {
        write(reservation.id, reservation.state, to, reason, node);
        reservation.state = to;
        reservation.stateReason = reason;
    }

    /**
     * Writes a change that keeps the state (an edit of the booking) to the history; the state's own reason (what
     * the recording is doing) stays as it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void note(Reservation reservation, String reason) {
        write(reservation.id, reservation.state, reservation.state, reason, null);
    }

    /**
     * A new reason for the state the reservation is already in (the next attempt of the same wait): shown with it,
     * but not written to the history, which keeps one line per state change.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void restate(Reservation reservation, String reason) {
        reservation.stateReason = reason;
        changes.fire(new ReservationChanges.StateChanged(reservation.id));
    }

    private void write(long reservationId, ReservationState from, ReservationState to, String reason, String node) {
        ReservationEvent event = new ReservationEvent();
        event.reservationId = reservationId;
        event.at = Instant.now();
        event.fromState = from;
        event.toState = to;
        event.reason = reason;
        event.node = node;
        event.persist();
        changes.fire(new ReservationChanges.StateChanged(reservationId));
    }
}
