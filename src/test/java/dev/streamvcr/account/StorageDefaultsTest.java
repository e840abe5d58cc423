package dev.streamvcr.account;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node's retention and quota defaults are refused at start when out of range, naming the setting. */
class StorageDefaultsTest {

    @Test
    void outOfRangeDefaultsNameTheirSetting() {
        IllegalStateException days = assertThrows(IllegalStateException.class,
                () -> StoragePolicies.checkDefaults(Optional.of(0), Optional.empty(), Optional.empty()));
        assertTrue(days.getMessage().contains("STREAMVCR_RETENTION_KEEP_DAYS=0 is out of range: use 1 to 36500"),
                days.getMessage());
        IllegalStateException all = assertThrows(IllegalStateException.class,
                () -> StoragePolicies.checkDefaults(Optional.of(40_000), Optional.of(-3), Optional.of(-1L)));
        assertTrue(all.getMessage().contains("STREAMVCR_RETENTION_KEEP_DAYS=40000"), all.getMessage());
        assertTrue(all.getMessage().contains("STREAMVCR_RETENTION_KEEP_NEWEST=-3"), all.getMessage());
        assertTrue(all.getMessage().contains("STREAMVCR_QUOTA_DEFAULT_BYTES=-1 is negative"), all.getMessage());
    }

    @Test
    void valuesInRangeAndUnsetOnesAreAccepted() {
        assertDoesNotThrow(() -> StoragePolicies.checkDefaults(Optional.empty(), Optional.empty(), Optional.empty()));
        assertDoesNotThrow(() -> StoragePolicies.checkDefaults(Optional.of(1), Optional.of(1_000_000), Optional.of(0L)));
        assertDoesNotThrow(() -> StoragePolicies.checkDefaults(Optional.of(36_500), Optional.of(1), Optional.empty()));
    }
}
