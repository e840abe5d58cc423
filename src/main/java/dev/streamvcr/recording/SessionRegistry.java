package dev.streamvcr.recording;

import dev.streamvcr.config.NodeIdentity;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.preview.media.FfmpegTools;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.reservation.ReservationService;
import dev.streamvcr.reservation.ResolutionJournal;
import dev.streamvcr.storage.RecordingStore;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** The recording sessions running on this node, one verticle each. */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final Map<Long, RecordingSession> running = new ConcurrentHashMap<>();

    @Inject
    Vertx vertx;

    @Inject
    SessionJournal journal;

    @Inject
    OutboundPolicy outbound;

    @Inject
    RecordingStore store;

    @Inject
    ProgressBoard board;

    @Inject
    StreamVcrConfig config;

    @Inject
    NodeIdentity node;

    @Inject
    ResolutionJournal sources;

    @Inject
    PlayerSwfs swfs;

    @Inject
    OutboundHttpClient http;

    @Inject
    RecordingMeters meters;

    /** Starts a session for a reservation this node has just claimed; ignored if one already runs. */
    public void start(long reservationId) {
        Duration lease = config.schedule().lease();
        Duration beat = Duration.ofMillis(Math.max(500, Math.min(lease.toMillis() / 3, 5000)));
        SessionSettings settings = new SessionSettings(node.id(), lease, beat, config.schedule().maxBackoff(),
                config.rtmp().maxMessageSize(), config.rtmp().idleTimeout());
        RecordingSession session = new RecordingSession(reservationId, journal, store, board, meters, settings, sources,
                (kind, vertx, events, target) -> switch (kind) {
                    case RTMP -> new RtmpCapture(vertx, events, target, settings, outbound, swfs);
                    case HLS -> new HlsCapture(vertx, events, target, outbound, http,
                            HlsCapture.followOptions(target.hlsOptions()), () -> FfmpegTools.locate(config.ffmpeg()));
                    case PAGE -> throw new IllegalStateException("a page is resolved before it is recorded");
                });
        if (running.putIfAbsent(reservationId, session) != null) {
            return;
        }
        session.finished().onComplete(v -> running.remove(reservationId, session));
        vertx.deployVerticle(session).onFailure(e -> {
            running.remove(reservationId, session);
            LOG.errorf(e, "Could not start the session of reservation %d", reservationId);
        });
    }

    /** How many sessions run on this node now, including any still closing their file. */
    public int count() {
        return running.size();
    }

    public boolean isRunning(long reservationId) {
        return running.containsKey(reservationId);
    }

    void onStopRequested(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReservationService.StopRequested request) {
        RecordingSession session = running.get(request.reservationId());
        if (session != null) {
            session.poke();
        }
    }

    void onEndChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReservationService.EndChanged change) {
        RecordingSession session = running.get(change.reservationId());
        if (session != null) {
            session.poke();
        }
    }

    /** Closes every file cleanly and gives the work back, so a restart (or another node) continues it. */
    void onShutdown(@Observes ShutdownEvent event) {
        List<Future<Void>> releases = running.values().stream().map(RecordingSession::release).toList();
        if (releases.isEmpty()) {
            return;
        }
        LOG.infof("Handing back %d running recording(s) before shutdown", releases.size());
        try {
            Future.join(releases).toCompletionStage().toCompletableFuture()
                    .get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Not every recording session finished before shutdown; their leases will expire", e);
        }
    }
}
