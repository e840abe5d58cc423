package dev.streamvcr.recording;

import dev.streamvcr.config.FailureStreak;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.flv.FlvFormatException;
import dev.streamvcr.flv.FlvRecovery;
import dev.streamvcr.preview.media.FfmpegException;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.reservation.Leases;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finalises parts whose writer died: at startup, after another node took a reservation over, after the
 * dispatcher settled work nobody held. A part is abandoned when it was never closed and its session cannot
 * still be writing it: a newer part of the same recording exists, or the node that wrote it no longer holds a
 * live lease on the reservation. Any node may recover it; a claim in the database keeps two nodes off one file,
 * and a file modified within the last lease period is left for a later sweep (a node that just lost its lease
 * stops writing within that time). Recovery itself is {@link FlvRecovery}: cut after the last complete tag,
 * rewrite {@code onMetaData} in place; then the part gets its final size and length like a closed one.
 */
@ApplicationScoped
public class PartRecovery {

    private static final Logger LOG = Logger.getLogger(PartRecovery.class);

    private final FailureStreak failures = new FailureStreak(LOG, "Recovering abandoned recording parts");
    private static final int BATCH = 5;
    private static final String UNFINISHED = "('SCHEDULED','RESOLVING','WAITING_FOR_STREAM','RECORDING','RECONNECTING')";

    @Inject
    EntityManager em;

    @Inject
    RecordingStore store;

    @Inject
    SessionJournal journal;

    @Inject
    SessionRegistry sessions;

    @Inject
    NodeIdentity node;

    @Inject
    StreamVcrConfig config;

    /** A part this node has claimed for recovery. */
    record Claim(long partId, long reservationId, String relativePath, boolean newest, long bytes, long durationMs) {
    }

    @Scheduled(every = "${streamvcr.schedule.tick}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            for (Claim claim : claimAbandoned()) {
                recover(claim);
            }
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    /** Claims up to a few abandoned parts whose files have been quiet for a lease period. */
    @Transactional
    List<Claim> claimAbandoned() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select p.id, r.reservation_id, p.relative_path,"
                + " not exists (select 1 from recording_part n where n.recording_id = p.recording_id"
                + " and n.part_number > p.part_number) as newest, p.bytes, p.duration_ms"
                + " from recording_part p join recording r on r.id = p.recording_id"
                + " join reservation s on s.id = r.reservation_id"
                + " where p.finished_at is null"
                + " and (p.recovery_started_at is null or p.recovery_started_at < now() - interval '30 minutes')"
                + " and (exists (select 1 from recording_part n where n.recording_id = p.recording_id"
                + " and n.part_number > p.part_number)"
                + " or not (s.state in " + UNFINISHED + " and s.lease_owner = p.node and not "
                + Leases.lapsed("s.") + "))"
                + " order by p.id limit " + BATCH + " for update of p skip locked")
                .setParameter("node", node.id())
                .setParameter("lease", config.schedule().lease().toMillis() / 1000.0)
                .getResultList();
        Duration quiet = config.schedule().lease();
        List<Claim> claims = new ArrayList<>();
        for (Object[] row : rows) {
            Claim claim = new Claim(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), (String) row[2],
                    (Boolean) row[3], ((Number) row[4]).longValue(), ((Number) row[5]).longValue());
            if (claim.newest() && sessions.isRunning(claim.reservationId())) {
                continue; // this node's session may still be writing it (its lease only lapsed)
            }
            if (!quietFor(store.resolve(claim.relativePath()), quiet)) {
                continue;
            }
            em.createNativeQuery("update recording_part set recovery_node = ?1, recovery_started_at = now() where id = ?2")
                    .setParameter(1, node.id()).setParameter(2, claim.partId()).executeUpdate();
            claims.add(claim);
        }
        return claims;
    }

    /** Finalises the file of a claimed part and stores its figures (blocking). */
    void recover(Claim claim) {
        Path file = store.resolve(claim.relativePath());
        RecordingProgress figures;
        if (!Files.exists(file)) {
            LOG.infof("Part %d (%s) was never written; closing it empty", claim.partId(), claim.relativePath());
            figures = RecordingProgress.NONE;
        } else if (!claim.relativePath().endsWith(".flv")) {
            try {
                figures = SegmentedPartRecovery.recover(file, claim, ffmpeg());
            } catch (IOException e) {
                LOG.errorf(e, "Part %d (%s) could not be recovered now", claim.partId(), claim.relativePath());
                return;
            }
        } else {
            try {
                FlvRecovery.Result result = FlvRecovery.recover(file);
                LOG.infof("Recovered part %d (%s) of reservation %d: %d bytes, %d ms%s%s", claim.partId(),
                        claim.relativePath(), claim.reservationId(), result.bytes(), result.durationMillis(),
                        result.cutBytes() > 0 ? ", cut " + result.cutBytes() + " damaged bytes at the end" : "",
                        result.metadataRewritten() ? "" : ", metadata left as it was");
                figures = new RecordingProgress(result.bytes(), result.durationMillis(), 0, result.videoCodec(),
                        result.audioCodec());
            } catch (FlvFormatException e) {
                LOG.errorf("Part %d (%s) is not an FLV file (%s); closing it as it is", claim.partId(),
                        claim.relativePath(), e.getMessage());
                figures = new RecordingProgress(claim.bytes(), claim.durationMs(), 0, null, null);
            } catch (IOException e) {
                // The claim stays: another attempt after it expires, not a retry every tick.
                LOG.errorf(e, "Part %d (%s) could not be recovered now", claim.partId(), claim.relativePath());
                return;
            }
        }
        journal.closePart(claim.partId(), figures, null);
    }

    /** The ffmpeg that joins audio renditions, or null (logged) when there is none on this node. */
    private FfmpegTools ffmpeg() {
        try {
            return FfmpegTools.locate(config.ffmpeg());
        } catch (FfmpegException e) {
            LOG.warnf("No ffmpeg to join an audio rendition into its part: %s", e.getMessage());
            return null;
        }
    }

    private static boolean quietFor(Path file, Duration quiet) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return modified.isBefore(Instant.now().minus(quiet));
        } catch (IOException missing) {
            return true;
        }
    }
}
