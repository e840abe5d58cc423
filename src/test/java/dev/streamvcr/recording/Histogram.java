package dev.streamvcr.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram's samples between two scrapes of {@code /q/metrics}: its cumulative buckets less those of the
 * earlier scrape. Quantiles are the upper bound of the bucket that holds them, which is all a histogram tells.
 */
record Histogram(String name, TreeMap<Double, Double> cumulative) {

    static Histogram between(String before, String after, String name) {
        TreeMap<Double, Double> earlier = buckets(before, name);
        TreeMap<Double, Double> later = buckets(after, name);
        TreeMap<Double, Double> delta = new TreeMap<>();
        later.forEach((bound, count) -> delta.put(bound, count - earlier.getOrDefault(bound, 0.0)));
        return new Histogram(name, delta);
    }

    private static TreeMap<Double, Double> buckets(String metrics, String name) {
        Pattern bucket = Pattern.compile("^" + Pattern.quote(name) + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)",
                Pattern.MULTILINE);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = bucket.matcher(metrics);
        while (m.find()) {
            double bound = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.merge(bound, Double.parseDouble(m.group(2)), Double::sum);
        }
        return buckets;
    }

    double count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /** The smallest bucket bound that at least {@code q} of the samples fall within. */
    double quantileBound(double q) {
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * count()) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }

    /** The samples above {@code bound}, which must be one of the bucket bounds (else NaN). */
    double above(double bound) {
        Double within = cumulative.get(bound);
        return within == null ? Double.NaN : count() - within;
    }

    /** {@link #describe()} and how many samples passed {@code goal} seconds (a bucket bound). */
    String describe(double goal) {
        return describe() + String.format("; %.0f of them above %.0f ms", above(goal), goal * 1000);
    }

    String describe() {
        if (count() == 0) {
            return "(no samples; is " + name + " exposed?)";
        }
        List<String> parts = new ArrayList<>();
        for (double q : new double[] {0.5, 0.99}) {
            double bound = quantileBound(q);
            parts.add(String.format("p%d <= %s", Math.round(q * 100), Double.isInfinite(bound) ? "above the largest bucket"
                    : String.format("%.0f ms", bound * 1000)));
        }
        return String.join(", ", parts) + " (" + (long) count() + " samples)";
    }
}
