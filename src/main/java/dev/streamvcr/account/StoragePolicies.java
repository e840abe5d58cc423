package dev.streamvcr.account;

import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Each user's storage rules: their own where set, the node's defaults otherwise; admins change a user's own. */
@ApplicationScoped
public class StoragePolicies {

    @Inject
    StreamVcrConfig config;

    /**
     * The rules in force for a user; each null means "no limit".
     *
     * @param own whether the user has rules of their own (else all are the defaults)
     */
    public record Rules(Integer keepDays, Integer keepNewest, Long quotaBytes, boolean own) {
    }

    /** The node's defaults are checked once at start: a value out of range stops the app with what to change. */
    void onStart(@Observes StartupEvent event) {
        checkDefaults(config.retention().keepDays(), config.retention().keepNewest(), config.quota().defaultBytes());
    }

    /** Refuses defaults out of the range a user's own rules accept, naming each setting at fault. */
    static void checkDefaults(Optional<Integer> keepDays, Optional<Integer> keepNewest, Optional<Long> quotaBytes) {
        List<String> wrong = new ArrayList<>();
        keepDays.filter(days -> days < 1 || days > StoragePolicy.MAX_KEEP_DAYS).ifPresent(days -> wrong.add(
                "STREAMVCR_RETENTION_KEEP_DAYS=" + days + " is out of range: use 1 to " + StoragePolicy.MAX_KEEP_DAYS
                        + ", or leave it unset to keep recordings"));
        keepNewest.filter(newest -> newest < 1 || newest > StoragePolicy.MAX_KEEP_NEWEST).ifPresent(newest -> wrong.add(
                "STREAMVCR_RETENTION_KEEP_NEWEST=" + newest + " is out of range: use 1 to "
                        + StoragePolicy.MAX_KEEP_NEWEST + ", or leave it unset to keep all"));
        quotaBytes.filter(bytes -> bytes < 0).ifPresent(bytes -> wrong.add(
                "STREAMVCR_QUOTA_DEFAULT_BYTES=" + bytes + " is negative: use a number of bytes, or leave it unset"));
        if (!wrong.isEmpty()) {
            throw new IllegalStateException(String.join("; ", wrong) + ".");
        }
    }

    /** The rules in force for {@code userId}; call inside a transaction. */
    public Rules of(long userId) {
        StoragePolicy policy = StoragePolicy.of(userId).orElse(null);
        Integer days = policy != null && policy.keepDays != null ? policy.keepDays : config.retention().keepDays().orElse(null);
        Integer newest = policy != null && policy.keepNewest != null ? policy.keepNewest
                : config.retention().keepNewest().orElse(null);
        Long quota = policy != null && policy.quotaBytes != null ? policy.quotaBytes
                : config.quota().defaultBytes().orElse(null);
        return new Rules(days, newest, quota, policy != null);
    }

    /**
     * Sets a user's own rules (null fields: the default). Values out of range are refused against their field and
     * nothing changes. A quota below what the user already uses is accepted: it stops new recordings, and deletes
     * nothing by itself.
     */
    @Transactional
    public Rules set(long userId, Integer keepDays, Integer keepNewest, Long quotaBytes) {
        if (AppUser.findById(userId) == null) {
            throw new NotFound("There is no user " + userId + ".");
        }
        FieldErrors.Builder errors = new FieldErrors.Builder();
        if (keepDays != null && (keepDays < 1 || keepDays > StoragePolicy.MAX_KEEP_DAYS)) {
            errors.add("keepDays", "Keep recordings between 1 and " + StoragePolicy.MAX_KEEP_DAYS
                    + " days, or leave it empty for the default.");
        }
        if (keepNewest != null && (keepNewest < 1 || keepNewest > StoragePolicy.MAX_KEEP_NEWEST)) {
            errors.add("keepNewest", "Keep between 1 and " + StoragePolicy.MAX_KEEP_NEWEST
                    + " newest recordings, or leave it empty for the default.");
        }
        if (quotaBytes != null && quotaBytes < 0) {
            errors.add("quotaBytes", "A quota cannot be negative; leave it empty for the default.");
        }
        errors.throwIfAny();
        StoragePolicy policy = StoragePolicy.of(userId).orElseGet(() -> {
            StoragePolicy created = new StoragePolicy();
            created.userId = userId;
            return created;
        });
        policy.keepDays = keepDays;
        policy.keepNewest = keepNewest;
        policy.quotaBytes = quotaBytes;
        if (keepDays == null && keepNewest == null && quotaBytes == null) {
            if (policy.isPersistent()) {
                policy.delete();
            }
        } else {
            policy.persist();
        }
        return of(userId);
    }
}
