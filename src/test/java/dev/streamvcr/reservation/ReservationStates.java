package dev.streamvcr.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Puts a reservation in the state a recording node would have left it in, for page tests. */
@ApplicationScoped
public class ReservationStates {

    @jakarta.inject.Inject
    StateJournal journal;

    /** The reservation as recorded by another node that holds its lease, with or without a stop asked for. */
    @Transactional
    public void set(long id, ReservationState state, boolean stopRequested) {
        Reservation reservation = Reservation.findById(id);
        reservation.state = state;
        reservation.stopRequested = stopRequested;
        reservation.leaseOwner = "another-node";
        reservation.leaseUntil = Instant.now().plusSeconds(3600);
    }

    /** The reservation ended in {@code state} for {@code reason}, written to its history as a node would. */
    @Transactional
    public void end(long id, ReservationState state, String reason) {
        journal.transition(Reservation.findById(id), state, reason, "another-node");
    }
}
