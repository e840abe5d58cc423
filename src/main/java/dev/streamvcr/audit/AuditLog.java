package dev.streamvcr.audit;

import dev.streamvcr.account.Viewer;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Writes and reads the audit trail. Entries are written in their own transaction: a refusal is kept even if the request fails. */
@ApplicationScoped
public class AuditLog {

    /** What was done. */
    public enum Action {
        PREVIEW_GRANT, PREVIEW_PLAYLIST, PREVIEW_REFUSED, DOWNLOAD;

        String id() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(Viewer viewer, Long recordingId, Action action, boolean allowed, RoutingContext request,
            String detail) {
        AuditEvent event = new AuditEvent();
        event.at = Instant.now();
        event.userId = viewer == null ? null : viewer.id();
        event.username = viewer == null ? null : viewer.username();
        event.recordingId = recordingId;
        event.action = action.id();
        event.outcome = allowed ? "allowed" : "refused";
        event.clientAddress = request == null || request.request().remoteAddress() == null ? null
                : request.request().remoteAddress().hostAddress();
        String agent = request == null ? null : request.request().getHeader("User-Agent");
        event.userAgent = agent == null ? null : agent.substring(0, Math.min(agent.length(), 300));
        event.detail = detail;
        event.persist();
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
