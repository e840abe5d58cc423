package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import dev.streamvcr.preview.media.VariantTranscode;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import dev.streamvcr.preview.trace.ViewerCode;
import dev.streamvcr.recording.RecordingService;
import dev.streamvcr.web.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A/B previews for each viewer: their playlist lists segment {@code k} of variant A or B as their code says, under an
 * address only they were given, with their name burned into every N-th segment; one shared encode per recording serves
 * every viewer ({@link SharedVariants}), and each viewer costs only their name segments ({@link NameSegments}).
 *
 * <p>The playlist lists a name segment only once it is made (an EVENT playlist may only grow), and orders the name
 * segments of the next {@value #NAMES_AHEAD} periods beyond what the viewer has fetched, so a player's buffer never
 * waits for one.
 */
@ApplicationScoped
public class AbPreviews {

    /** Name periods ordered ahead of the last segment a viewer fetched. */
    static final int NAMES_AHEAD = 2;
    private static final Duration LATE_NAME_WAIT = Duration.ofSeconds(20);

    @Inject
    StreamVcrConfig config;

    @Inject
    CodeKeys keys;

    @Inject
    SharedVariants variants;

    @Inject
    NameSegments names;

    @Inject
    PreviewEvidence evidence;

    @Inject
    RecordingService recordings;

    private final Map<Watch.Key, Watch> watching = new ConcurrentHashMap<>();
    private volatile Path previews;

    /** What a viewer's playlist lists now, and whether this request started the shared encode. */
    public record Listing(List<PreviewPlaylist.Entry> segments, boolean finished, boolean started) {
    }

    /** One viewer watching one recording: their code, their addresses, how far they have fetched. */
    private static final class Watch {
        record Key(long userId, long recordingId) {
        }

        final ViewerCode code;
        final SegmentAddresses addresses;
        final String name;
        volatile int fetched = -1;

        Watch(ViewerCode code, SegmentAddresses addresses, String name) {
            this.code = code;
            this.addresses = addresses;
            this.name = name;
        }
    }

    void start(Path previewsRoot) {
        previews = previewsRoot;
        variants.start(previewsRoot);
    }

    void stop() {
        variants.stop();
        names.stop();
    }

    void sweep() {
        variants.sweep();
    }

    public Listing playlist(Viewer viewer, long recordingId, FfmpegTools tools, Path font) {
        RecordingService.PreviewSource source = recordings.previewSource(viewer, recordingId);
        SharedVariants.Now now = variants.open(viewer, source, tools);
        Watch watch = watch(viewer, recordingId);
        int every = config.preview().nameEvery();
        List<Segment> segments = now.segments();
        int orderUpTo = Math.min(segments.size() - 1, Math.max(watch.fetched, 0) + NAMES_AHEAD * Math.max(every, 1));
        for (int k = 0; k <= orderUpTo; k++) {
            if (watch.code.carriesName(k, every)) {
                names.order(NameSegments.file(previews, viewer.id(), recordingId, k),
                        order(viewer, recordingId, watch, now.directory(), segments, k), tools, font);
            }
        }
        List<PreviewPlaylist.Entry> listed = new ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            Path name = NameSegments.file(previews, viewer.id(), recordingId, k);
            if (watch.code.carriesName(k, every) && !Files.isRegularFile(name) && !names.failed(name)) {
                // The first name segment not made yet ends the list; ordered even beyond the window ahead of what the
                // viewer fetched, or a viewer who reads the playlist before fetching would wait for it for ever.
                names.order(name, order(viewer, recordingId, watch, now.directory(), segments, k), tools, font);
                break;
            }
            listed.add(new PreviewPlaylist.Entry(watch.addresses.name(k), segments.get(k).durationSeconds()));
        }
        return new Listing(listed, now.finished() && listed.size() == segments.size(), now.started());
    }

    /** The file behind one of the viewer's segment addresses; {@link NotFound} for any other name. */
    public Path file(Viewer viewer, long recordingId, String name, FfmpegTools tools, Path font) {
        Watch watch = watch(viewer, recordingId);
        OptionalInt segment = watch.addresses.segment(name);
        SharedVariants.Now now = variants.current(recordingId);
        if (segment.isEmpty() || segment.getAsInt() >= now.segments().size()) {
            throw new NotFound("No such preview segment.");
        }
        int k = segment.getAsInt();
        watch.fetched = Math.max(watch.fetched, k);
        Variant variant = Variant.of(watch.code.sign(k));
        if (watch.code.carriesName(k, config.preview().nameEvery())) {
            Path file = NameSegments.file(previews, viewer.id(), recordingId, k);
            if (!Files.isRegularFile(file) && !names.failed(file)) {
                names.order(file, order(viewer, recordingId, watch, now.directory(), now.segments(), k), tools, font);
                file = names.await(file, LATE_NAME_WAIT);
            }
            if (file != null && Files.isRegularFile(file)) {
                return file;
            }
        }
        Path file = VariantTranscode.file(now.directory(), variant, now.segments().get(k).name());
        if (!Files.isRegularFile(file)) {
            throw new NotFound("No such preview segment.");
        }
        return file;
    }

    private NameSegments.Order order(Viewer viewer, long recordingId, Watch watch, Path variantsDir,
            List<Segment> segments, int k) {
        Variant variant = Variant.of(watch.code.sign(k));
        return new NameSegments.Order(viewer.id(), recordingId, k, variant,
                VariantTranscode.file(variantsDir, variant, segments.get(k).name()), watch.name);
    }

    private Watch watch(Viewer viewer, long recordingId) {
        return watching.computeIfAbsent(new Watch.Key(viewer.id(), recordingId), key -> {
            evidence.served(recordingId, viewer);
            return new Watch(ViewerCode.of(keys.code(), recordingId, viewer.id()),
                    new SegmentAddresses(keys.address(), viewer.id(), recordingId),
                    viewer.username() + " · #" + viewer.id() + " · " + LocalDate.now(ZoneOffset.UTC));
        });
    }
}
