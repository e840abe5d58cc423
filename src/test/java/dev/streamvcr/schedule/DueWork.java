package dev.streamvcr.schedule;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.reservation.Reservation;
import dev.streamvcr.reservation.ReservationState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reservations put straight into the table, all due at once, for the dispatcher to claim. Their source is a closed
 * loopback port: only the claim matters, and each session ends at its booked end.
 */
@ApplicationScoped
public class DueWork {

    /** A reservation as the dispatcher sees it: its state and which node holds it. */
    public record Held(ReservationState state, String leaseOwner) {
    }

    /** Books {@code count} reservations that started at {@code start} and end at {@code end}; returns their IDs. */
    @Transactional
    public List<Long> book(String username, int count, Instant start, Instant end) {
        AppUser owner = AppUser.findByUsername(username).orElseThrow();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Reservation reservation = new Reservation();
            reservation.owner = owner;
            reservation.title = "Due " + i;
            reservation.sourceUrl = "rtmp://127.0.0.1:1/live/due-" + i;
            reservation.startAt = start;
            reservation.endAt = end;
            reservation.state = ReservationState.SCHEDULED;
            reservation.createdAt = Instant.now();
            reservation.persist();
            ids.add(reservation.id);
        }
        return ids;
    }

    @Transactional
    public Held held(long id) {
        Reservation reservation = Reservation.findById(id);
        return new Held(reservation.state, reservation.leaseOwner);
    }

    /** Makes {@code node} the holder of a lease that ran out a second ago, as a session that stopped renewing it. */
    @Transactional
    public void lapse(long id, String node) {
        Reservation.getEntityManager().createNativeQuery("update reservation set state = 'RECORDING', lease_owner = ?1,"
                + " lease_until = now() - interval '1 second' where id = ?2").setParameter(1, node).setParameter(2, id)
                .executeUpdate();
    }

    /** Whether {@link Dispatcher#LEASE_LAPSED} holds for the reservation, for {@code node} and a {@code lease}. */
    @Transactional
    public boolean lapsed(long id, String node, double leaseSeconds) {
        return ((Number) Reservation.getEntityManager().createNativeQuery("select count(*) from reservation where id = :id"
                + " and " + Dispatcher.LEASE_LAPSED).setParameter("id", id).setParameter("node", node)
                .setParameter("lease", leaseSeconds).getSingleResult()).intValue() == 1;
    }

    /** How long ago the database started, in seconds. */
    @Transactional
    public double databaseAgeSeconds() {
        return ((Number) Reservation.getEntityManager().createNativeQuery(
                "select extract(epoch from now() - pg_postmaster_start_time())").getSingleResult()).doubleValue();
    }

    /** Puts {@code node} in the node roster with {@code capacity}, last seen {@code ago}. */
    @Transactional
    public void seeNode(String node, int capacity, java.time.Duration ago) {
        Reservation.getEntityManager().createNativeQuery("insert into node_roster (node_id, capacity, seen_at)"
                + " values (:node, :capacity, now() - make_interval(secs => :ago)) on conflict (node_id) do update"
                + " set capacity = excluded.capacity, seen_at = excluded.seen_at").setParameter("node", node)
                .setParameter("capacity", capacity).setParameter("ago", ago.toSeconds()).executeUpdate();
    }

    @Transactional
    public void forgetNode(String node) {
        Reservation.getEntityManager().createNativeQuery("delete from node_roster where node_id = :node")
                .setParameter("node", node).executeUpdate();
    }

    /** Takes reservations out of the dispatcher's way once a test is done with them. */
    @Transactional
    public void cancel(List<Long> ids) {
        for (long id : ids) {
            Reservation reservation = Reservation.findById(id);
            reservation.state = ReservationState.CANCELLED;
        }
    }
}
