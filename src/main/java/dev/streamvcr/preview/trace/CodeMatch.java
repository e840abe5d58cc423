package dev.streamvcr.preview.trace;

import java.util.Collection;
import java.util.List;

/**
 * Scores every candidate viewer's code against soft A/B readings of a capture and names one only when chance cannot
 * explain the match.
 *
 * <p>Each read segment {@code k} gives {@code x_k} in {@code [−1, 1]} (positive: looks like A; its size: how sure).
 * A viewer's score is {@code z = Σ x_k·c_k / ‖x‖}, {@code c_k = ±1} their code. For a viewer whose copy it is not,
 * {@code c} is independent of {@code x}, so by Hoeffding's inequality {@code P(z ≥ t) ≤ exp(−t²/2)} whatever the
 * capture did to the picture; over {@code n} candidates the accusation threshold {@code t = √(2·ln(n/ε))} keeps the
 * chance of accusing anyone wrongly below {@code ε} = {@value #FALSE_ACCUSATION}. The true viewer's score grows as
 * {@code √L·ρ} with {@code L} read segments of quality {@code ρ} (1 when every reading is right and sure): among 10,000
 * viewers {@code t} is 6.8, so about 47 sure segments (94 s) accuse, and a few more make up for wrong ones.
 */
public final class CodeMatch {

    /** The most a trace may risk accusing a viewer whose copy it is not. */
    public static final double FALSE_ACCUSATION = 1e-6;

    /** One segment's reading: {@code soft} in {@code [−1, 1]}, positive for A. */
    public record Reading(int segment, double soft) {
        public Reading {
            if (!(soft >= -1 && soft <= 1)) {
                throw new IllegalArgumentException("a soft reading lies in [-1, 1]: " + soft);
            }
        }
    }

    private CodeMatch() {
    }

    /** The score that accuses among {@code candidates} viewers. */
    public static double threshold(int candidates) {
        return Math.sqrt(2 * Math.log(Math.max(1, candidates) / FALSE_ACCUSATION));
    }

    public static Verdict score(List<Reading> readings, Collection<ViewerCode> candidates) {
        double norm = Math.sqrt(readings.stream().mapToDouble(r -> r.soft() * r.soft()).sum());
        double threshold = threshold(candidates.size());
        long best = -1;
        long second = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        double secondScore = Double.NEGATIVE_INFINITY;
        for (ViewerCode code : candidates) {
            double sum = 0;
            for (Reading reading : readings) {
                sum += reading.soft() * code.sign(reading.segment());
            }
            double z = norm == 0 ? 0 : sum / norm;
            if (z > bestScore) {
                second = best;
                secondScore = bestScore;
                best = code.viewerId();
                bestScore = z;
            } else if (z > secondScore) {
                second = code.viewerId();
                secondScore = z;
            }
        }
        int read = (int) readings.stream().filter(r -> r.soft() != 0).count();
        // The best any code could score on these readings, per segment: 1 when all are equally sure.
        double quality = norm == 0 || read == 0 ? 1
                : readings.stream().mapToDouble(r -> Math.abs(r.soft())).sum() / norm / Math.sqrt(read);
        int needed = (int) Math.ceil(Math.pow(threshold / quality, 2));
        boolean accused = best >= 0 && bestScore >= threshold;
        double coincidence = best < 0 ? 1 : Math.min(1, candidates.size() * Math.exp(-Math.max(0, bestScore) * Math.max(0, bestScore) / 2));
        return new Verdict(best, accused, best < 0 ? 0 : bestScore, second, second < 0 ? 0 : secondScore, threshold,
                coincidence, read, needed);
    }
}
