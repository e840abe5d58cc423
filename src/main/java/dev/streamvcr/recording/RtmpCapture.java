package dev.streamvcr.recording;

import dev.streamvcr.flv.FlvRecorder;
import dev.streamvcr.flv.FlvWriter;
import dev.streamvcr.flv.KeyframeIndex;
import dev.streamvcr.flv.RecorderSnapshot;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.reservation.RecordingProgress;
import dev.streamvcr.rtmp.client.RtmpClientOptions;
import dev.streamvcr.rtmp.client.RtmpFailure;
import dev.streamvcr.rtmp.client.RtmpMedia;
import dev.streamvcr.rtmp.client.RtmpPlayListener;
import dev.streamvcr.rtmp.client.RtmpPlayer;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.rtmp.client.RtmpUrl;
import dev.streamvcr.site.StreamSource;
import dev.streamvcr.storage.RecordingStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayDeque;
import org.jboss.logging.Logger;

/**
 * Records an RTMP stream with our own client into an FLV part: the SWF hash first when the source verifies one, the
 * media held while the part file opens, one timeline across reconnects (the {@link FlvRecorder}), the socket paused
 * while the file falls behind, and a server's E-RTMP reconnect request followed to the server it names, which must
 * pass the outbound policy like the booked one.
 */
final class RtmpCapture implements StreamCapture {

    private static final Logger LOG = Logger.getLogger(RtmpCapture.class);
    /** Bytes of media held while the part file opens; beyond it messages are dropped (memory per session is bounded). */
    private static final long MAX_PENDING_BYTES = 16L * 1024 * 1024;
    /** Data messages (metadata, sample access) held before media arrives; older ones give way to newer. */
    private static final int MAX_PENDING_DATA = 8;

    private final Vertx vertx;
    private final CaptureEvents events;
    private final SessionTarget target;
    /** The booked end, moved when the running recording's end is edited. */
    private long endMillis;
    private final SessionSettings settings;
    private final OutboundPolicy outbound;
    private final PlayerSwfs swfs;
    private final ArrayDeque<RtmpMedia> pending = new ArrayDeque<>();
    private long pendingBytes;

    private RtmpUrl url;
    private RtmpClientOptions rtmpOptions;
    private SocketAddress address;
    /** Where the server asked to be reconnected to; checked and used by the next {@link #connect}. */
    private RtmpUrl redirect;
    private RtmpPlayer player;
    private FlvWriter writer;
    private FlvRecorder recorder;
    /** Whether {@link CaptureEvents#recordingBegan()} was said for the part. */
    private boolean began;
    private boolean opening;
    /** Whether the connection dropped after media was written, and no media has come since. */
    private boolean awaitingReturn;
    private boolean closed;

    RtmpCapture(Vertx vertx, CaptureEvents events, SessionTarget target, SessionSettings settings,
            OutboundPolicy outbound, PlayerSwfs swfs) {
        this.vertx = vertx;
        this.events = events;
        this.target = target;
        this.endMillis = target.endAt().toEpochMilli();
        this.settings = settings;
        this.outbound = outbound;
        this.swfs = swfs;
    }

    @Override
    public Future<Void> use(StreamSource stream) {
        String sourceLine = stream.line();
        return events.blocking(() -> {
            // the reservation's own options come last, so they win over what the address or the page carried
            RtmpSource source = RtmpSource.parse(target.rtmpOptions() == null ? sourceLine
                    : sourceLine + " " + target.rtmpOptions());
            InetAddress ip = outbound.resolve(source.url().host());
            return new Object[] {source, ip};
        }).map(resolved -> {
            RtmpSource source = (RtmpSource) resolved[0];
            url = source.url();
            rtmpOptions = source.applyTo(SessionOptions.rtmp(settings));
            address = SocketAddress.inetSocketAddress(url.port(), ((InetAddress) resolved[1]).getHostAddress());
            redirect = null;
            return null;
        });
    }

    /** The host of the stream last located, for the history ("Connecting to …"). */
    String host() {
        return url.host();
    }

    @Override
    public void connect() {
        if (redirect != null) {
            RtmpUrl next = redirect;
            redirect = null;
            events.blocking(() -> outbound.resolve(next.host())).onComplete(resolved -> {
                if (events.ending()) {
                    return;
                }
                if (resolved.failed()) {
                    events.problem(new IllegalArgumentException("the server asked to reconnect to " + next
                            + ", which is not allowed: " + RecordingSession.describe(resolved.cause())));
                    return;
                }
                url = next;
                address = SocketAddress.inetSocketAddress(next.port(), resolved.result().getHostAddress());
                connect();
            });
            return;
        }
        // the SWF hash is needed before connecting: a server asks for verification right after connect
        swfs.withSwfHash(rtmpOptions).onComplete(prepared -> {
            if (events.ending()) {
                return;
            }
            if (prepared.failed()) {
                events.problem(prepared.cause());
            } else {
                play(prepared.result());
            }
        });
    }

    /** Handlers go on play()'s own future: it completes before the first media, so the player is known by then. */
    private void play(RtmpClientOptions options) {
        RtmpPlayer.play(vertx, address, url, options, new Listener()).onComplete(ar -> {
            if (events.ending()) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
            } else if (ar.succeeded()) {
                player = ar.result();
                events.connected();
            } else {
                events.problem(ar.cause());
            }
        });
    }

    /** The first media of the session opens the part; the first media after a drop closes the gap. */
    private void onMedia(RtmpMedia media) {
        boolean audioOrVideo = media.typeId() != RtmpMedia.DATA;
        if (recorder == null) {
            hold(media);
            // Servers send data messages (|RtmpSampleAccess, metadata) before any stream exists: only audio
            // or video proves the stream is there and opens the part.
            if (!opening && audioOrVideo) {
                openPart();
            }
            return;
        }
        // Servers answer a play with data messages at once, stream or not: only audio or video ends the gap.
        if (awaitingReturn && audioOrVideo) {
            awaitingReturn = false;
            events.receiving();
        }
        feed(media);
    }

    private void openPart() {
        opening = true;
        if (player != null) {
            player.pause();
        }
        events.openPart("flv").compose(file -> {
            long bookedSeconds = (endMillis - System.currentTimeMillis()) / 1000;
            return FlvWriter.create(vertx, file, true, true, KeyframeIndex.capacityFor(bookedSeconds))
                    .map(this::start);
        }).onSuccess(started -> {
            if (!started) {
                return;
            }
            while (!pending.isEmpty()) {
                feed(pending.poll());
            }
            pendingBytes = 0;
            if (player != null && !recorder.writeQueueFull()) {
                player.resume();
            }
            events.receiving();
        }).onFailure(e -> {
            if (!events.ending()) {
                events.failed(RecordingSession.describe(e));
            }
        });
    }

    /** Starts writing into the new file; false when the session ended meanwhile (the file is closed again). */
    private boolean start(FlvWriter created) {
        if (events.ending() || closed) {
            created.close();
            return false;
        }
        writer = created;
        writer.exceptionHandler(e -> events.failed(RecordingSession.describeWrite(e)));
        recorder = new FlvRecorder(writer, target.startAt().toEpochMilli());
        recorder.stopAt(endMillis);
        recorder.backpressureHandler(full -> {
            if (player != null) {
                if (full) {
                    player.pause();
                } else {
                    player.resume();
                }
            }
        });
        return true;
    }

    /** Keeps a message until the part is open, within {@link #MAX_PENDING_BYTES} and {@link #MAX_PENDING_DATA}. */
    private void hold(RtmpMedia media) {
        if (media.typeId() == RtmpMedia.DATA
                && pending.stream().filter(m -> m.typeId() == RtmpMedia.DATA).count() >= MAX_PENDING_DATA) {
            RtmpMedia oldest = pending.stream().filter(m -> m.typeId() == RtmpMedia.DATA).findFirst().orElseThrow();
            pending.remove(oldest);
            pendingBytes -= oldest.payload().length();
        }
        if (pendingBytes + media.payload().length() > MAX_PENDING_BYTES) {
            LOG.warnf("Reservation %d: dropping a %d-byte message while the part file opens", target.reservationId(),
                    media.payload().length());
            return;
        }
        pending.add(media);
        pendingBytes += media.payload().length();
    }

    private void feed(RtmpMedia media) {
        recorder.accept(media.typeId(), media.timestamp(), media.payload(), System.currentTimeMillis());
        if (!began && recorder.started()) {
            began = true;
            events.recordingBegan();
        }
    }

    private final class Listener implements RtmpPlayListener {
        @Override
        public void onMedia(RtmpMedia media) {
            if (!events.ending()) {
                RtmpCapture.this.onMedia(media);
            }
        }

        @Override
        public void onEnd(RtmpFailure reason) {
            player = null;
            if (events.ending() || reason.kind() == RtmpFailure.Kind.CLOSED) {
                return;
            }
            if (reason.kind() == RtmpFailure.Kind.STOP_REACHED) {
                // the source's stop option: the recording is complete, not dropped
                events.ended(reason.getMessage() + "; the recording is complete.");
                return;
            }
            if (recorder != null && !awaitingReturn) {
                awaitingReturn = true;
                recorder.onReconnect();
            } else if (recorder == null && !opening) {
                pending.clear();
                pendingBytes = 0;
            }
            if (reason.kind() == RtmpFailure.Kind.RECONNECT_REQUESTED) {
                redirect = url.reconnectTo(reason.reconnectTcUrl());
                events.reconnectRequested(reason);
            } else {
                events.problem(reason);
            }
        }
    }

    @Override
    public RecordingProgress progress() {
        if (recorder == null) {
            return RecordingProgress.NONE;
        }
        RecorderSnapshot p = recorder.snapshot(System.currentTimeMillis());
        return new RecordingProgress(p.bytesWritten(), p.mediaDurationMillis(), p.bitsPerSecond(), p.videoCodec(),
                p.audioCodec());
    }

    @Override
    public boolean recorded() {
        return recorder != null && recorder.started();
    }

    /** Whether the part file is being opened (media has come, the file is not there yet). */
    boolean opening() {
        return opening && recorder == null;
    }

    @Override
    public Future<Void> close() {
        closed = true;
        if (player != null) {
            player.close();
            player = null;
        }
        if (writer == null) {
            return Future.succeededFuture();
        }
        FlvWriter closing = writer;
        writer = null;
        return closing.close().recover(e -> {
            if (RecordingStore.isFull(e)) {
                LOG.warnf("Reservation %d: the storage is full; the part file was cut after its last whole tag (%d bytes)",
                        target.reservationId(), closing.bytesWritten());
            } else {
                LOG.errorf(e, "Reservation %d: closing the part file failed", target.reservationId());
            }
            return Future.succeededFuture();
        });
    }

    @Override
    public void moveEnd(java.time.Instant endAt) {
        endMillis = endAt.toEpochMilli();
        if (recorder != null) {
            recorder.stopAt(endMillis);
        }
    }
}
