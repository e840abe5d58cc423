package dev.streamvcr.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Optional;

/**
 * A user's own storage rules, where they differ from the node's defaults: how long finished recordings are kept
 * (days, and/or only the newest N) and how many bytes the user's recordings may take. A null field means the default.
 */
@Entity
@Table(name = "storage_policy")
public class StoragePolicy extends PanacheEntityBase {

    /** Longest retention accepted, in days (100 years). */
    public static final int MAX_KEEP_DAYS = 36_500;
    /** Largest "keep the newest N" accepted. */
    public static final int MAX_KEEP_NEWEST = 1_000_000;

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "keep_days")
    public Integer keepDays;

    @Column(name = "keep_newest")
    public Integer keepNewest;

    @Column(name = "quota_bytes")
    public Long quotaBytes;

    public static Optional<StoragePolicy> of(long userId) {
        return findByIdOptional(userId);
    }
}
