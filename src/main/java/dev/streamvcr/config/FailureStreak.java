package dev.streamvcr.config;

import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * A task repeated every tick that can fail for a while together (the database restarting, say): the first failure of
 * a streak is logged with its cause, the rest only at debug level, and the first success after it says how long the
 * streak lasted. Not thread-safe: one per task that never runs twice at once.
 */
public final class FailureStreak {

    private final Logger log;
    private final String task;
    private Instant since;

    /** {@code task} names what failed, as the subject of a sentence ("Dispatching"). */
    public FailureStreak(Logger log, String task) {
        this.log = log;
        this.task = task;
    }

    public void failed(RuntimeException e) {
        if (since == null) {
            since = Instant.now();
            log.errorf(e, "%s failed; trying again every tick, quietly until it succeeds", task);
        } else {
            log.debugf("%s failed again: %s", task, e.getMessage());
        }
    }

    public void succeeded() {
        if (since != null) {
            log.infof("%s works again after %d s of failures", task, Duration.between(since, Instant.now()).toSeconds());
            since = null;
        }
    }
}
