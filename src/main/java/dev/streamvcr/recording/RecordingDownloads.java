package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Downloads of a recording for the pages and the API alike, audited: one part as it was written, the whole
 * recording as one file, or its MP4. The last two may first have to be made; then the answer is how far that is.
 */
@ApplicationScoped
public class RecordingDownloads {

    @Inject
    RecordingService recordings;

    @Inject
    RecordingExports exports;

    @Inject
    AuditLog audit;

    /** The file's response when it is ready, else how far it is being made (0 to 1). */
    public record Answer(Response file, double progress) {
        public boolean ready() {
            return file != null;
        }
    }

    /** Part {@code part} as it was written (Range, If-Range, ETag). */
    public Response part(Viewer viewer, long id, int part, HttpHeaders headers, RoutingContext request) {
        RecordingService.PartFile file = recordings.file(viewer, id, part);
        audit.download(viewer, id, "part " + part, headers, request);
        return Download.of(file.path(), file.downloadName(), headers, false);
    }

    /** The whole recording ({@link RecordingExports.Kind#WHOLE}) or its MP4, made on first request. Blocking. */
    public Answer whole(Viewer viewer, long id, RecordingExports.Kind kind, HttpHeaders headers, RoutingContext request) {
        RecordingExports.Source source = recordings.exportSource(viewer, id);
        RecordingExports.Export export = exports.request(source, kind, recordings::reportDamaged);
        if (!export.ready()) {
            return new Answer(null, export.progress());
        }
        String name = export.file().getFileName().toString();
        String extension = name.substring(name.lastIndexOf('.') + 1);
        audit.download(viewer, id, kind == RecordingExports.Kind.MP4 ? "mp4" : "whole recording", headers, request);
        // An MP4 opens in the browser's own player (phones, Safari, Chromium); the original container is saved.
        return new Answer(Download.of(export.file(), recordings.wholeName(viewer, id, extension), headers,
                kind == RecordingExports.Kind.MP4), 1);
    }
}
