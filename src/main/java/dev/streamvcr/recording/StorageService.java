package dev.streamvcr.recording;

import dev.streamvcr.account.StoragePolicies;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.storage.RecordingStore;
import dev.streamvcr.web.Formats;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Storage as people see it: each user their own use against their quota and what retention will delete of theirs;
 * admins every user, the total, the free space of each volume, and each user's own rules to change.
 */
@ApplicationScoped
public class StorageService {

    @Inject
    StoragePolicies policies;

    @Inject
    RecordingStore store;

    @Inject
    Retention retention;

    @Inject
    StreamVcrConfig config;

    /** The storage page's and the API's figures. */
    public record Overview(List<StorageUse.OfUser> users, long totalBytes, long totalRecordings,
            List<RecordingStore.Volume> volumes, List<Retention.Due> retentionDue, String retentionEvery) {
    }

    /** A user's rules after an admin changed them, and a warning when the quota is below what they already use. */
    public record Changed(StorageUse.OfUser user, String warning) {
    }

    @Transactional
    public Overview overview(Viewer viewer) {
        Long only = viewer.admin() ? null : viewer.id();
        List<StorageUse.OfUser> users = StorageUse.users(policies, only);
        return new Overview(users, users.stream().mapToLong(StorageUse.OfUser::bytes).sum(),
                users.stream().mapToLong(StorageUse.OfUser::recordings).sum(),
                viewer.admin() ? store.volumes() : List.of(), retention.due(Instant.now(), only),
                config.retention().every().toString().substring(2).toLowerCase());
    }

    /** Sets a user's own rules (admins only); out-of-range values are refused against their field. */
    public Changed change(Viewer viewer, long userId, Integer keepDays, Integer keepNewest, Long quotaBytes) {
        if (!viewer.admin()) {
            throw new ForbiddenException();
        }
        policies.set(userId, keepDays, keepNewest, quotaBytes);
        StorageUse.OfUser user = userOf(userId);
        String warning = user.overQuota() ? user.username() + "'s recordings use " + Formats.humanBytes(user.bytes())
                + ", which is not below the new quota of " + Formats.humanBytes(quotaBytes) + ": new recordings are "
                + "refused until it is. Nothing is deleted by itself." : null;
        return new Changed(user, warning);
    }

    @Transactional
    StorageUse.OfUser userOf(long userId) {
        return StorageUse.users(policies, userId).get(0);
    }
}
