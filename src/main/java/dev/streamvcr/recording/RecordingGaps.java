package dev.streamvcr.recording;

import dev.streamvcr.account.Viewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The interruptions of a recording for pages that show it beside other things ({@code inject:recordingGaps}). */
@Named("recordingGaps")
@ApplicationScoped
public class RecordingGaps {

    @Inject
    RecordingService recordings;

    /** The gaps of recording {@code recordingId}, oldest first; checked like every read of a recording. */
    public List<RecordingView.Gap> of(Viewer viewer, Long recordingId) {
        return recordingId == null ? List.of() : recordings.get(viewer, recordingId).gaps();
    }
}
