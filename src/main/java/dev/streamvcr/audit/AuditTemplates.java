package dev.streamvcr.audit;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The audit page, type-checked at build time (templates under {@code templates/audit/}). */
@CheckedTemplate(basePath = "audit")
public class AuditTemplates {

    public static native TemplateInstance audit(Viewer viewer, List<AuditEvent> events, AuditPage.FilterForm filter,
            List<String> actions);
}
