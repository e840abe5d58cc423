package dev.streamvcr.recording;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.account.StoragePolicies;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.web.NotFound;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The retention policy: finished recordings older than a user's "keep N days", or beyond their "keep the newest N",
 * are deleted on schedule ({@code STREAMVCR_RETENTION_EVERY}); the user's own rules win over the node's defaults. A
 * recording still going on is never touched. {@link #due} is what the next run deletes, which the storage page shows.
 * A quota never deletes anything: it only stops new recordings.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final List<ReservationState> FINISHED = List.of(ReservationState.COMPLETED, ReservationState.FAILED,
            ReservationState.CANCELLED, ReservationState.MISSED);

    @Inject
    StoragePolicies policies;

    @Inject
    RecordingDeletion deletion;

    /** A recording the next run deletes, and the rule that says so. */
    public record Due(long recordingId, String owner, String title, Instant startedAt, long bytes, String rule) {
    }

    /** What a run now would delete, oldest first per user; only {@code onlyUserId}'s when given. */
    @Transactional
    public List<Due> due(Instant now, Long onlyUserId) {
        List<Due> due = new ArrayList<>();
        List<AppUser> users = onlyUserId == null ? AppUser.listAll() : AppUser.list("id", onlyUserId);
        for (AppUser user : users) {
            StoragePolicies.Rules rules = policies.of(user.id);
            if (rules.keepDays() == null && rules.keepNewest() == null) {
                continue;
            }
            List<Recording> finished = Recording.list("ownerId = ?1 and reservation.state in ?2 order by startedAt desc, id desc",
                    user.id, FINISHED);
            Instant cutoff = rules.keepDays() == null ? null : now.minus(rules.keepDays(), ChronoUnit.DAYS);
            for (int i = 0; i < finished.size(); i++) {
                Recording recording = finished.get(i);
                String rule = null;
                if (rules.keepNewest() != null && i >= rules.keepNewest()) {
                    rule = "beyond the newest " + rules.keepNewest();
                } else if (cutoff != null && recording.startedAt.isBefore(cutoff)) {
                    rule = "older than " + rules.keepDays() + " days";
                }
                if (rule != null) {
                    due.add(new Due(recording.id, user.username, recording.reservation.title, recording.startedAt,
                            recording.bytes, rule + (rules.own() ? " (own rule)" : " (default)")));
                }
            }
        }
        due.sort(java.util.Comparator.comparing(Due::startedAt));
        return due;
    }

    /** Deletes what is due now; returns how many were deleted. */
    public int run(Instant now) {
        int deleted = 0;
        for (Due recording : due(now, null)) {
            try {
                deletion.expire(recording.recordingId(), recording.rule());
                deleted++;
            } catch (NotFound alreadyGone) {
                // another node's run deleted it first
            } catch (RuntimeException e) {
                LOG.errorf(e, "Retention could not delete recording %d; trying again at the next run",
                        recording.recordingId());
            }
        }
        if (deleted > 0) {
            LOG.infof("Retention deleted %d recording(s)", deleted);
        }
        return deleted;
    }

    @Scheduled(every = "${streamvcr.retention.every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run(Instant.now());
    }
}
