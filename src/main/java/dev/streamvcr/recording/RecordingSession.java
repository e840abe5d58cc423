package dev.streamvcr.recording;

import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.reservation.ReservationState;
import dev.streamvcr.reservation.ResolutionJournal;
import dev.streamvcr.rtmp.client.RtmpFailure;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.rtmp.swf.SwfException;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteLoginException;
import dev.streamvcr.site.StreamAccess;
import dev.streamvcr.site.StreamAddress;
import dev.streamvcr.site.StreamNotFoundException;
import dev.streamvcr.storage.RecordingStore;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Records one reservation on this node: one verticle per session, everything on its event loop, every database
 * write and DNS lookup off it. It finds the stream (from the pre-roll on) and has its protocol's
 * {@link StreamCapture} record it, reconnecting with backoff through "not there yet" and drops until the booked end;
 * renews its lease by heartbeat; and ends the reservation with a reason a person can read. A lost lease ends it
 * without a word: another node owns the work now.
 */
final class RecordingSession extends AbstractVerticle implements CaptureEvents {

    private static final Logger LOG = Logger.getLogger(RecordingSession.class);
    private static final String RECONNECT_CAUSE = "server asked to reconnect";

    private final long reservationId;
    private final SessionJournal journal;
    private final RecordingStore store;
    private final ProgressBoard board;
    private final RecordingMeters meters;
    private final SessionSettings settings;
    private final ResolutionJournal sources;
    /** Makes the capture for the kind of stream the source turned out to be. */
    private final CaptureFactory captures;
    private final Promise<Void> finished = Promise.promise();
    private long lastRenewalNanos = System.nanoTime();
    /** Heartbeats fail because the database is out of reach (said once in the log until one succeeds). */
    private boolean renewalFailing;
    /** A heartbeat is waiting for the database. */
    private boolean beating;

    private SessionTarget target;
    /** Whether the booked address is a page, looked at again before each attempt. */
    private boolean pageSource;
    private StreamCapture capture;
    /** What the located stream needs besides its address; its held session is released with the next or the end. */
    private StreamAccess held;
    private StreamAddress.Kind captureKind;
    private boolean located;
    private SessionJournal.OpenedPart part;
    private boolean partRequested;
    private RecordingProgress earlier = RecordingProgress.NONE;
    private ReservationState state = ReservationState.RESOLVING;
    private int attempts;
    private String lastProblem = "no answer yet";
    private String stateReason;
    private long droppedAt = -1;
    private String dropCause;
    /** When the source was lost after media was written, until media comes again; its capture reports its gaps. */
    private long lostAt = -1;
    private boolean ending;
    private long heartbeatTimer = -1;
    private long progressTimer = -1;
    private long endTimer = -1;
    /** The booked end came and the capture was given its time to finish ({@link StreamCapture#finishAtEnd()}). */
    private boolean tailTaken;
    /** Counts moves of the booked end, so a capture finishing for an end that moved later is not taken for the end. */
    private int endMoves;
    private long retryTimer = -1;
    /** Whether a retry was left out because it would have come after the booked end (which may move later). */
    private boolean retrySkipped;
    /** The part's bytes already added to the meters. */
    private long bytesMetered;
    /** The gaps' writes, one after another; a finished reservation has all its gaps stored. */
    private Future<Void> gapsStored = Future.succeededFuture();

    RecordingSession(long reservationId, SessionJournal journal, RecordingStore store, ProgressBoard board,
            RecordingMeters meters, SessionSettings settings, ResolutionJournal sources,
            CaptureFactory captures) {
        this.reservationId = reservationId;
        this.journal = journal;
        this.store = store;
        this.board = board;
        this.meters = meters;
        this.settings = settings;
        this.sources = sources;
        this.captures = captures;
    }

    /** Makes the {@link StreamCapture} for a kind of stream address. */
    @FunctionalInterface
    interface CaptureFactory {
        StreamCapture create(StreamAddress.Kind kind, io.vertx.core.Vertx vertx, CaptureEvents events,
                SessionTarget target);
    }

    /** Completes when the session has closed its file and written its last state (or given the work back). */
    Future<Void> finished() {
        return finished.future();
    }

    @Override
    public void start(Promise<Void> started) {
        started.complete();
        blocking(() -> journal.target(reservationId, settings.node()))
                .onSuccess(found -> found.ifPresentOrElse(this::begin, () -> windDown(null, null, false)))
                .onFailure(e -> fail("Could not read the reservation", e));
    }

    private void begin(SessionTarget found) {
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
        if (located && !pageSource) {
            connect();
            return;
        }
        blocking(() -> sources.sourceToRecord(reservationId, target.sourceUrl(), settings.node()))
                .compose(source -> {
                    hold(source.access());
                    return ending ? Future.succeededFuture() : captureFor(source.line()).use(source);
                })
                .onSuccess(v -> {
                    if (ending) {
                        return;
                    }
                    if (!located) {
                        located = true;
                        moveTo(ReservationState.WAITING_FOR_STREAM, "Connecting to " + host() + ".");
                    }
                    connect();
                }).onFailure(this::onNotLocated);
    }

    /**
     * Keeps the session a resolver holds open for the stream now located (closing the one before); when the site
     * ends it, the stream is looked for again.
     */
    private void hold(StreamAccess access) {
        if (held != null && held != access) {
            held.release();
        }
        held = access;
        if (ending) {
            access.release();
        } else if (access.held() != null) {
            access.held().ended().whenComplete((why, e) -> context.runOnContext(v -> {
                if (held == access && !ending) {
                    lostSource(new IllegalArgumentException("The site ended the session the stream needs: "
                            + (why != null ? why : String.valueOf(e)) + "."));
                }
            }));
        }
    }

    private String host() {
        return capture instanceof RtmpCapture rtmp ? rtmp.host() : capture instanceof HlsCapture hls ? hls.host()
                : "the stream";
    }

    /**
     * The capture for a stream address: made for the first one; a page that later shows a stream of another kind
     * cannot be followed into the same part.
     */
    private StreamCapture captureFor(String line) {
        StreamAddress.Kind kind = StreamAddress.parse(line).kind();
        if (capture == null) {
            captureKind = kind;
            capture = captures.create(kind, vertx, this, target);
        } else if (kind != captureKind) {
            throw new IllegalArgumentException("The page now shows a " + kind + " stream where it showed a "
                    + captureKind + " one; this recording goes on with the " + captureKind + " stream only.");
        }
        return capture;
    }

    /**
     * A page without a stream (yet) is asked again until the booked end, like a stream that is not up; so is any
     * failure once a stream was found. Before that, an address that cannot be recorded fails the reservation.
     */
    private void onNotLocated(Throwable e) {
        if (ending) {
            return;
        }
        if (!located && !(e instanceof StreamNotFoundException)) {
            windDown(ReservationState.FAILED, e instanceof SiteLoginException ? e.getMessage()
                    : "This source cannot be recorded: " + describe(e), false);
            return;
        }
        attempts++;
        report(e);
        retryLater();
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
        if (part != null) {
            meters.reconnecting();
        }
        capture.connect();
    }

    // --- what the capture reports ---------------------------------------------------------------------------------

    @Override
    public <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    @Override
    public boolean ending() {
        return ending;
    }

    @Override
    public Future<Path> openPart(String extension) {
        partRequested = true;
        return blocking(() -> {
            store.requireFreeSpace();
            SessionJournal.OpenedPart opened = journal.openPart(reservationId, settings.node(), extension);
            Path file = store.prepare(opened.relativePath());
            earlier = journal.earlierParts(opened.recordingId(), opened.partNumber());
            return new Object[] {opened, file};
        }).compose(prepared -> {
            SessionJournal.OpenedPart opened = (SessionJournal.OpenedPart) prepared[0];
            if (ending) {
                // The session ended while the part was being opened: record it empty.
                return blocking(() -> {
                    journal.closePart(opened.partId(), RecordingProgress.NONE, null);
                    return null;
                }).compose(v -> Future.failedFuture("the session ended while the part was opening"));
            }
            part = opened;
            LOG.infof("Reservation %d: recording into %s", reservationId, opened.relativePath());
            return Future.succeededFuture((Path) prepared[1]);
        });
    }

    @Override
    public void connected() {
        attempts = 0;
        if (part == null) {
            lastProblem = "the server accepted the play request but sent no audio or video.";
        }
    }

    @Override
    public void recordingBegan() {
        if (target.earlierBytes() == 0) {
            meters.started(Duration.between(target.startAt(), Instant.now()));
        }
    }

    @Override
    public void receiving() {
        lostAt = -1;
        if (droppedAt >= 0 && part != null) {
            long gap = System.currentTimeMillis() - droppedAt;
            Instant from = Instant.ofEpochMilli(droppedAt);
            String cause = dropCause;
            long partId = part.partId();
            droppedAt = -1;
            storeGap(partId, from, gap, cause);
            moveTo(ReservationState.RECORDING, String.format("The stream is back after %.1f s; the recording "
                    + "continues on the same timeline.", gap / 1000.0));
        } else if (state != ReservationState.RECORDING && droppedAt < 0) {
            moveTo(ReservationState.RECORDING, "Receiving the stream.");
        }
    }

    @Override
    public void problem(Throwable cause) {
        if (ending) {
            return;
        }
        markDrop(cause.getMessage());
        report(cause);
        retryLater();
    }

    @Override
    public void lostSource(Throwable cause) {
        if (ending) {
            return;
        }
        if (part != null && lostAt < 0) {
            lostAt = System.currentTimeMillis();
        }
        report(cause);
        retryLater();
    }

    @Override
    public void reconnectRequested(Throwable cause) {
        if (ending) {
            return;
        }
        markDrop(RECONNECT_CAUSE);
        report(cause);
        // At once, unless the previous attempt ended the same way without playing: a server asking again and again
        // gets the usual backoff.
        if (attempts <= 1) {
            connect();
        } else {
            retryLater();
        }
    }

    @Override
    public void gap(Instant from, long lengthMs, String cause) {
        if (part == null) {
            return;
        }
        storeGap(part.partId(), from, lengthMs, cause);
    }

    /** Writes a gap after those before it; the end of the session waits for them all ({@link #gapsStored}). */
    private void storeGap(long partId, Instant from, long lengthMs, String cause) {
        meters.gap();
        gapsStored = gapsStored.compose(v -> blocking(() -> {
            journal.recordGap(partId, from, lengthMs, cause);
            return (Void) null;
        })).recover(e -> {
            LOG.errorf(e, "Reservation %d: a gap of part %d could not be stored", reservationId, partId);
            return Future.succeededFuture();
        });
    }

    @Override
    public void ended(String reason) {
        windDown(recorded() || partRequested || target.earlierBytes() > 0 ? ReservationState.COMPLETED
                : ReservationState.FAILED, reason, false);
    }

    @Override
    public void failed(String reason) {
        windDown(ReservationState.FAILED, reason, false);
    }

    /** The first problem after media was written starts a gap, which ends when media comes again. */
    private void markDrop(String cause) {
        if (part != null && droppedAt < 0) {
            droppedAt = System.currentTimeMillis();
            dropCause = cause;
        }
    }

    private void report(Throwable problem) {
        lastProblem = describe(problem);
        LOG.debugf("Reservation %s: %s (attempt %s)", (Object) reservationId, RtmpSource.maskSecrets(lastProblem),
                attempts);
        if (part == null && capture != null) {
            moveTo(ReservationState.WAITING_FOR_STREAM, "Connecting to " + host() + " (attempt " + (attempts + 1)
                    + "; last: " + clause(lastProblem) + ").");
        } else if (part == null) {
            moveTo(ReservationState.WAITING_FOR_STREAM, "The stream is not available yet: " + lastProblem
                    + " Trying again until the booked end.");
        } else if (attempts == 0) {
            moveTo(ReservationState.RECONNECTING, "The stream dropped: " + sentence(lastProblem) + " Reconnecting.");
        } else {
            moveTo(ReservationState.RECONNECTING, "The stream dropped. Reconnecting to " + host() + " (attempt "
                    + (attempts + 1) + "; last: " + clause(lastProblem) + ").");
        }
    }

    private void retryLater() {
        if (retryTimer >= 0) {
            return; // one look at a time: a held session that ends and the playlist then refused both report it
        }
        long delay = Math.min(settings.maxBackoff().toMillis(), 500L << Math.min(attempts, 10));
        retrySkipped = System.currentTimeMillis() + delay >= target.endAt().toEpochMilli();
        if (!retrySkipped) {
            retryTimer = vertx.setTimer(delay, t -> locate());
        }
    }

    // --- the end, the lease, progress ----------------------------------------------------------------------------

    private boolean recorded() {
        return capture != null && capture.recorded();
    }

    private void onBookedEnd() {
        endTimer = -1;
        if (!tailTaken && capture != null) {
            tailTaken = true;
            Future<Void> tail = capture.finishAtEnd();
            if (!tail.isComplete()) {
                int moves = endMoves;
                long waitFrom = System.nanoTime();
                tail.onComplete(ar -> {
                    if (moves == endMoves && !ending) {
                        LOG.debugf("Reservation %d: %d ms after the booked end, what was made before it is in",
                                reservationId, (System.nanoTime() - waitFrom) / 1_000_000);
                        onBookedEnd();
                    }
                });
                return;
            }
        }
        boolean recorded = recorded();
        long goneSince = droppedAt >= 0 ? droppedAt : lostAt;
        if (recorded && goneSince >= 0) {
            windDown(ReservationState.COMPLETED, "The stream dropped at " + Instant.ofEpochMilli(goneSince)
                    + " and did not come back before the booked end; what was recorded is kept. Last problem: "
                    + sentence(lastProblem), false);
        } else if (recorded) {
            windDown(ReservationState.COMPLETED, "The booked end came.", false);
        } else if (target.earlierBytes() > 0) {
            windDown(ReservationState.COMPLETED, "The booked end came; the stream did not come back after the "
                    + "interruption, and what was recorded before it is kept. Last problem: " + sentence(lastProblem), false);
        } else {
            windDown(ReservationState.FAILED, "The stream never became available between "
                    + target.startAt() + " and " + target.endAt() + ". Last problem: " + sentence(lastProblem), false);
        }
    }

    /**
     * The booked end was edited: the end timer, the capture's cut and the retries follow the new end. Every heartbeat
     * reads the end, so a session on any node learns it within a beat; this node's is poked at once.
     */
    private void moveEnd(Instant end) {
        LOG.infof("Reservation %d: booked end moved from %s to %s", reservationId, target.endAt(), end);
        target = target.withEndAt(end);
        tailTaken = false;
        endMoves++;
        if (endTimer >= 0) {
            vertx.cancelTimer(endTimer);
        }
        long untilEnd = Math.max(1, end.toEpochMilli() - System.currentTimeMillis());
        endTimer = vertx.setTimer(untilEnd, t -> onBookedEnd());
        if (capture != null) {
            capture.moveEnd(end);
        }
        if (retrySkipped && retryTimer < 0) {
            retryLater();
        }
    }

    private void heartbeat() {
        if (ending) {
            return;
        }
        if (beating) {
            return; // the last beat still waits for the database: do not pile more onto the worker pool
        }
        beating = true;
        RecordingProgress progress = capture == null ? RecordingProgress.NONE : capture.progress();
        Long lastSequence = capture == null ? null : capture.lastSequence();
        Long partId = part == null ? null : part.partId();
        blocking(() -> journal.heartbeat(reservationId, settings.node(), settings.lease(), partId, progress,
                lastSequence))
                .onComplete(ar -> beating = false)
                .onSuccess(beat -> {
                    if (renewalFailing) {
                        renewalFailing = false;
                        LOG.infof("Reservation %d: heartbeat renewed again after %d ms without the database",
                                reservationId, (System.nanoTime() - lastRenewalNanos) / 1_000_000);
                        if (beat.leaseHeld() && stateReason != null) {
                            // a state change made meanwhile was not stored: store where the session is now
                            ReservationState now = state;
                            String reason = stateReason;
                            blocking(() -> journal.transition(reservationId, settings.node(), now, reason));
                        }
                    }
                    lastRenewalNanos = System.nanoTime();
                    if (!beat.leaseHeld()) {
                        LOG.warnf("Reservation %d: lease lost; another node continues this work", reservationId);
                        windDown(null, null, false);
                    } else if (beat.stopRequested()) {
                        windDown(recorded() || target.earlierBytes() > 0 ? ReservationState.COMPLETED
                                : ReservationState.CANCELLED,
                                beat.stopReason(), false);
                    } else if (beat.endAt() != null && !beat.endAt().equals(target.endAt())) {
                        moveEnd(beat.endAt());
                    }
                })
                .onFailure(e -> {
                    long silentMs = (System.nanoTime() - lastRenewalNanos) / 1_000_000;
                    if (DatabaseOutage.isOutage(e)) {
                        // The database is out of reach (restarting, say). Recording goes on: while it is down no
                        // other node can take the work, and when it is back another node's lapsed lease counts as
                        // held for one lease from its start (Leases), so this session renews first; if another node
                        // did take the work, the next beat says so and this session ends, its part kept.
                        if (!renewalFailing) {
                            renewalFailing = true;
                            LOG.warnf("Reservation %d: heartbeat failed, the database is out of reach (%s); recording"
                                    + " on and retrying every beat", reservationId, e.getMessage());
                        }
                    } else if (silentMs >= settings.lease().toMillis()) {
                        // Not an outage: the lease may be another node's by now; stop rather than record it twice.
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
        if (part != null && !ending && capture != null) {
            RecordingProgress progress = capture.progress();
            meterBytes(progress);
            board.update(reservationId, earlier.bytes(), earlier.durationMs(), progress);
        }
    }

    private void meterBytes(RecordingProgress progress) {
        if (part != null) {
            meters.wrote(progress.bytes() - bytesMetered);
            bytesMetered = Math.max(bytesMetered, progress.bytes());
        }
    }

    /** A problem as a clause inside a sentence: without its closing full stop. */
    /** A problem as a sentence of its own, ending in a full stop, so that what follows does not run into it. */
    private static String sentence(String problem) {
        return problem.endsWith(".") ? problem : problem + ".";
    }

    private static String clause(String problem) {
        return problem.endsWith(".") ? problem.substring(0, problem.length() - 1) : problem;
    }

    /** Moves to {@code next}, or, already there, says the new {@code reason} (the history gets state changes only). */
    private void moveTo(ReservationState next, String reason) {
        if (ending || (next == state && reason.equals(stateReason))) {
            return;
        }
        state = next;
        stateReason = reason;
        blocking(() -> journal.transition(reservationId, settings.node(), next, reason)).onSuccess(held -> {
            if (!held) {
                windDown(null, null, false);
            }
        });
    }

    /**
     * Ends the session once: stops timers and the capture, closes and finalises the file, stores the part's
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
        Future<Void> closed = capture == null ? Future.succeededFuture() : capture.close();
        if (held != null) {
            held.release();
        }
        // the capture may report a last gap as it closes (an ad break the end falls in): stored before the end is
        closed.compose(v -> gapsStored).compose(v -> {
            RecordingProgress last = capture == null ? RecordingProgress.NONE : capture.progress();
            Long lastSequence = capture == null ? null : capture.lastSequence();
            meterBytes(last);
            return blocking(() -> {
            if (part != null) {
                journal.closePart(part.partId(), last, lastSequence);
            }
            if (finalState != null) {
                journal.finish(reservationId, settings.node(), finalState, reason);
            } else if (release) {
                journal.release(reservationId, settings.node());
            }
            return null;
            });
        }).onComplete(ar -> {
            if (ar.failed()) {
                LOG.errorf(ar.cause(), "Reservation %d: could not store the end of the session", reservationId);
            } else if (finalState == ReservationState.COMPLETED) {
                meters.completed();
            } else if (finalState == ReservationState.FAILED) {
                meters.failed();
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

    /** What a person reads when the part file could not be written. */
    static String describeWrite(Throwable e) {
        return RecordingStore.isFull(e) ? describe(e) : "Writing the recording failed: " + e.getMessage();
    }

    /** A failure in words a person reads: the message of what users can cause, else the type and message. */
    static String describe(Throwable e) {
        if (RecordingStore.isFull(e)) {
            return "The recording storage is full (no space left on device): the recording stopped here; "
                    + "everything recorded until then is kept.";
        }
        if (e instanceof RtmpFailure || e instanceof OutboundPolicy.Refused || e instanceof RecordingStore.InsufficientSpace
                || e instanceof IllegalArgumentException || e instanceof SiteException
                || e instanceof SwfException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
