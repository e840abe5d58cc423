package dev.streamvcr.audit;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.ClientAddresses;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Writes and reads the audit trail. Entries are written in their own transaction: a refusal is kept even if the
 * request fails. Refusals, which anyone can cause, are digested ({@link RefusalDigest}): repeats within a minute add
 * to one row's count, and each address gets a bounded number of rows a minute. Texts are cut to a bounded length,
 * and entries are deleted after {@code STREAMVCR_AUDIT_RETENTION}.
 */
@ApplicationScoped
public class AuditLog {

    /** The longest detail kept; a request's path is cut to fit. */
    public static final int MAX_DETAIL = 300;
    private static final int MAX_AGENT = 300;
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    @Inject
    ClientAddresses clientAddresses;

    @Inject
    StreamVcrConfig config;

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
        ADMIN_RESET;

        String id() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /**
     * Records an access. A refusal's {@code detail} is its reason; {@code path}, when given, is shown after it (cut
     * short) and does not make two refusals of the same reason different.
     */
    public void refused(Viewer viewer, Long recordingId, Action action, RoutingContext request, String reason,
            String path) {
        String address = request == null ? "" : clientAddresses.of(request);
        String kind = (viewer == null ? "-" : viewer.id()) + " " + action + " " + recordingId + " " + reason;
        RefusalDigest.Verdict verdict = refusals.admit(address, kind, System.currentTimeMillis());
        if (!verdict.store()) {
            return;
        }
        String detail = verdict.summary() ? "further refusals from this address within a minute (counted, not itemised)"
                : reason + (path == null ? "" : " (" + path + ")");
        refusals.stored(verdict.key(), record(viewer, verdict.summary() ? null : recordingId, action, false, request,
                detail));
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public long record(Viewer viewer, Long recordingId, Action action, boolean allowed, RoutingContext request,
            String detail) {
        AuditEvent event = new AuditEvent();
        event.at = Instant.now();
        event.userId = viewer == null ? null : viewer.id();
        event.username = viewer == null ? null : viewer.username();
        event.recordingId = recordingId;
        event.action = action.id();
        event.outcome = allowed ? "allowed" : "refused";
        event.clientAddress = request == null ? null : clientAddresses.of(request);
        String agent = request == null ? null : request.request().getHeader("User-Agent");
        event.userAgent = cut(agent, MAX_AGENT);
        event.detail = cut(detail, MAX_DETAIL);
        event.persist();
        return event.id;
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
        long deleted = AuditEvent.delete("at < ?1", Instant.now().minus(config.audit().retention()));
        if (deleted > 0) {
            LOG.infof("Deleted %d audit entries older than %s", deleted, config.audit().retention());
        }
        return deleted;
    }

    /** A download (or a resumed piece of one: the range is noted). */
    public void download(Viewer viewer, long recordingId, String what, jakarta.ws.rs.core.HttpHeaders headers,
            RoutingContext request) {
        String range = headers.getHeaderString("Range");
        record(viewer, recordingId, Action.DOWNLOAD, true, request, what + (range == null ? "" : ", " + range));
    }

    /** The newest entries first, optionally only for one recording and/or one username. */
    @Transactional
    public List<AuditEvent> search(Long recordingId, String username, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (recordingId != null) {
            query.append(" and recordingId = :recording");
            parameters.and("recording", recordingId);
        }
        if (username != null && !username.isBlank()) {
            query.append(" and username = :username");
            parameters.and("username", username.strip());
        }
        return AuditEvent.find(query.toString(), Sort.by("at", Sort.Direction.Descending).and("id", Sort.Direction.Descending),
                parameters).page(Page.ofSize(limit)).list();
    }
}
