package dev.streamvcr.fuzz;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Checks that a decoder allocates no more than a declared bound while it reads one input: a decoder that trusts a
 * length or count from the wire before checking it against its limits allocates for it at once, and that shows here
 * even when the allocation is dropped right after. Counts what the current thread allocates (HotSpot's per-thread
 * allocation counter). Loading and instrumenting a class the first time a code path runs allocates too, so a run
 * over the bound is repeated once and only fails if the repeat is over it as well: the decoders are deterministic.
 */
public final class AllocationLimit {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationLimit() {
    }

    /**
     * Runs {@code decode} and fails if it allocated more than {@code maxBytes}, twice in a row, whether it returned or
     * threw: a decoder that allocates first and checks afterwards also ends in its declared exception.
     *
     * @return what {@code decode} returned; what it threw is rethrown
     */
    public static <T> T within(long maxBytes, String what, Supplier<T> decode) {
        Outcome<T> first = Outcome.of(decode);
        if (first.allocated <= maxBytes) {
            return first.get();
        }
        Outcome<T> repeat = Outcome.of(decode);
        if (repeat.allocated > maxBytes) {
            throw new AssertionError(what + " allocated " + repeat.allocated + " bytes, over its bound of "
                    + maxBytes + (repeat.failure != null ? " (then threw " + repeat.failure + ")" : ""));
        }
        return repeat.get();
    }

    private record Outcome<T>(T result, RuntimeException failure, long allocated) {
        static <T> Outcome<T> of(Supplier<T> decode) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            T result = null;
            RuntimeException failure = null;
            try {
                result = decode.get();
            } catch (RuntimeException e) {
                failure = e;
            }
            return new Outcome<>(result, failure, THREADS.getCurrentThreadAllocatedBytes() - before);
        }

        T get() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    /** Same as {@link #within(long, String, Supplier)} for a decoder that returns nothing. */
    public static void within(long maxBytes, String what, Runnable decode) {
        within(maxBytes, what, () -> {
            decode.run();
            return null;
        });
    }
}
