package dev.streamvcr.site;

import java.util.List;

/**
 * What one resolver made of a page: its candidates, best first, or the error it failed with ({@code failed: …}).
 */
public record ResolverReport(String resolver, List<SourceCandidate> candidates, String error) {

    public ResolverReport {
        candidates = List.copyOf(candidates);
    }

    public boolean failed() {
        return error != null;
    }

    /** One line a person can read, e.g. {@code generic: 2 candidates} or {@code amf-channel: failed: …}. */
    public String summary() {
        if (failed()) {
            return resolver + ": " + error;
        }
        return resolver + ": " + (candidates.isEmpty() ? "no stream recognised"
                : candidates.size() == 1 ? "1 candidate" : candidates.size() + " candidates");
    }
}
