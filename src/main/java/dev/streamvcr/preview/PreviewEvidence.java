package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.preview.media.VariantTranscode.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trace of a leak needs long after the preview files are gone, kept in PostgreSQL: which viewers were served a
 * recording's A/B preview (whose codes a leak is scored against), and the key frame of every variant and name segment
 * served (which recognise a downloaded copy).
 */
@ApplicationScoped
public class PreviewEvidence {

    /** A viewer who was served the recording's A/B preview. */
    public record Served(long userId, String username) {
    }

    /** A recognised key frame: the segment it starts, its variant, and whose name it carries (name segments). */
    public record KeyFrame(long recordingId, int segment, Variant variant, Long nameOf) {
    }

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void served(long recordingId, Viewer viewer) {
        em.createNativeQuery("insert into preview_viewer (recording_id, user_id, username, first_served_at)"
                + " values (?1, ?2, ?3, ?4) on conflict do nothing")
                .setParameter(1, recordingId).setParameter(2, viewer.id()).setParameter(3, viewer.username())
                .setParameter(4, Instant.now()).executeUpdate();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void keyFrames(long recordingId, int segment, Variant variant, Long nameOf, List<byte[]> digests) {
        for (byte[] digest : digests) {
            em.createNativeQuery("insert into preview_key_frame (digest, recording_id, segment, variant, user_id)"
                    + " values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                    .setParameter(1, digest).setParameter(2, recordingId).setParameter(3, segment)
                    .setParameter(4, variant.name()).setParameter(5, nameOf).executeUpdate();
        }
    }

    @Transactional
    public List<Served> viewers(long recordingId) {
        List<Served> served = new ArrayList<>();
        for (Object row : em.createNativeQuery("select user_id, username from preview_viewer where recording_id = ?1"
                + " order by user_id").setParameter(1, recordingId).getResultList()) {
            Object[] columns = (Object[]) row;
            served.add(new Served(((Number) columns[0]).longValue(), (String) columns[1]));
        }
        return served;
    }

    /** The known key frames among {@code digests}, in no particular order. */
    @Transactional
    public List<KeyFrame> recognise(List<byte[]> digests) {
        List<KeyFrame> found = new ArrayList<>();
        for (int from = 0; from < digests.size(); from += 500) {
            List<byte[]> batch = digests.subList(from, Math.min(digests.size(), from + 500));
            for (Object row : em.createNativeQuery("select recording_id, segment, variant, user_id from preview_key_frame"
                    + " where digest in (:digests)").setParameter("digests", batch).getResultList()) {
                Object[] columns = (Object[]) row;
                found.add(new KeyFrame(((Number) columns[0]).longValue(), ((Number) columns[1]).intValue(),
                        Variant.valueOf(columns[2].toString()), columns[3] == null ? null : ((Number) columns[3]).longValue()));
            }
        }
        return found;
    }
}
