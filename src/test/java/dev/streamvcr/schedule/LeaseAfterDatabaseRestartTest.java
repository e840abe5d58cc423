package dev.streamvcr.schedule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.config.NodeIdentity;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * While the database is down no node can renew a lease, so when it is back every lease looks run out. Another node's
 * lease therefore counts as held for one lease after the database started, giving its owner (recording all along) time
 * to renew before anyone claims the work twice; this node's own lapsed lease is its at once. The database's start is
 * fixed here, so the test moves the lease across it instead.
 */
@QuarkusTest
class LeaseAfterDatabaseRestartTest {

    @Inject
    Scheduler scheduler;

    @Inject
    DueWork work;

    @Inject
    NodeIdentity node;

    @Test
    void anotherNodesLapsedLeaseWaitsOneLeaseAfterTheDatabaseStarted() {
        Api.Account user = Api.newUser("user");
        scheduler.pause(Dispatcher.IDENTITY);
        List<Long> ids = List.of();
        try {
            Instant now = Instant.now();
            ids = work.book(user.username(), 1, now.minusSeconds(1), now.plusSeconds(60));
            long id = ids.get(0);
            work.lapse(id, "other-node");
            double age = work.databaseAgeSeconds();

            assertFalse(work.lapsed(id, node.id(), age + 60), "a lease longer than the database's uptime: the other "
                    + "node may still be renewing");
            assertTrue(work.lapsed(id, node.id(), Math.max(0.001, age - 60)), "the database has run longer than a "
                    + "lease: the other node stopped renewing");

            work.lapse(id, node.id());
            assertTrue(work.lapsed(id, node.id(), age + 60), "this node's own lapsed lease is claimable at once");
        } finally {
            work.cancel(ids);
            scheduler.resume(Dispatcher.IDENTITY);
        }
    }
}
