package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.preview.media.FfmpegException;
import dev.streamvcr.preview.media.KeyFrames;
import dev.streamvcr.preview.media.PreviewProfile;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import dev.streamvcr.preview.trace.CopyMatch;
import dev.streamvcr.preview.trace.Verdict;
import dev.streamvcr.preview.trace.ViewerCode;
import dev.streamvcr.recording.RecordingService;
import dev.streamvcr.web.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Names the viewer of a downloaded copy of a recording's A/B preview (byte-identical or remuxed): the key frames of the
 * copy are looked up in {@link PreviewEvidence}, which tells per segment whether it came from variant A or B and whose
 * name segments it holds, and {@link CopyMatch} scores every viewer who was served the recording.
 */
@ApplicationScoped
public class PreviewTrace {

    /** What a trace found. */
    public enum Outcome {
        /** The copy names one viewer: a name segment of theirs, or their code beyond coincidence. */
        NAMED,
        /** The copy's segments are from this recording, but too few to name anyone. */
        TOO_SHORT,
        /** Enough segments of this recording, but their variants spell the code of no viewer it was served to. */
        NO_MATCH,
        /** Nothing in the file was served as this recording's A/B preview. */
        NOT_FROM_THIS_RECORDING
    }

    /**
     * @param viewerId the viewer named ({@code null} unless {@code outcome} is {@link Outcome#NAMED})
     * @param segments segments of this recording recognised in the file
     * @param segmentsNeeded about how many recognised segments name one viewer among those served
     * @param moreSeconds about how much more of the preview it would take, in seconds (0 when enough)
     */
    public record Result(long recordingId, Outcome outcome, Long viewerId, String username, String message,
            int segments, int segmentsNeeded, int moreSeconds, int agreements, Long runnerUpId, int runnerUpAgreements,
            double coincidence, int candidates, List<Long> otherRecordings) {
    }

    @Inject
    PreviewService previews;

    @Inject
    PreviewEvidence evidence;

    @Inject
    CodeKeys keys;

    @Inject
    RecordingService recordings;

    /**
     * Traces {@code file} as a copy of recording {@code recordingId}'s preview.
     *
     * @throws FieldErrors (field {@code file}) when the file is no video ffmpeg can read, or holds no H.264 video
     */
    public Result trace(Viewer admin, long recordingId, Path file) {
        recordings.get(admin, recordingId);
        List<byte[]> digests = keyFrames(file);
        Map<Integer, Integer> variants = new HashMap<>();
        Map<Integer, Long> names = new HashMap<>();
        Set<Long> others = new TreeSet<>();
        for (PreviewEvidence.KeyFrame frame : evidence.recognise(digests)) {
            if (frame.recordingId() != recordingId) {
                others.add(frame.recordingId());
                continue;
            }
            variants.put(frame.segment(), frame.variant() == Variant.A ? 1 : -1);
            if (frame.nameOf() != null) {
                names.put(frame.segment(), frame.nameOf());
            }
        }
        List<PreviewEvidence.Served> served = evidence.viewers(recordingId);
        List<Long> otherIds = List.copyOf(others);
        if (variants.isEmpty()) {
            String elsewhere = others.isEmpty() ? "" : " It holds segments of the preview of recording"
                    + (others.size() == 1 ? " " : "s ") + String.join(", ", others.stream().map(String::valueOf).toList())
                    + ".";
            return new Result(recordingId, Outcome.NOT_FROM_THIS_RECORDING, null, null,
                    "Nothing in this file was served as this recording's preview: it names no one." + elsewhere,
                    0, 0, 0, 0, null, 0, 1, served.size(), otherIds);
        }
        List<ViewerCode> codes = served.stream().map(s -> ViewerCode.of(keys.code(), recordingId, s.userId())).toList();
        Verdict verdict = CopyMatch.score(variants, names, codes);
        int segmentSeconds = PreviewProfile.DEFAULT_720P.segmentSeconds();
        int more = Math.max(0, verdict.segmentsNeeded() - verdict.segments()) * segmentSeconds;
        Long runnerUp = verdict.runnerUpId() < 0 ? null : verdict.runnerUpId();
        if (verdict.accused()) {
            String username = served.stream().filter(s -> s.userId() == verdict.viewerId()).findFirst()
                    .map(PreviewEvidence.Served::username).orElse("?");
            String how = names.containsValue(verdict.viewerId()) ? "it holds a segment with their burned-in name"
                    : String.format("their code agrees with all %d of %d segments; by chance at most %.1e",
                            (int) verdict.score(), verdict.segments(), verdict.coincidence());
            return new Result(recordingId, Outcome.NAMED, verdict.viewerId(), username,
                    "This is the preview served to " + username + " (#" + verdict.viewerId() + "): " + how + ".",
                    verdict.segments(), verdict.segmentsNeeded(), 0, (int) Math.min(verdict.score(), verdict.segments()),
                    runnerUp, (int) verdict.runnerUpScore(), verdict.coincidence(), served.size(), otherIds);
        }
        if (verdict.longEnough()) {
            return new Result(recordingId, Outcome.NO_MATCH, null, null, String.format(
                    "The file holds %d segments of this recording's preview, enough to name a viewer, but they match"
                            + " no viewer it was served to (copies of several viewers mixed?): it names no one.",
                    verdict.segments()), verdict.segments(), verdict.segmentsNeeded(), 0, (int) verdict.score(),
                    runnerUp, (int) verdict.runnerUpScore(), verdict.coincidence(), served.size(), otherIds);
        }
        return new Result(recordingId, Outcome.TOO_SHORT, null, null, String.format(
                "The file holds %d segment%s of this recording's preview (%d s); it takes about %d (%d s) to name one"
                        + " of the %d viewers without accusing anyone by chance: about %d s more.",
                verdict.segments(), verdict.segments() == 1 ? "" : "s", verdict.segments() * segmentSeconds,
                verdict.segmentsNeeded(), verdict.segmentsNeeded() * segmentSeconds, served.size(), Math.max(more,
                        segmentSeconds)),
                verdict.segments(), verdict.segmentsNeeded(), Math.max(more, segmentSeconds),
                (int) verdict.score(), runnerUp, (int) verdict.runnerUpScore(), verdict.coincidence(), served.size(),
                otherIds);
    }

    private List<byte[]> keyFrames(Path file) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory(file.toAbsolutePath().getParent(), "trace-");
            List<byte[]> digests = KeyFrames.ofFile(previews.tools(), file, scratch);
            if (digests.isEmpty()) {
                throw FieldErrors.of("file", "The file holds no H.264 video, so it cannot be a copy of a preview.");
            }
            return digests;
        } catch (FfmpegException e) {
            throw FieldErrors.of("file", "The file is not a video that can be read (damaged, cut short or of another"
                    + " kind).");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                PreviewService.deleteTree(scratch);
            }
        }
    }
}
