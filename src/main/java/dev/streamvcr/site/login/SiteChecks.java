package dev.streamvcr.site.login;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.notify.Notice;
import dev.streamvcr.notify.NoticeKind;
import dev.streamvcr.notify.NotificationOutbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The check before a booked start: for every reservation starting within the lead time
 * ({@code STREAMVCR_SITES_CHECK_LEAD}, default 30 minutes) whose site needs a login, log in with the owner's
 * account (renewing an expired session) and keep the outcome; a failure becomes a warning shown with the
 * reservation while there is still time to fix the password. Each reservation is claimed atomically, so several
 * nodes never check the same one at once; a failed check is repeated after {@code STREAMVCR_SITES_CHECK_RETRY}. The
 * first failure of a reservation's check (not each repeat) is a login-warning notification to its owner.
 */
@ApplicationScoped
public class SiteChecks {

    private static final Logger LOG = Logger.getLogger(SiteChecks.class);

    @Inject
    EntityManager em;

    @Inject
    SiteLogin login;

    @Inject
    StreamVcrConfig config;

    @Inject
    NotificationOutbox outbox;

    /** The last check of one reservation; {@code ok} is null while it runs for the first time. */
    public record SiteCheck(long reservationId, String site, Instant checkedAt, Boolean ok, String message) {
    }

    record Due(long reservationId, long ownerId, String sourceUrl, String title, Instant startAt,
            Instant endAt) {
    }

    /** The warning to show with a reservation: why the login to its site failed at the last check. */
    @Transactional
    public Optional<String> warningFor(long reservationId) {
        return latest(reservationId).filter(c -> Boolean.FALSE.equals(c.ok())).map(SiteCheck::message);
    }

    @Transactional
    public Optional<SiteCheck> latest(long reservationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select reservation_id, site, checked_at, ok, message from site_check "
                + "where reservation_id = ?1").setParameter(1, reservationId).getResultList();
        return rows.stream().findFirst().map(r -> new SiteCheck(((Number) r[0]).longValue(), (String) r[1],
                toInstant(r[2]), (Boolean) r[3], (String) r[4]));
    }

    @Scheduled(every = "${streamvcr.sites.check-every}", delayed = "${streamvcr.sites.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            checkDue();
        } catch (RuntimeException e) {
            LOG.error("Checking site logins before booked starts failed; trying again at the next round", e);
        }
    }

    /** Checks every reservation that is due for a check now; returns how many were checked. */
    public int checkDue() {
        List<Due> due = claim();
        for (Due d : due) {
            Optional<String> site = page(d.sourceUrl()).flatMap(page -> login.siteNeedingLogin(d.ownerId(), page));
            if (site.isEmpty()) {
                record(d.reservationId(), null, true, null);
                continue;
            }
            boolean warnedBefore = latest(d.reservationId()).map(c -> Boolean.FALSE.equals(c.ok())).orElse(false);
            SiteLogin.Outcome outcome = login.verify(d.ownerId(), site.get());
            record(d.reservationId(), site.get(), outcome.ok(), outcome.message());
            if (!outcome.ok() && !warnedBefore) {
                warn(d, outcome.message());
            }
            if (!outcome.ok()) {
                LOG.infof("Reservation %d starts soon and its site login fails: %s", d.reservationId(), outcome.message());
            }
        }
        return due.size();
    }

    /**
     * Claims reservations starting within the lead time that were never checked, or whose last check did not pass
     * and is older than the retry interval. Times are the database's, like the dispatcher's.
     */
    @Transactional
    List<Due> claim() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("with claimed as ("
                + " insert into site_check (reservation_id, checked_at)"
                + " select id, now() from reservation where state = 'SCHEDULED' and start_at > now()"
                + " and start_at <= now() + make_interval(secs => ?1)"
                + " on conflict (reservation_id) do update set checked_at = now()"
                + " where site_check.ok is distinct from true and site_check.checked_at <= now() - make_interval(secs => ?2)"
                + " returning reservation_id)"
                + " select r.id, r.owner_id, r.source_url, r.title, r.start_at, r.end_at from reservation r"
                + " join claimed c on c.reservation_id = r.id")
                .setParameter(1, (double) config.sites().checkLead().toSeconds())
                .setParameter(2, (double) config.sites().checkRetry().toSeconds())
                .getResultList();
        return rows.stream().map(r -> new Due(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                (String) r[3], toInstant(r[4]), toInstant(r[5]))).toList();
    }

    @Transactional
    void warn(Due due, String message) {
        outbox.publish(Notice.of(NoticeKind.LOGIN_WARNING, due.ownerId(), due.reservationId(), due.title(),
                due.startAt(), due.endAt(), message));
    }

    @Transactional
    void record(long reservationId, String site, boolean ok, String message) {
        em.createNativeQuery("update site_check set site = ?1, ok = ?2, message = ?3, checked_at = now() "
                + "where reservation_id = ?4").setParameter(1, site).setParameter(2, ok).setParameter(3, message)
                .setParameter(4, reservationId).executeUpdate();
    }

    private static Optional<URI> page(String sourceUrl) {
        try {
            return Optional.of(new URI(sourceUrl.strip().split("\\s+")[0]));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return value instanceof java.sql.Timestamp ts ? ts.toInstant() : null;
    }
}
