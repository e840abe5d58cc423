package dev.streamvcr.audit;

import dev.streamvcr.account.AccountChanged;
import dev.streamvcr.account.LoginAttempt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Writes every account change (and every refused one) and every password login (let in or refused) to the trail. */
@ApplicationScoped
public class AccountAudit {

    /** The longest attempted username kept: anyone can type anything there. */
    private static final int MAX_USERNAME = 64;

    @Inject
    AuditLog audit;

    void onChange(@Observes AccountChanged change) {
        audit.record(change.actor(), AuditLog.Action.valueOf(change.kind().name()),
                AuditLog.Subject.named(change.subject()), change.allowed(), audit.currentRequest(), change.detail());
    }

    void onLogin(@Observes LoginAttempt attempt) {
        if (attempt.refusal() == null) {
            audit.record(attempt.viewer(), AuditLog.Action.LOGIN, AuditLog.Subject.named(attempt.username()), true,
                    audit.currentRequest(), attempt.via());
            return;
        }
        // Refusals are digested: a burst of wrong passwords from one address is one row with a count.
        audit.refused(null, AuditLog.Action.LOGIN_REFUSED, AuditLog.Subject.named(typed(attempt.username())),
                audit.currentRequest(), attempt.refusal(), attempt.via());
    }

    /** The username as typed, on one line and cut short; "(none)" for an empty one. */
    private static String typed(String username) {
        if (username == null || username.isBlank()) {
            return "(none)";
        }
        String line = username.strip().codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return line.length() <= MAX_USERNAME ? line : line.substring(0, MAX_USERNAME - 1) + "…";
    }
}
