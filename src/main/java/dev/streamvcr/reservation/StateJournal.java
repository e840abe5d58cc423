package dev.streamvcr.reservation;

import dev.streamvcr.notify.Notice;
import dev.streamvcr.notify.NoticeKind;
import dev.streamvcr.notify.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Changes a reservation's state and writes the change, with its reason, to the history; a change its owner may want
 * to hear of (started, gap, failed, completed) goes to the notification outbox in the same transaction.
 */
@ApplicationScoped
public class StateJournal {

    @Inject
    Event<ReservationChanges.StateChanged> changes;

    @Inject
    NotificationOutbox outbox;

    /** Records the first state of a reservation that was just persisted with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void created(Reservation reservation, String reason) {
        write(reservation.id, null, reservation.state, reason, null);
        reservation.stateReason = reason;
    }

    /** Must run inside the caller's transaction on a managed reservation. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void transition(Reservation reservation, ReservationState to, String reason, String node) {
        ReservationState from = reservation.state;
        write(reservation.id, from, to, reason, node);
        reservation.state = to;
        reservation.stateReason = reason;
        noticeOf(from, to).ifPresent(kind -> outbox.publish(Notice.of(kind, reservation.owner.id, reservation.id,
                reservation.title, reservation.startAt, reservation.endAt, reason)));
    }

    /**
     * The notification a change makes: a recording that starts (not one coming back from a drop), the drop itself
     * (its gap), a failure or missed start, a completion. Cancelling is the owner's own doing and tells nobody.
     */
    static java.util.Optional<NoticeKind> noticeOf(ReservationState from, ReservationState to) {
        return java.util.Optional.ofNullable(switch (to) {
            case RECORDING -> from == ReservationState.RECONNECTING ? null : NoticeKind.STARTED;
            case RECONNECTING -> from == ReservationState.RECORDING ? NoticeKind.GAP : null;
            case FAILED, MISSED -> NoticeKind.FAILED;
            case COMPLETED -> NoticeKind.COMPLETED;
            case SCHEDULED, RESOLVING, WAITING_FOR_STREAM, CANCELLED -> null;
        });
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
