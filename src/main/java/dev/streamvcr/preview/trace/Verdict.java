package dev.streamvcr.preview.trace;

/**
 * What a trace concludes from the segments it could read.
 *
 * @param viewerId the viewer named, or the best-scoring one when nobody is accused ({@code -1} when there is none)
 * @param accused whether the evidence names {@code viewerId}: the chance that a viewer whose copy it is not scores as
 *     high is at most {@link CodeMatch#FALSE_ACCUSATION}
 * @param score the best viewer's score, in the unit of {@code threshold}
 * @param runnerUpId the second best viewer ({@code -1} when there is none)
 * @param runnerUpScore the second best score, to show how far the best stands above the rest
 * @param threshold the score that accuses, given the number of candidates
 * @param coincidence at most this chance that some viewer whose copy it is not scores {@code score} or more
 * @param segments segments read (decided A or B, or recognised)
 * @param segmentsNeeded about how many read segments it takes to accuse, at the quality of these readings
 */
public record Verdict(long viewerId, boolean accused, double score, long runnerUpId, double runnerUpScore,
        double threshold, double coincidence, int segments, int segmentsNeeded) {

    /** Whether the file was long enough that a matching viewer would have been accused. */
    public boolean longEnough() {
        return segments >= segmentsNeeded;
    }
}
