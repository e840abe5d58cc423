package dev.streamvcr.schedule;

import dev.streamvcr.config.FailureStreak;
import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Keeps this node's row in {@code node_roster}: its capacity, seen now. Written at start and every
 * {@value #EVERY}, removed at a clean stop; a crashed node's row goes stale and is no longer counted
 * (reservation.Admission reads the roster).
 */
@ApplicationScoped
public class NodeRoster {

    static final String EVERY = "10s";
    private static final Logger LOG = Logger.getLogger(NodeRoster.class);

    @Inject
    EntityManager em;

    @Inject
    NodeIdentity node;

    @Inject
    StreamVcrConfig config;

    private final FailureStreak failures = new FailureStreak(LOG, "Renewing this node's row in the node roster");

    void onStart(@Observes StartupEvent event) {
        beat();
    }

    @Scheduled(every = EVERY, delayed = EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        try {
            renew();
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed(e);
        }
    }

    @Transactional
    void renew() {
        em.createNativeQuery("insert into node_roster (node_id, capacity, seen_at) values (:node, :capacity, now())"
                + " on conflict (node_id) do update set capacity = excluded.capacity, seen_at = now()")
                .setParameter("node", node.id()).setParameter("capacity", config.nodeCapacity()).executeUpdate();
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            leave();
        } catch (RuntimeException e) {
            LOG.warnf("Could not take this node off the node roster (%s); its row goes stale in a minute",
                    e.getMessage());
        }
    }

    @Transactional
    void leave() {
        em.createNativeQuery("delete from node_roster where node_id = :node").setParameter("node", node.id())
                .executeUpdate();
    }
}
