package dev.streamvcr.preview.trace;

import java.util.Collection;
import java.util.Map;

/**
 * Names the viewer of a downloaded copy (byte-identical or remuxed) from the segments recognised in it by their key
 * frames: which variant each segment came from, and whose name segments it holds.
 *
 * <p>A name segment is one viewer's alone, so one of them names its viewer outright. Otherwise a viewer whose copy it
 * is not agrees with each recognised segment by a fair coin flip: {@code m} or more agreements out of {@code L} happen
 * with the binomial tail probability, and over {@code n} candidates a viewer is named only when {@code n} times that
 * is at most {@link CodeMatch#FALSE_ACCUSATION}. A whole copy agrees everywhere with its viewer: 34 segments (68 s)
 * name one among 10,000.
 */
public final class CopyMatch {

    private CopyMatch() {
    }

    /**
     * @param variants recognised segments: segment index to {@code +1} (A) or {@code −1} (B)
     * @param nameOwners recognised name segments: segment index to the viewer whose name it carries
     */
    public static Verdict score(Map<Integer, Integer> variants, Map<Integer, Long> nameOwners,
            Collection<ViewerCode> candidates) {
        int read = variants.size();
        long best = -1;
        long second = -1;
        int bestAgree = -1;
        int secondAgree = -1;
        for (ViewerCode code : candidates) {
            int agree = 0;
            for (Map.Entry<Integer, Integer> seen : variants.entrySet()) {
                agree += code.sign(seen.getKey()) == seen.getValue() ? 1 : 0;
            }
            if (nameOwners.containsValue(code.viewerId())) {
                agree = Integer.MAX_VALUE;
            }
            if (agree > bestAgree) {
                second = best;
                secondAgree = bestAgree;
                best = code.viewerId();
                bestAgree = agree;
            } else if (agree > secondAgree) {
                second = code.viewerId();
                secondAgree = agree;
            }
        }
        int n = Math.max(1, candidates.size());
        double needed = Math.log(n / CodeMatch.FALSE_ACCUSATION) / Math.log(2);
        if (bestAgree == Integer.MAX_VALUE) {
            return new Verdict(best, true, read, second, Math.max(0, secondAgree), needed, 0, read,
                    Math.min(read, (int) Math.ceil(needed)));
        }
        double coincidence = best < 0 ? 1 : Math.min(1, n * upperTail(read, bestAgree));
        boolean accused = best >= 0 && coincidence <= CodeMatch.FALSE_ACCUSATION;
        return new Verdict(best, accused, Math.max(0, bestAgree), second, Math.max(0, secondAgree), needed, coincidence,
                read, (int) Math.ceil(needed));
    }

    /** P(X ≥ m) for X ~ Binomial(L, 1/2), computed in logarithms. */
    static double upperTail(int length, int m) {
        if (m <= 0) {
            return 1;
        }
        double logHalf = length * Math.log(0.5);
        double sum = 0;
        double logChoose = 0;
        for (int k = 0; k <= length; k++) {
            if (k > 0) {
                logChoose += Math.log(length - k + 1) - Math.log(k);
            }
            if (k >= m) {
                sum += Math.exp(logChoose + logHalf);
            }
        }
        return Math.min(1, sum);
    }
}
