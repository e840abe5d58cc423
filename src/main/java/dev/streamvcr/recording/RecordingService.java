package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.storage.RecordingStore;
import dev.streamvcr.web.NotFound;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

/** Finished and running recordings, and their files; every read checks that the viewer may see them. */
@ApplicationScoped
public class RecordingService {

    @Inject
    RecordingStore store;

    /** A part's file on storage with the name a download should carry. */
    public record PartFile(Path path, String downloadName) {
    }

    @Transactional
    public List<RecordingView> list(Viewer viewer) {
        Sort newestFirst = Sort.by("startedAt", Sort.Direction.Descending);
        List<Recording> recordings = viewer.admin() ? Recording.listAll(newestFirst)
                : Recording.list("ownerId", newestFirst, viewer.id());
        return recordings.stream().map(this::view).toList();
    }

    /** One page of the recordings the viewer may see, as {@code query} asks (keyset, by start or title). */
    @Transactional
    public dev.streamvcr.web.ListQuery.Page<RecordingView> page(Viewer viewer, dev.streamvcr.web.ListQuery query) {
        dev.streamvcr.web.ListQuery.Jpql jpql = query.jpql(new dev.streamvcr.web.ListQuery.Fields("v.title",
                "v.sourceUrl", "v.state", "r.startedAt", "v.owner.username", "r.ownerId", "r.id"),
                viewer.admin() ? null : viewer.id());
        if (jpql.searches()) {
            Recording.getEntityManager().createNativeQuery(dev.streamvcr.web.ListQuery.Jpql.PLAN_WITH_VALUES).executeUpdate();
        }
        var select = Recording.getEntityManager().createQuery("select r from Recording r join fetch r.reservation v "
                + jpql.where() + " " + jpql.orderBy(), Recording.class);
        jpql.parameters().forEach((name, value) -> select.setParameter(name,
                name.equals("state") ? dev.streamvcr.reservation.ReservationState.valueOf((String) value) : value));
        List<Recording> rows = select.setMaxResults(query.size() + 1).getResultList();
        return query.page(rows, r -> r.startedAt, r -> r.reservation.title, r -> r.id, this::view);
    }

    @Transactional
    public RecordingView get(Viewer viewer, long id) {
        return view(find(viewer, id));
    }

    /** The file of part {@code partNumber} (1 when there is only one), if the viewer may see it and it exists. */
    @Transactional
    public PartFile file(Viewer viewer, long id, int partNumber) {
        Recording recording = find(viewer, id);
        RecordingPart part = RecordingPart.find("recordingId = ?1 and partNumber = ?2", recording.id, partNumber)
                .<RecordingPart>firstResultOptional()
                .orElseThrow(() -> new NotFound("Recording " + id + " has no part " + partNumber + "."));
        Path path = store.resolve(part.relativePath);
        if (!Files.isRegularFile(path)) {
            throw new NotFound("The file of recording " + id + " is not on the storage (yet).");
        }
        int parts = (int) RecordingPart.count("recordingId", recording.id);
        String name = part.relativePath.substring(part.relativePath.lastIndexOf('/') + 1);
        return new PartFile(path, downloadName(recording, partNumber, parts, name.substring(name.lastIndexOf('.') + 1)));
    }

    /** The parts of a recording the viewer may see, for a join into one file (see {@link RecordingExports}). */
    @Transactional
    public RecordingExports.Source exportSource(Viewer viewer, long id) {
        Recording recording = find(viewer, id);
        List<RecordingPart> parts = RecordingPart.ofRecording(recording.id);
        List<RecordingExports.PartSource> files = parts.stream()
                .map(part -> new RecordingExports.PartSource(part.id, part.partNumber, store.resolve(part.relativePath),
                        part.durationMs))
                .filter(part -> Files.isRegularFile(part.file())).toList();
        String first = parts.isEmpty() ? "part.flv" : parts.get(0).relativePath;
        Path directory = parts.isEmpty() ? store.root() : store.resolve(first).getParent();
        return new RecordingExports.Source(recording.id, files, recording.reservation.state.isActive(),
                first.substring(first.lastIndexOf('.') + 1), directory);
    }

    /** The name a download of the whole recording carries, e.g. "Show_2026-05-01.mp4". */
    @Transactional
    public String wholeName(Viewer viewer, long id, String extension) {
        return downloadName(find(viewer, id), 1, 1, extension);
    }

    /**
     * Notes a part that cannot be read as a gap of the recording (once), so the pages and the API say what is missing
     * from the whole file.
     */
    @Transactional
    public void reportDamaged(RecordingExports.DamagedPart damaged) {
        String cause = "part " + damaged.number() + " cannot be read (" + damaged.reason() + ") and is left out of the "
                + "whole file";
        if (RecordingGap.count("partId = ?1 and kind = ?2", damaged.partId(), RecordingGap.Kind.DAMAGED) > 0) {
            return;
        }
        RecordingPart part = RecordingPart.findById(damaged.partId());
        RecordingGap gap = new RecordingGap();
        gap.partId = damaged.partId();
        gap.startedAt = part == null ? java.time.Instant.now() : part.startedAt;
        gap.lengthMs = damaged.durationMs();
        gap.cause = cause;
        gap.kind = RecordingGap.Kind.DAMAGED;
        gap.persist();
    }

    /** How much of its booked window a recording holds; call inside a transaction. */
    static Coverage coverage(Recording recording) {
        List<Long> parts = RecordingPart.ofRecording(recording.id).stream().map(p -> p.id).toList();
        List<RecordingGap> gaps = parts.isEmpty() ? List.of() : RecordingGap.list("partId in ?1", parts);
        return Coverage.of(recording, gaps);
    }

    /**
     * What a preview of a recording reads: its parts on the storage in order, and whether the recording goes on
     * (its last part is still being written).
     */
    public record PreviewSource(long recordingId, List<Path> parts, boolean stillRecording) {
        /** The part written last; its time of change is the recording's. */
        public Path lastPart() {
            return parts.get(parts.size() - 1);
        }
    }

    /** The source of a preview the viewer may see; {@link NotFound} when there is nothing to show yet. */
    @Transactional
    public PreviewSource previewSource(Viewer viewer, long id) {
        Recording recording = find(viewer, id);
        List<Path> parts = RecordingPart.ofRecording(recording.id).stream().map(part -> store.resolve(part.relativePath))
                .filter(Files::isRegularFile).toList();
        if (parts.isEmpty()) {
            throw new NotFound("The file of recording " + id + " is not on the storage (yet).");
        }
        return new PreviewSource(recording.id, parts, recording.reservation.state.isActive());
    }

    private Recording find(Viewer viewer, long id) {
        Recording recording = Recording.findById(id);
        if (recording == null || !viewer.maySee(recording.ownerId)) {
            throw new NotFound("There is no recording " + id + ".");
        }
        return recording;
    }

    private RecordingView view(Recording recording) {
        List<RecordingPart> parts = RecordingPart.ofRecording(recording.id);
        List<RecordingGap> gaps = parts.isEmpty() ? List.of()
                : RecordingGap.list("partId in ?1 order by startedAt", parts.stream().map(p -> p.id).toList());
        return RecordingView.of(recording, parts, gaps);
    }

    /**
     * "Title_2026-05-01.flv": the title made safe for every file system, the booked start date (UTC), and the
     * part's own extension (flv, ts, mp4).
     */
    static String downloadName(Recording recording, int partNumber, int parts, String extension) {
        String title = recording.reservation.title.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]+", "_").strip();
        if (title.length() > 80) {
            title = title.substring(0, 80);
        }
        if (title.isEmpty() || title.matches("[._ ]+")) {
            title = "recording-" + recording.id;
        }
        String date = recording.reservation.startAt.atZone(ZoneOffset.UTC).toLocalDate().toString();
        return title + "_" + date + (parts > 1 ? "_part" + partNumber : "") + "." + extension;
    }
}
