package dev.streamvcr.reservation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Puts a reservation in the state a recording node would have left it in, for page tests. */
@ApplicationScoped
public class ReservationStates {

    /** The reservation as recorded by another node that holds its lease, with or without a stop asked for. */
    @Transactional
    public void set(long id, ReservationState state, boolean stopRequested) {
        Reservation reservation = Reservation.findById(id);
        reservation.state = state;
        reservation.stopRequested = stopRequested;
        reservation.leaseOwner = "another-node";
        reservation.leaseUntil = Instant.now().plusSeconds(3600);
    }
}
