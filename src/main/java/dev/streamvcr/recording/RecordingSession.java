package dev.streamvcr.recording;

import dev.streamvcr.flv.FlvRecorder;
import dev.streamvcr.flv.FlvWriter;
import dev.streamvcr.flv.KeyframeIndex;
import dev.streamvcr.flv.RecorderSnapshot;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.ResolutionJournal;
import dev.streamvcr.rtmp.client.RtmpClientOptions;
import dev.streamvcr.rtmp.client.RtmpFailure;
import dev.streamvcr.rtmp.client.RtmpMedia;
import dev.streamvcr.rtmp.client.RtmpPlayListener;
import dev.streamvcr.rtmp.client.RtmpPlayer;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.rtmp.client.RtmpUrl;
import dev.streamvcr.rtmp.swf.SwfException;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteLoginException;
import dev.streamvcr.site.StreamAddress;
import dev.streamvcr.site.StreamNotFoundException;
import dev.streamvcr.storage.RecordingStore;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Records one reservation on this node: one verticle per session, everything on its event loop, every database
 * write and DNS lookup off it. It connects (from the pre-roll on), keeps reconnecting with backoff through
 * "not there yet" and drops until the booked end, writes one part file with one timeline, renews its lease by
 * heartbeat, and ends the reservation with a reason a person can read. A lost lease ends it without a word:
 * another node owns the work now.
 */
final class RecordingSession extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(RecordingSession.class);
    /** Bytes of media held while the part file opens; beyond it messages are dropped (memory per session is bounded). */
    private static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;
    /** Data messages (metadata, sample access) held before media arrives; older ones give way to newer. */
    private static final int MAX_PENDING_DATA = 8;
    private static final int DATA_MESSAGE = 18;
    private static final String RECONNECT_CAUSE = "server asked to reconnect";

    private final long reservationId;
    private final SessionJournal journal;
    private final OutboundPolicy outbound;
    private final RecordingStore store;
    private final ProgressBoard board;
    private final SessionSettings settings;
    private final ResolutionJournal sources;
    private final PlayerSwfs swfs;
    private final Promise<Void> finished = Promise.promise();
    private final ArrayDeque<RtmpMedia> pending = new ArrayDeque<>();
    private long pendingBytes;
    private long lastRenewalNanos = System.nanoTime();

    private SessionTarget target;
    /** Whether the booked address is a page, looked at again before each attempt. */
    private boolean pageSource;
    private RtmpUrl url;
    private RtmpClientOptions rtmpOptions;
    private SocketAddress address;
    private RtmpPlayer player;
    private FlvWriter writer;
    private FlvRecorder recorder;
    private SessionJournal.OpenedPart part;
    private RecordingProgress earlier = RecordingProgress.NONE;
    private ReservationState state = ReservationState.RESOLVING;
    private int attempts;
    private String lastProblem = "no answer yet";
    private long droppedAt = -1;
    private String dropCause;
    private boolean opening;
    private boolean ending;
    private long heartbeatTimer = -1;
    private long progressTimer = -1;
    private long endTimer = -1;
    private long retryTimer = -1;

    RecordingSession(long reservationId, SessionJournal journal, OutboundPolicy outbound, RecordingStore store,
            ProgressBoard board, SessionSettings settings, ResolutionJournal sources, PlayerSwfs swfs) {
        this.reservationId = reservationId;
        this.sources = sources;
        this.swfs = swfs;
        this.journal = journal;
        this.outbound = outbound;
        this.store = store;
        this.board = board;
        this.settings = settings;
    }

    /** Completes when the session has closed its file and written its last state (or given the work back). */
    Future<Void> finished() {
        return finished.future();
    }

    @Override
    public void start(Promise<Void> started) {
        started.complete();
        blocking(() -> journal.target(reservationId, settings.node()))
                .onSuccess(found -> found.ifPresentOrElse(this::resolve, () -> windDown(null, null, false)))
                .onFailure(e -> fail("Could not read the reservation", e));
    }

    private void resolve(SessionTarget found) {
        target = found;
        pageSource = StreamAddress.isPage(found.sourceUrl());
        startTimers();
        locate();
    }

    /**
     * Finds the stream, then connects to it. A booked page is looked at again before every attempt: stream addresses
     * and their tickets change between booking and start and expire during a recording, and a broadcast's page shows
     * its stream only once it is live. A booked stream address is resolved once.
     */
    private void locate() {
        retryTimer = -1;
        if (ending) {
            return;
        }
        if (url != null && !pageSource) {
            connect();
            return;
        }
        blocking(() -> {
            String line = sources.sourceToRecord(reservationId, target.sourceUrl(), settings.node());
            // the reservation's own options come last, so they win over what the address or the page carried
            RtmpSource source = RtmpSource.parse(target.rtmpOptions() == null ? line : line + " " + target.rtmpOptions());
            InetAddress ip = outbound.resolve(source.url().host());
            return new Object[] {source, ip};
        }).onSuccess(resolved -> {
            if (ending) {
                return;
            }
            boolean first = url == null;
            RtmpSource source = (RtmpSource) resolved[0];
            url = source.url();
            rtmpOptions = source.applyTo(SessionOptions.rtmp(settings));
            address = SocketAddress.inetSocketAddress(url.port(), ((InetAddress) resolved[1]).getHostAddress());
            if (first) {
                moveTo(ReservationState.WAITING_FOR_STREAM, "Connecting to " + url.host() + ".");
            }
            connect();
        }).onFailure(this::onNotLocated);
    }

    /**
     * A page without a stream (yet) is asked again until the booked end, like a stream that is not up; so is any
     * failure once a stream was found. Before that, an address that cannot be recorded fails the reservation.
     */
    private void onNotLocated(Throwable e) {
        if (ending) {
            return;
        }
        if (url == null && !(e instanceof StreamNotFoundException)) {
            windDown(ReservationState.FAILED, e instanceof SiteLoginException ? e.getMessage()
                    : "This source cannot be recorded: " + describe(e), false);
            return;
        }
        attempts++;
        onProblem(e);
    }

    private void startTimers() {
        lastRenewalNanos = System.nanoTime();
        long untilEnd = Math.max(1, target.endAt().toEpochMilli() - System.currentTimeMillis());
        endTimer = vertx.setTimer(untilEnd, t -> onBookedEnd());
        heartbeatTimer = vertx.setPeriodic(settings.heartbeat().toMillis(), t -> heartbeat());
        progressTimer = vertx.setPeriodic(1000, t -> publishProgress());
    }

    private void connect() {
        if (ending) {
            return;
        }
        attempts++;
        // the SWF hash is needed before connecting: a server asks for verification right after connect
        swfs.withSwfHash(rtmpOptions).onComplete(prepared -> {
            if (ending) {
                return;
            }
            if (prepared.failed()) {
                onProblem(prepared.cause());
            } else {
                play(prepared.result());
            }
        });
    }

    /** Handlers go on play()'s own future: it completes before the first media, so the player is known by then. */
    private void play(RtmpClientOptions options) {
        RtmpPlayer.play(vertx, address, url, options, new Listener()).onComplete(ar -> {
            if (ending) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
            } else if (ar.succeeded()) {
                onPlaying(ar.result());
            } else {
                onProblem(ar.cause());
            }
        });
    }

    private void onPlaying(RtmpPlayer playing) {
        player = playing;
        attempts = 0;
        if (recorder == null) {
            lastProblem = "the server accepted the play request but sent no audio or video.";
        }
    }

    /** The first media of the session opens the part; the first media after a drop closes the gap. */
    private void onMedia(RtmpMedia media) {
        if (recorder == null) {
            hold(media);
            // Servers send data messages (|RtmpSampleAccess, metadata) before any stream exists: only audio
            // or video proves the stream is there and opens the part.
            if (!opening && media.typeId() != DATA_MESSAGE) {
                opening = true;
                if (player != null) {
                    player.pause();
                }
                openPart().onSuccess(v -> {
                    while (!pending.isEmpty()) {
                        feed(pending.poll());
                    }
                    pendingBytes = 0;
                    if (player != null && !recorder.writeQueueFull()) {
                        player.resume();
                    }
                    moveTo(ReservationState.RECORDING, "Receiving the stream.");
                }).onFailure(e -> {
                    if (!ending) {
                        windDown(ReservationState.FAILED, describe(e), false);
                    }
                });
            }
            return;
        }
        // Servers answer a play with data messages at once, stream or not: only audio or video ends the gap.
        if (droppedAt >= 0 && media.typeId() != DATA_MESSAGE) {
            long gap = System.currentTimeMillis() - droppedAt;
            Instant from = Instant.ofEpochMilli(droppedAt);
            String cause = dropCause;
            long partId = part.partId();
            droppedAt = -1;
            blocking(() -> {
                journal.recordGap(partId, from, gap, cause);
                return null;
            });
            moveTo(ReservationState.RECORDING, String.format("The stream is back after %.1f s; the recording "
                    + "continues on the same timeline.", gap / 1000.0));
        }
        feed(media);
    }

    /** Keeps a message until the part is open, within {@link #MAX_PENDING_BYTES} and {@link #MAX_PENDING_DATA}. */
    private void hold(RtmpMedia media) {
        if (media.typeId() == DATA_MESSAGE
                && pending.stream().filter(m -> m.typeId() == DATA_MESSAGE).count() >= MAX_PENDING_DATA) {
            RtmpMedia oldest = pending.stream().filter(m -> m.typeId() == DATA_MESSAGE).findFirst().orElseThrow();
            pending.remove(oldest);
            pendingBytes -= oldest.payload().length();
        }
        if (pendingBytes + media.payload().length() > MAX_PENDING_BYTES) {
            LOG.warnf("Reservation %d: dropping a %d-byte message while the part file opens", reservationId,
                    media.payload().length());
            return;
        }
        pending.add(media);
        pendingBytes += media.payload().length();
    }

    private Future<Void> openPart() {
        return blocking(() -> {
            store.requireFreeSpace();
            SessionJournal.OpenedPart opened = journal.openPart(reservationId, settings.node());
            Path file = store.prepare(opened.relativePath());
            earlier = journal.earlierParts(opened.recordingId(), opened.partNumber());
            return new Object[] {opened, file};
        }).compose(prepared -> {
            part = (SessionJournal.OpenedPart) prepared[0];
            long bookedSeconds = (target.endAt().toEpochMilli() - System.currentTimeMillis()) / 1000;
            return FlvWriter.create(vertx, (Path) prepared[1], true, true, KeyframeIndex.capacityFor(bookedSeconds));
        }).compose(created -> {
            if (ending) {
                // The session ended while the file was being opened: close it and record the empty part.
                SessionJournal.OpenedPart opened = part;
                return created.close().compose(v -> blocking(() -> {
                    journal.closePart(opened.partId(), RecordingProgress.NONE);
                    return null;
                })).compose(v -> Future.failedFuture("the session ended while the part was opening"));
            }
            writer = created;
            writer.exceptionHandler(e -> windDown(ReservationState.FAILED, "Writing the recording failed: "
                    + e.getMessage(), false));
            recorder = new FlvRecorder(writer, target.startAt().toEpochMilli());
            recorder.stopAt(target.endAt().toEpochMilli());
            recorder.backpressureHandler(full -> {
                if (player != null) {
                    if (full) {
                        player.pause();
                    } else {
                        player.resume();
                    }
                }
            });
            LOG.infof("Reservation %d: recording into %s", reservationId, part.relativePath());
            return Future.succeededFuture();
        });
    }

    private void feed(RtmpMedia media) {
        recorder.accept(media.typeId(), media.timestamp(), media.payload(), System.currentTimeMillis());
    }

    private final class Listener implements RtmpPlayListener {
        @Override
        public void onMedia(RtmpMedia media) {
            if (!ending) {
                RecordingSession.this.onMedia(media);
            }
        }

        @Override
        public void onEnd(RtmpFailure reason) {
            player = null;
            if (ending || reason.kind() == RtmpFailure.Kind.CLOSED) {
                return;
            }
            if (reason.kind() == RtmpFailure.Kind.STOP_REACHED) {
                // the source's stop option: the recording is complete, not dropped
                windDown(recorded() || opening || target.earlierBytes() > 0 ? ReservationState.COMPLETED
                        : ReservationState.FAILED, reason.getMessage() + "; the recording is complete.", false);
                return;
            }
            if (recorder != null && droppedAt < 0) {
                droppedAt = System.currentTimeMillis();
                dropCause = reason.kind() == RtmpFailure.Kind.RECONNECT_REQUESTED ? RECONNECT_CAUSE
                        : reason.getMessage();
                recorder.onReconnect();
            } else if (recorder == null && !opening) {
                pending.clear();
                pendingBytes = 0;
            }
            onProblem(reason);
        }
    }

    private void onProblem(Throwable problem) {
        lastProblem = describe(problem);
        LOG.debugf("Reservation %s: %s (attempt %s)", (Object) reservationId, RtmpSource.maskSecrets(lastProblem),
                attempts);
        if (recorder == null) {
            moveTo(ReservationState.WAITING_FOR_STREAM, "The stream is not available yet: " + lastProblem
                    + " Trying again until the booked end.");
        } else {
            moveTo(ReservationState.RECONNECTING, "The stream dropped: " + lastProblem + " Reconnecting.");
        }
        if (problem instanceof RtmpFailure failure && failure.kind() == RtmpFailure.Kind.RECONNECT_REQUESTED) {
            redirect(failure);
        } else {
            retryLater();
        }
    }

    private void retryLater() {
        long delay = Math.min(settings.maxBackoff().toMillis(), 500L << Math.min(attempts, 10));
        if (System.currentTimeMillis() + delay < target.endAt().toEpochMilli()) {
            retryTimer = vertx.setTimer(delay, t -> locate());
        }
    }

    /**
     * The server asked to reconnect (E-RTMP), perhaps to another server: that one must pass the outbound policy
     * like the booked source did. Reconnects at once, unless the previous attempt ended the same way without
     * playing (a server asking again and again gets the usual backoff).
     */
    private void redirect(RtmpFailure request) {
        RtmpUrl next = url.reconnectTo(request.reconnectTcUrl());
        blocking(() -> outbound.resolve(next.host())).onSuccess(ip -> {
            if (ending) {
                return;
            }
            url = next;
            address = SocketAddress.inetSocketAddress(next.port(), ip.getHostAddress());
            if (attempts <= 1) {
                connect();
            } else {
                retryLater();
            }
        }).onFailure(e -> {
            lastProblem = "the server asked to reconnect to " + next + ", which is not allowed: " + describe(e);
            retryLater();
        });
    }

    private void onBookedEnd() {
        endTimer = -1;
        if (recorded() && droppedAt >= 0) {
            windDown(ReservationState.COMPLETED, "The stream dropped at " + Instant.ofEpochMilli(droppedAt)
                    + " and did not come back before the booked end; what was recorded is kept. Last problem: "
                    + lastProblem, false);
        } else if (recorded()) {
            windDown(ReservationState.COMPLETED, "Recorded until the booked end.", false);
        } else if (target.earlierBytes() > 0) {
            windDown(ReservationState.COMPLETED, "The booked end came; the stream did not come back after the "
                    + "interruption, and what was recorded before it is kept. Last problem: " + lastProblem, false);
        } else {
            windDown(ReservationState.FAILED, "The stream never became available between "
                    + target.startAt() + " and " + target.endAt() + ". Last problem: " + lastProblem, false);
        }
    }

    private void heartbeat() {
        if (ending) {
            return;
        }
        RecordingProgress progress = progress();
        Long partId = part == null ? null : part.partId();
        blocking(() -> journal.heartbeat(reservationId, settings.node(), settings.lease(), partId, progress))
                .onSuccess(beat -> {
                    lastRenewalNanos = System.nanoTime();
                    if (!beat.leaseHeld()) {
                        LOG.warnf("Reservation %d: lease lost; another node continues this work", reservationId);
                        windDown(null, null, false);
                    } else if (beat.stopRequested()) {
                        windDown(recorded() || target.earlierBytes() > 0 ? ReservationState.COMPLETED
                                : ReservationState.CANCELLED,
                                beat.stopReason(), false);
                    }
                })
                .onFailure(e -> {
                    long silentMs = (System.nanoTime() - lastRenewalNanos) / 1_000_000;
                    if (silentMs >= settings.lease().toMillis()) {
                        // Another node may have taken the work by now: stop rather than record it twice.
                        LOG.errorf(e, "Reservation %d: lease not renewed for %d ms; stopping", reservationId, silentMs);
                        windDown(null, null, false);
                    } else {
                        LOG.warnf(e, "Reservation %d: heartbeat failed; retrying", reservationId);
                    }
                });
    }

    /** Asks the session to look at its reservation now (e.g. a stop was requested) instead of at the next beat. */
    void poke() {
        context.runOnContext(v -> heartbeat());
    }

    /** The node is shutting down: close the file and give the work back, so it continues in a new part. */
    Future<Void> release() {
        context.runOnContext(v -> windDown(null, null, true));
        return finished.future();
    }

    private void publishProgress() {
        if (part != null && !ending) {
            board.update(reservationId, earlier.bytes(), earlier.durationMs(), progress());
        }
    }

    private RecordingProgress progress() {
        if (recorder == null) {
            return RecordingProgress.NONE;
        }
        RecorderSnapshot p = recorder.snapshot(System.currentTimeMillis());
        return new RecordingProgress(p.bytesWritten(), p.mediaDurationMillis(), p.bitsPerSecond(), p.videoCodec(), p.audioCodec());
    }

    private boolean recorded() {
        return recorder != null && recorder.started();
    }

    private void moveTo(ReservationState next, String reason) {
        if (ending || next == state) {
            return;
        }
        state = next;
        blocking(() -> journal.transition(reservationId, settings.node(), next, reason)).onSuccess(held -> {
            if (!held) {
                windDown(null, null, false);
            }
        });
    }

    /**
     * Ends the session once: stops timers and the connection, closes and finalises the file, stores the part's
     * figures, then writes {@code finalState} (or, with {@code release}, gives the lease back; with neither,
     * touches nothing: the lease is gone) and undeploys.
     */
    private void windDown(ReservationState finalState, String reason, boolean release) {
        if (ending) {
            return;
        }
        ending = true;
        for (long timer : new long[] {heartbeatTimer, progressTimer, endTimer, retryTimer}) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        if (player != null) {
            player.close();
            player = null;
        }
        Future<Void> closed = writer == null ? Future.succeededFuture() : writer.close().recover(e -> {
            LOG.errorf(e, "Reservation %d: closing %s failed", reservationId, part.relativePath());
            return Future.succeededFuture();
        });
        RecordingProgress last = progress();
        closed.compose(v -> blocking(() -> {
            if (part != null) {
                journal.closePart(part.partId(), last);
            }
            if (finalState != null) {
                journal.finish(reservationId, settings.node(), finalState, reason);
            } else if (release) {
                journal.release(reservationId, settings.node());
            }
            return null;
        })).onComplete(ar -> {
            if (ar.failed()) {
                LOG.errorf(ar.cause(), "Reservation %d: could not store the end of the session", reservationId);
            }
            board.remove(reservationId);
            LOG.infof("Reservation %d: session ended (%s)", reservationId,
                    finalState != null ? finalState : release ? "released" : "lease lost");
            finished.tryComplete();
            vertx.undeploy(deploymentID());
        });
    }

    private void fail(String what, Throwable e) {
        LOG.errorf(e, "Reservation %d: %s", reservationId, what);
        windDown(null, null, true);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private static String describe(Throwable e) {
        if (e instanceof RtmpFailure || e instanceof OutboundPolicy.Refused || e instanceof RecordingStore.InsufficientSpace
                || e instanceof IllegalArgumentException || e instanceof SiteException
                || e instanceof SwfException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
