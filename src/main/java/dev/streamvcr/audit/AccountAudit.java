package dev.streamvcr.audit;

import dev.streamvcr.account.AccountChanged;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Writes every account change (and every refused one) to the audit trail. */
@ApplicationScoped
public class AccountAudit {

    @Inject
    AuditLog audit;

    @Inject
    CurrentVertxRequest currentRequest;

    void onChange(@Observes AccountChanged change) {
        audit.record(change.actor(), null, AuditLog.Action.valueOf(change.kind().name()), change.allowed(), request(),
                change.detail());
    }

    /** The request behind the change, or null for one made at start-up. */
    private RoutingContext request() {
        try {
            return currentRequest.getCurrent();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }
}
