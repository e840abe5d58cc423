package dev.streamvcr.reservation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/** One resolution of a reservation's address, at booking or at a start, as stored in its history. */
@Entity
@Table(name = "reservation_resolution")
public class ResolutionRecord extends PanacheEntityBase {

    public static final String BOOKING = "booking";
    public static final String START = "start";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "reservation_id", nullable = false)
    public Long reservationId;

    @Column(nullable = false)
    public Instant at;

    /** {@link #BOOKING} or {@link #START}. */
    @Column(nullable = false, length = 16)
    public String phase;

    @Column(nullable = false)
    public String input;

    @Column(length = 200)
    public String via;

    public String source;

    public String origin;

    public String reason;

    /** Every resolver that ran, with its candidates or error: a JSON array of {@code ResolverReport}s. */
    @Column(nullable = false)
    public String reports;

    /** The most recent resolution of a reservation. */
    public static Optional<ResolutionRecord> latest(long reservationId) {
        return find("reservationId = ?1 order by id desc", reservationId).firstResultOptional();
    }
}
