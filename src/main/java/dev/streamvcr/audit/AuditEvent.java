package dev.streamvcr.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One audited event: a login or a refused one, a booking and its changes, an account or site account change, a preview
 * grant, a first playlist fetch, a refused preview request, a download, a deletion.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public Instant at;

    @Column(name = "user_id")
    public Long userId;

    @Column(length = 64)
    public String username;

    @Column(name = "recording_id")
    public Long recordingId;

    @Column(name = "reservation_id")
    public Long reservationId;

    /** What the event was about, named as it was then: a reservation's title, an account's username, a site. */
    @Column(length = 200)
    public String subject;

    @Column(nullable = false, length = 32)
    public String action;

    @Column(nullable = false, length = 16)
    public String outcome;

    @Column(name = "client_address", length = 64)
    public String clientAddress;

    @Column(name = "user_agent", length = 300)
    public String userAgent;

    public String detail;

    /** How many times this happened within a minute: a refusal repeated is counted here, not stored again. */
    @Column(nullable = false)
    public int repeats = 1;
}
