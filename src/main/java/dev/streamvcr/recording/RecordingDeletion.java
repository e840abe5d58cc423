package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.storage.RecordingStore;
import dev.streamvcr.web.Conflict;
import dev.streamvcr.web.NotFound;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Deletes a finished recording: its rows (parts and gaps with them), its directory on storage (parts, whole file, MP4,
 * pictures) and, through {@link RecordingDeleted}, every viewer's preview of it. The reservation and its history stay.
 * A recording that is still going on is refused with the reason: it has to be stopped first, so a deletion never
 * races a session writing into the directory. Audited.
 */
@ApplicationScoped
public class RecordingDeletion {

    private static final Logger LOG = Logger.getLogger(RecordingDeletion.class);

    @Inject
    RecordingStore store;

    @Inject
    AuditLog audit;

    @Inject
    Event<RecordingDeleted> deleted;

    @Inject
    RecordingExports exports;

    /** The recording a deletion would remove, after the same checks as the deletion itself (for the confirmation). */
    @Transactional
    public Recording checked(Viewer viewer, long id) {
        Recording recording = Recording.findById(id);
        if (recording == null || !viewer.maySee(recording.ownerId)) {
            throw new NotFound("There is no recording " + id + ".");
        }
        if (recording.reservation.state.isActive()) {
            throw new Conflict("This recording is still going on. Stop it first (\"Stop recording\" on its reservation); "
                    + "what was recorded is kept, and can then be deleted.");
        }
        return recording;
    }

    /** Deletes recording {@code id} for its owner or an admin; {@link NotFound} for anyone else. */
    public void delete(Viewer viewer, long id, RoutingContext request) {
        AuditLog.Subject subject = audit.subjectOf(checked(viewer, id).id);
        String what = remove(id);
        audit.record(viewer, AuditLog.Action.RECORDING_DELETE, subject, true, request, what);
    }

    /** Deletes a recording for the retention policy (no viewer); audited with the rule that chose it. */
    public void expire(long id, String rule) {
        AuditLog.Subject subject = audit.subjectOf(id);
        String what = remove(id);
        audit.record(null, AuditLog.Action.RECORDING_DELETE, subject, true, null, what + "; retention: " + rule);
    }

    /** Deletes a recording whose owner's account is being deleted; audited with the account's deletion. */
    void deleteWithOwner(long id) {
        remove(id);
    }

    /** Removes rows then files; returns what was removed, in words. */
    private String remove(long id) {
        Removed removed = removeRows(id);
        exports.forget(id);
        for (Path directory : removed.directories()) {
            deleteTree(directory);
        }
        deleted.fire(new RecordingDeleted(id));
        String what = "\"" + removed.title() + "\", " + removed.parts() + " part(s), " + removed.bytes() + " bytes";
        LOG.infof("Recording %d deleted: %s", id, what);
        return what;
    }

    private record Removed(String title, int parts, long bytes, List<Path> directories) {
    }

    @Transactional
    Removed removeRows(long id) {
        Recording recording = Recording.findById(id);
        if (recording == null) {
            throw new NotFound("There is no recording " + id + ".");
        }
        List<RecordingPart> parts = RecordingPart.ofRecording(id);
        List<Path> directories = parts.stream().map(part -> store.resolve(part.relativePath).getParent()).distinct()
                .toList();
        Removed removed = new Removed(recording.reservation.title, parts.size(), recording.bytes, directories);
        recording.delete();
        return removed;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf(e, "Cannot delete %s; its rows are gone, remove it by hand", dir);
        }
    }
}
