package dev.streamvcr.recording;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.streamvcr.account.AppUser;
import dev.streamvcr.account.StoragePolicies;
import dev.streamvcr.web.Formats;
import java.util.List;

/** What users' recordings take on storage, against their quotas; call inside a transaction. */
public final class StorageUse {

    private StorageUse() {
    }

    /** One user's use. {@code quotaBytes} null: no limit. */
    public record OfUser(long userId, String username, long recordings, long bytes, StoragePolicies.Rules rules) {
        @JsonProperty
        public Long quotaBytes() {
            return rules.quotaBytes();
        }

        @JsonProperty
        public boolean overQuota() {
            return rules.quotaBytes() != null && bytes >= rules.quotaBytes();
        }

        /** Share of the quota used, 0 to 100 (more when over), for a bar; 0 without a quota. */
        @JsonProperty
        public int quotaPercent() {
            Long quota = rules.quotaBytes();
            return quota == null ? 0 : quota == 0 ? 100 : (int) Math.min(999, Math.round(100.0 * bytes / quota));
        }

        /** "4.20 GB of 5.00 GB", or "4.20 GB" without a quota. */
        @JsonProperty
        public String label() {
            return Formats.humanBytes(bytes) + (rules.quotaBytes() == null ? "" : " of " + Formats.humanBytes(rules.quotaBytes()));
        }
    }

    static long bytesOwnedBy(long ownerId) {
        Number sum = (Number) Recording.getEntityManager()
                .createQuery("select coalesce(sum(r.bytes), 0) from Recording r where r.ownerId = ?1")
                .setParameter(1, ownerId).getSingleResult();
        return sum.longValue();
    }

    static java.util.OptionalLong bytesPerSecondOf(String sourceUrl) {
        Object[] sums = Recording.getEntityManager().createQuery("select coalesce(sum(r.bytes), 0), "
                + "coalesce(sum(r.durationMs), 0) from Recording r where r.reservation.sourceUrl = ?1 "
                + "and r.reservation.state = ?2 and r.durationMs > 0", Object[].class)
                .setParameter(1, sourceUrl).setParameter(2, dev.streamvcr.reservation.ReservationState.COMPLETED)
                .getSingleResult();
        long bytes = ((Number) sums[0]).longValue();
        long millis = ((Number) sums[1]).longValue();
        return millis < 1000 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(bytes * 1000 / millis);
    }

    /** Every user (or only {@code onlyUserId}), with their recordings' count and bytes, by name. */
    static List<OfUser> users(StoragePolicies policies, Long onlyUserId) {
        List<AppUser> users = onlyUserId == null ? AppUser.list("order by username")
                : AppUser.list("id", onlyUserId);
        List<Object[]> rows = Recording.getEntityManager().createQuery(
                "select r.ownerId, count(r), coalesce(sum(r.bytes), 0) from Recording r group by r.ownerId", Object[].class)
                .getResultList();
        java.util.Map<Long, Object[]> byOwner = new java.util.HashMap<>();
        rows.forEach(row -> byOwner.put((Long) row[0], row));
        return users.stream().map(user -> {
            Object[] row = byOwner.get(user.id);
            return new OfUser(user.id, user.username, row == null ? 0 : ((Number) row[1]).longValue(),
                    row == null ? 0 : ((Number) row[2]).longValue(), policies.of(user.id));
        }).toList();
    }
}
