package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.Map;

/** The storage page, type-checked at build time (templates under {@code templates/recording/}). */
@CheckedTemplate(basePath = "recording")
public class StorageTemplates {

    /** {@code errors} belong to the form of user {@code errorUser}. */
    public static native TemplateInstance storage(Viewer viewer, StorageService.Overview overview, String notice,
            Map<String, String> errors, Long errorUser);
}
