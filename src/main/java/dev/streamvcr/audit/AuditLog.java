package dev.streamvcr.audit;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.ClientAddresses;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes and reads the audit trail. Changes are written in the transaction that makes them ({@link #note}), so an
 * entry exists exactly when the change was committed; accesses and refusals in their own: a refusal is kept even if the
 * request fails. Refusals, which anyone can cause, are digested ({@link RefusalDigest}): repeats within a minute add
 * to one row's count, and each address gets a bounded number of rows a minute. Each entry names what it was about as
 * it was called then ({@link Subject}). Texts are cut to a bounded length, and entries are deleted after
 * {@code STREAMVCR_AUDIT_RETENTION} (never when it is 0).
 */
@ApplicationScoped
public class AuditLog {

    /** The longest detail kept; a request's path is cut to fit. */
    public static final int MAX_DETAIL = 300;
    private static final int MAX_AGENT = 300;
    private static final int MAX_SUBJECT = 200;
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    @Inject
    ClientAddresses clientAddresses;

    @Inject
    StreamVcrConfig config;

    @Inject
    CurrentVertxRequest currentRequest;

    private RefusalDigest refusals;

    @PostConstruct
    void digest() {
        refusals = new RefusalDigest(config.audit().maxRefusalsPerMinute());
    }

    /** What was done. */
    public enum Action {
        PREVIEW_GRANT, PREVIEW_PLAYLIST, PREVIEW_REFUSED, DOWNLOAD, RECORDING_DELETE, TRACE,
        // account changes, named as AccountChanged.Kind names them
        PASSWORD_CHANGE, TOKEN_REVOKE, ACCOUNT_ENABLE, ACCOUNT_DISABLE, PASSWORD_RESET, ROLE_CHANGE, ACCOUNT_DELETE,
        ADMIN_RESET, ACCOUNT_CREATE, TOKEN_CREATE,
        // logins
        LOGIN, LOGIN_REFUSED,
        // bookings
        BOOKING_CREATE, BOOKING_EDIT, BOOKING_CANCEL, RECORDING_STOP,
        // site accounts and recipes
        SITE_ACCOUNT_CREATE, SITE_ACCOUNT_UPDATE, SITE_ACCOUNT_DELETE, RECIPE_CREATE, RECIPE_UPDATE, RECIPE_DELETE,
        RECIPE_IMPORT,
        // channel watches
        WATCH_CREATE, WATCH_PAUSE, WATCH_RESUME, WATCH_DELETE;

        /** How the trail and its filter name it: {@code booking-edit}. */
        public String id() {
            return name().toLowerCase().replace('_', '-');
        }

        /** The action named {@code id}, if there is one. */
        public static java.util.Optional<Action> byId(String id) {
            return java.util.Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst();
        }
    }

    /**
     * What an event was about, named as it is called at the time: a reservation (its recording, if any, is found
     * from it), a recording (its reservation and title are looked up when not given), or just a name (an account, a
     * site, a recipe). The name is kept, so it still reads after the thing is deleted or renamed.
     */
    public record Subject(Long reservationId, Long recordingId, String title) {

        static final Subject NONE = new Subject(null, null, null);

        public static Subject reservation(long id, String title) {
            return new Subject(id, null, title);
        }

        public static Subject recording(Long id, String title) {
            return id == null ? named(title) : new Subject(null, id, title);
        }

        public static Subject named(String title) {
            return new Subject(null, null, title);
        }
    }

    /**
     * Records an access. A refusal's {@code detail} is its reason; {@code path}, when given, is shown after it (cut
     * short) and does not make two refusals of the same reason different.
     */
    public void refused(Viewer viewer, Long recordingId, Action action, RoutingContext request, String reason,
            String path) {
        refused(viewer, action, Subject.recording(recordingId, null), request, reason, path);
    }

    /** Records a refusal about {@code subject}, digested like every other refusal; {@code detail} is like a path. */
    public void refused(Viewer viewer, Action action, Subject subject, RoutingContext request, String reason,
            String detail) {
        String address = request == null ? "" : clientAddresses.of(request);
        String kind = (viewer == null ? "-" : viewer.id()) + " " + action + " " + subject + " " + reason;
        RefusalDigest.Verdict verdict = refusals.admit(address, kind, System.currentTimeMillis());
        if (!verdict.store()) {
            return;
        }
        String text = verdict.summary() ? "further refusals from this address within a minute (counted, not itemised)"
                : reason + (detail == null ? "" : " (" + detail + ")");
        refusals.stored(verdict.key(), record(viewer, action, verdict.summary() ? Subject.NONE : subject, false,
                request, text));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long record(Viewer viewer, Long recordingId, Action action, boolean allowed, RoutingContext request,
            String detail) {
        return write(viewer, action, Subject.recording(recordingId, null), allowed, request, detail);
    }

    /** Records an event in a transaction of its own (it stays even if the request then fails). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long record(Viewer viewer, Action action, Subject subject, boolean allowed, RoutingContext request,
            String detail) {
        return write(viewer, action, subject, allowed, request, detail);
    }

    /**
     * Records a change the current request made, in the caller's transaction: the entry is kept exactly when the
     * change is committed.
     */
    @Transactional
    public void note(Viewer viewer, Action action, Subject subject, String detail) {
        write(viewer, action, subject, true, currentRequest(), detail);
    }

    private long write(Viewer viewer, Action action, Subject subject, boolean allowed, RoutingContext request,
            String detail) {
        Subject named = named(subject);
        AuditEvent event = new AuditEvent();
        event.at = Instant.now();
        event.userId = viewer == null ? null : viewer.id();
        event.username = viewer == null ? null : viewer.username();
        event.recordingId = named.recordingId();
        event.reservationId = named.reservationId();
        event.subject = cut(named.title(), MAX_SUBJECT);
        event.action = action.id();
        event.outcome = allowed ? "allowed" : "refused";
        event.clientAddress = request == null ? null : clientAddresses.of(request);
        String agent = request == null ? null : request.request().getHeader("User-Agent");
        event.userAgent = cut(agent, MAX_AGENT);
        event.detail = cut(detail, MAX_DETAIL);
        event.persist();
        return event.id;
    }

    /** Recording {@code id} as the trail names it: with its reservation and title, read now (before it is deleted). */
    @Transactional
    public Subject subjectOf(long recordingId) {
        return named(Subject.recording(recordingId, null));
    }

    /** The subject with its reservation, recording and title filled in from the database where they are missing. */
    private static Subject named(Subject subject) {
        if (subject.recordingId() != null && (subject.title() == null || subject.reservationId() == null)) {
            List<?> rows = AuditEvent.getEntityManager().createNativeQuery("select r.id, r.title from recording rec "
                    + "join reservation r on r.id = rec.reservation_id where rec.id = ?1")
                    .setParameter(1, subject.recordingId()).getResultList();
            if (!rows.isEmpty()) {
                Object[] row = (Object[]) rows.get(0);
                return new Subject(((Number) row[0]).longValue(), subject.recordingId(),
                        subject.title() == null ? (String) row[1] : subject.title());
            }
        } else if (subject.reservationId() != null && (subject.title() == null || subject.recordingId() == null)) {
            List<?> rows = AuditEvent.getEntityManager().createNativeQuery("select r.title, rec.id from reservation r "
                    + "left join recording rec on rec.reservation_id = r.id where r.id = ?1")
                    .setParameter(1, subject.reservationId()).getResultList();
            if (!rows.isEmpty()) {
                Object[] row = (Object[]) rows.get(0);
                return new Subject(subject.reservationId(), row[1] == null ? null : ((Number) row[1]).longValue(),
                        subject.title() == null ? (String) row[0] : subject.title());
            }
        }
        return subject;
    }

    /** The request being served, or null outside one (at start-up, in a scheduled job). */
    RoutingContext currentRequest() {
        try {
            return currentRequest.getCurrent();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Adds the refusals counted since the last time to their rows. */
    @Scheduled(every = "15s", delayed = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void flushRepeats() {
        for (RefusalDigest.Pending pending : refusals.drain()) {
            AuditEvent.update("repeats = repeats + ?1 where id = ?2", pending.repeats(), pending.eventId());
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expire() {
        deleteExpired();
    }

    /** Deletes the entries older than the retention; returns how many. */
    @Transactional
    public long deleteExpired() {
        return deleteOlderThan(config.audit().retention());
    }

    /** Deletes the entries older than {@code retention}, none when it is zero (kept for ever); returns how many. */
    @Transactional
    public long deleteOlderThan(Duration retention) {
        if (retention.isZero() || retention.isNegative()) {
            return 0;
        }
        long deleted = AuditEvent.delete("at < ?1", Instant.now().minus(retention));
        if (deleted > 0) {
            LOG.infof("Deleted %d audit entries older than %s", deleted, retention);
        }
        return deleted;
    }

    /** A download (or a resumed piece of one: the range is noted). */
    public void download(Viewer viewer, long recordingId, String what, jakarta.ws.rs.core.HttpHeaders headers,
            RoutingContext request) {
        String range = headers.getHeaderString("Range");
        record(viewer, recordingId, Action.DOWNLOAD, true, request, what + (range == null ? "" : ", " + range));
    }

    /** What the audit page and API may be filtered by; a null or blank field does not filter. */
    public record Filter(Long recordingId, Long reservationId, String username, Action action) {
    }

    /** The newest entries first, optionally only for one recording and/or one username. */
    @Transactional
    public List<AuditEvent> search(Long recordingId, String username, int limit) {
        return search(new Filter(recordingId, null, username, null), limit);
    }

    /** The newest entries first that match {@code filter}. */
    @Transactional
    public List<AuditEvent> search(Filter filter, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (filter.recordingId() != null) {
            query.append(" and recordingId = :recording");
            parameters.and("recording", filter.recordingId());
        }
        if (filter.reservationId() != null) {
            query.append(" and reservationId = :reservation");
            parameters.and("reservation", filter.reservationId());
        }
        if (filter.username() != null && !filter.username().isBlank()) {
            query.append(" and username = :username");
            parameters.and("username", filter.username().strip());
        }
        if (filter.action() != null) {
            query.append(" and action = :action");
            parameters.and("action", filter.action().id());
        }
        return AuditEvent.find(query.toString(), Sort.by("at", Sort.Direction.Descending).and("id", Sort.Direction.Descending),
                parameters).page(Page.ofSize(limit)).list();
    }
}
