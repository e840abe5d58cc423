package dev.streamvcr.notify;

import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's due deliveries on threads of its own, apart from every recording: a slow or failing server
 * holds one of {@link #SENDERS} senders for at most the send's time limit, and delays only other notifications. One
 * channel's deliveries of a round go out one after another in the order they were made (a retry may still come after
 * a later notice: the body's {@code at} tells the order). Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and
 * pushed past the send's time limit, so several nodes never send the same one at once, and a node that dies mid-send
 * leaves it to be tried again. A failed attempt is retried after {@code STREAMVCR_NOTIFY_FIRST_RETRY}, doubling each
 * time, up to {@code STREAMVCR_NOTIFY_MAX_ATTEMPTS} attempts.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    /** Deliveries claimed per round. */
    static final int BATCH = 20;

    /** Deliveries sent at once. */
    static final int SENDERS = 4;

    private final ExecutorService senders = Executors.newFixedThreadPool(SENDERS, runnable -> {
        Thread thread = new Thread(runnable, "notification-sender");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    EntityManager em;

    @Inject
    NotificationSender sender;

    @Inject
    StreamVcrConfig config;

    @Scheduled(every = "${streamvcr.notify.every}", delayed = "${streamvcr.notify.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            LOG.error("Sending notifications failed; trying again at the next round", e);
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeTick() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.error("Purging old notifications failed; trying again in an hour", e);
        }
    }

    /** Deletes sent and given-up deliveries older than {@code STREAMVCR_NOTIFY_KEEP}; returns how many. */
    @Transactional
    public int purge() {
        return em.createNativeQuery("delete from notification_delivery where status <> 'PENDING' "
                + "and coalesce(finished_at, created_at) < now() - make_interval(secs => ?1)")
                .setParameter(1, (double) config.notifications().keep().toSeconds()).executeUpdate();
    }

    /** Sends every delivery due now; returns how many were tried. */
    public int sendDue() {
        int tried = 0;
        List<long[]> claimed;
        do {
            claimed = claim();
            // One task per channel, sending its deliveries in the order they were made
            Map<Long, List<Long>> byChannel = new TreeMap<>();
            for (long[] row : claimed) {
                byChannel.computeIfAbsent(row[1], channel -> new ArrayList<>()).add(row[0]);
            }
            List<Callable<Void>> sends = byChannel.values().stream().<Callable<Void>>map(ids -> () -> {
                ids.forEach(this::send);
                return null;
            }).toList();
            try {
                for (Future<Void> sent : senders.invokeAll(sends)) {
                    try {
                        sent.get();
                    } catch (ExecutionException e) {
                        LOG.error("Sending a notification failed; it is tried again when its claim runs out",
                                e.getCause());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return tried;
            }
            tried += claimed.size();
        } while (claimed.size() == BATCH);
        return tried;
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
    }

    /**
     * Claims due deliveries, counting the attempt: (id, channel) by id. They are held long enough for one channel to
     * take the whole batch one after another, each up to the time limit, so no other node claims one meanwhile.
     */
    @Transactional
    List<long[]> claim() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("update notification_delivery set attempts = attempts + 1, "
                + "next_attempt_at = now() + make_interval(secs => ?1) where id in (select id "
                + "from notification_delivery "
                + "where status = 'PENDING' and next_attempt_at <= now() order by id limit ?2 for update skip locked) "
                + "returning id, channel_id")
                .setParameter(1, (double) config.notifications().timeout().multipliedBy(BATCH + 2).toSeconds())
                .setParameter(2, BATCH).getResultList();
        return rows.stream().map(r -> new long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()})
                .sorted(java.util.Comparator.comparingLong(r -> r[0])).toList();
    }

    private void send(long id) {
        Optional<Claimed> claimed = load(id);
        if (claimed.isEmpty()) {
            return;
        }
        Optional<String> error = sender.attempt(claimed.get().delivery(), claimed.get().channel());
        record(id, error);
    }

    private record Claimed(NotificationDelivery delivery, NotificationChannel channel) {
    }

    /** The delivery and its channel; a delivery whose channel was deleted is given up. */
    @Transactional
    Optional<Claimed> load(long id) {
        NotificationDelivery delivery = NotificationDelivery.findById(id);
        if (delivery == null) {
            return Optional.empty();
        }
        NotificationChannel channel = NotificationChannel.findById(delivery.channelId);
        if (channel == null) {
            delivery.status = NotificationDelivery.Status.FAILED;
            delivery.lastError = "The channel was deleted before the notification was sent.";
            delivery.finishedAt = Instant.now();
            return Optional.empty();
        }
        em.detach(delivery);
        em.detach(channel);
        return Optional.of(new Claimed(delivery, channel));
    }

    /** Stores an attempt's outcome: sent, retried later, or given up after the last attempt. */
    @Transactional
    void record(long id, Optional<String> error) {
        NotificationDelivery delivery = NotificationDelivery.findById(id);
        if (delivery == null) {
            return;
        }
        Instant now = Instant.now();
        if (error.isEmpty()) {
            delivery.status = NotificationDelivery.Status.SENT;
            delivery.finishedAt = now;
            return;
        }
        delivery.lastError = NotificationOutbox.cut(error.get(), 2000);
        if (delivery.attempts >= config.notifications().maxAttempts()) {
            delivery.status = NotificationDelivery.Status.FAILED;
            delivery.finishedAt = now;
            LOG.infof("Notification %d to %s given up after %d attempts: %s", id, delivery.channelLabel,
                    delivery.attempts, error.get());
        } else {
            delivery.nextAttemptAt = now.plus(backoff(config.notifications().firstRetry(), delivery.attempts));
        }
    }

    /** The wait after attempt {@code attempts} (1-based): the first retry's, doubled for each attempt since. */
    static Duration backoff(Duration first, int attempts) {
        return first.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 16));
    }
}
