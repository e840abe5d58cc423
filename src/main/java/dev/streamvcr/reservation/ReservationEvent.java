package dev.streamvcr.reservation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One state change of a reservation, with the reason a person can read. */
@Entity
@Table(name = "reservation_event")
public class ReservationEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "reservation_id", nullable = false)
    public Long reservationId;

    @Column(nullable = false)
    public Instant at;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state", length = 24)
    public ReservationState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state", nullable = false, length = 24)
    public ReservationState toState;

    @Column(nullable = false)
    public String reason;

    @Column(length = 200)
    public String node;

    public static List<ReservationEvent> history(long reservationId) {
        return list("reservationId = ?1 order by id", reservationId);
    }
}
