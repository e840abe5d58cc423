package dev.streamvcr.flv;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides what of a live stream goes into an FLV file, and with which timestamps, for one booked
 * window. It sits between an RTMP play session (or several consecutive ones for the same stream)
 * and a {@link TagSink}, normally an {@link FlvWriter}.
 *
 * <ul>
 *   <li>The file starts at the booked start, with the group of pictures running then: the buffered
 *       keyframe that opened it, when it arrived at most {@code toleranceMillis} before the start
 *       (by default {@value #DEFAULT_TOLERANCE_MILLIS} ms, longer than any usual group), so the
 *       first booked second is in the file and writing begins with the first message at or after
 *       the start. Without one (the stream came late, or a group longer than the tolerance), it
 *       starts with the next keyframe (for audio-only streams, the first audio frame after the start).
 *   <li>It begins with {@code onMetaData} (the stream's first one, or a minimal one), the video
 *       then audio sequence headers at timestamp 0, then the media at 0: the audio that arrived after
 *       the start while the keyframe was still to come ({@link AudioLeadIn}), then the keyframe; video
 *       never begins before a keyframe. A stream that announces video but sends no keyframe within
 *       {@link AudioLeadIn#MAX_SPAN_MILLIS} is recorded from its audio; video joins at a keyframe. Frames of codecs that need a sequence header (H.264, H.265,
 *       AAC, FLAC) are never written before one of the same codec has arrived: a keyframe without its
 *       configuration is not a starting point.
 *   <li>Timestamps are extended across 32-bit wrap-around and rebased to 0; each track is
 *       monotonic and audio keeps its offset to video ({@link Timeline}).
 *       After {@link #onReconnect()} the next connection continues one frame after the last
 *       written timestamp, from its first decodable keyframe (audio waits for it too), writing the
 *       new connection's sequence headers first if they differ from the ones in the file; nothing
 *       that depends on frames of the broken connection is written.
 *   <li>Tags arriving at or after the end set by {@link #stopAt(long)} are dropped.
 * </ul>
 *
 * <p>Threading: not thread-safe; make every call on the Vert.x context that owns the sink.
 * Arrival times are passed in by the caller (wall-clock milliseconds), which keeps the class
 * deterministic under test.
 */
public final class FlvRecorder {

    /**
     * Default distance before the booked start within which a buffered keyframe is used: the recording then holds
     * every frame from the booked start on, and up to one group of pictures before it.
     */
    public static final long DEFAULT_TOLERANCE_MILLIS = 10_000;
    /** Default bound on the buffered group of pictures before the start. */
    public static final int DEFAULT_MAX_GOP_BYTES = 16 * 1024 * 1024;
    private static final long BITRATE_WINDOW_MILLIS = 5000;
    private static final String VIDEO_CODEC_ID = "videocodecid";

    /** Where the recorder is in its life. */
    public enum State {
        /** Before the booked start: keeping the current group of pictures. */
        WAITING_FOR_START,
        /** Started or reconnected; waiting for a keyframe (or audio, for audio-only streams). */
        WAITING_FOR_KEYFRAME,
        /** Writing every tag. */
        RECORDING,
        /** Past the end; everything is dropped. */
        ENDED
    }

    private final TagSink sink;
    private final long startMillis;
    private final long toleranceMillis;
    private final GopBuffer gop;
    private final AudioLeadIn leadIn;
    private final Timeline timeline = new Timeline();
    private final BitrateMeter bitrate = new BitrateMeter(BITRATE_WINDOW_MILLIS, 10);
    private final List<StreamGap> gaps = new ArrayList<>();

    private State state = State.WAITING_FOR_START;
    private long endMillis = Long.MAX_VALUE;
    private Map<String, Object> metadata;
    private boolean videoSeen;
    /** Whether this connection's video has reached the file (from a keyframe). */
    private boolean videoStarted;
    /** Latest codec configuration by {@link MediaHeader#configSlot()}, in order of first arrival. */
    private final Map<String, Config> configs = new LinkedHashMap<>();
    private final Map<String, Buffer> writtenConfigs = new HashMap<>();
    /** Codecs of each media type whose configuration has arrived (several with multitrack). */
    private final Map<TagType, Set<String>> configuredCodecs = new EnumMap<>(TagType.class);
    private boolean fileStarted;
    private long lastWrittenArrival = -1;
    private long gapStart = -1;
    private String videoCodec;
    private String audioCodec;
    private long videoFrames;
    private long audioFrames;
    private boolean paused;
    private Handler<Boolean> backpressureHandler;

    public FlvRecorder(TagSink sink, long startMillis) {
        this(sink, startMillis, DEFAULT_TOLERANCE_MILLIS, DEFAULT_MAX_GOP_BYTES);
    }

    /**
     * @param startMillis booked start, wall-clock milliseconds
     * @param toleranceMillis how long before the start a buffered keyframe may have arrived
     * @param maxGopBytes bound on the media kept before the start
     */
    public FlvRecorder(TagSink sink, long startMillis, long toleranceMillis, int maxGopBytes) {
        this.sink = sink;
        this.startMillis = startMillis;
        this.toleranceMillis = toleranceMillis;
        this.gop = new GopBuffer(maxGopBytes);
        this.leadIn = new AudioLeadIn(maxGopBytes);
    }

    /** Sets (or moves) the booked end: tags arriving at or after it are not written. */
    public void stopAt(long endMillis) {
        this.endMillis = endMillis;
    }

    /**
     * Ends the recording now: every later message is dropped. Call it before closing the sink
     * (for a cancellation, or when the booked end's timer fires before any late tag arrives).
     */
    public void stop() {
        state = State.ENDED;
        gop.clear();
        leadIn.clear();
    }

    /**
     * Handles one message of the play session. Types other than 8 (audio), 9 (video) and 18
     * (AMF0 data) are ignored. The payload is copied where it is kept, so the caller may reuse it.
     *
     * @param wireTimestamp the message's 32-bit RTMP timestamp in milliseconds
     * @param arrivalMillis when the message arrived, wall-clock milliseconds
     */
    public void accept(int typeId, long wireTimestamp, Buffer payload, long arrivalMillis) {
        TagType type = TagType.ofId(typeId);
        if (type == null || state == State.ENDED) {
            return;
        }
        if (arrivalMillis >= endMillis) {
            stop();
            return;
        }
        if (type == TagType.SCRIPT_DATA) {
            if (metadata == null) {
                metadata = ScriptData.onMetaData(payload);
            }
            return;
        }
        MediaHeader header = MediaHeader.parse(type, payload);
        noteCodec(header);
        if (header.sequenceHeader()) {
            // Kept aside rather than written: the file needs the latest one before the next frame.
            configs.put(header.configSlot(), new Config(type, payload.copy()));
            if (header.codec() != null) {
                configuredCodecs.computeIfAbsent(type, t -> new HashSet<>()).add(header.codec());
            }
            return;
        }
        boolean decodable = decodable(header);
        boolean keyframe = header.keyframe() && decodable;
        if (timeline.discontinuity(wireTimestamp, arrivalMillis)) {
            startNewTimeline();
        }
        long extended = timeline.extend(wireTimestamp, arrivalMillis);
        if (state == State.WAITING_FOR_START && arrivalMillis >= startMillis) {
            arm();
        }
        switch (state) {
            case WAITING_FOR_START -> {
                if (keyframe) {
                    gop.startWith(new GopBuffer.Entry(type, extended, payload.copy(), arrivalMillis));
                } else if (!gop.isEmpty()) {
                    gop.add(new GopBuffer.Entry(type, extended, payload.copy(), arrivalMillis));
                }
            }
            case WAITING_FOR_KEYFRAME -> {
                if (keyframe || (type == TagType.AUDIO && decodable && audioOnly())) {
                    state = State.RECORDING;
                    videoStarted |= keyframe;
                    writeAll(leadIn.takeBefore(extended));
                    write(type, extended, payload, arrivalMillis);
                    writeAll(leadIn.takeAll());
                } else if (type == TagType.AUDIO && decodable && !fileStarted) {
                    leadIn.add(new GopBuffer.Entry(type, extended, payload.copy(), arrivalMillis));
                    if (leadIn.full()) {
                        // A stream that announces video but sends none: record its sound; video joins at a keyframe.
                        state = State.RECORDING;
                        writeAll(leadIn.takeAll());
                    }
                }
            }
            case RECORDING -> {
                if (type == TagType.VIDEO && !videoStarted && !keyframe) {
                    // Video joining an audio-only start begins at a keyframe, like the file's.
                    return;
                }
                videoStarted |= keyframe;
                if (decodable) {
                    write(type, extended, payload, arrivalMillis);
                } else if (type == TagType.VIDEO) {
                    // The codec changed without a sequence header: nothing until a keyframe that can be decoded.
                    state = State.WAITING_FOR_KEYFRAME;
                }
            }
            default -> throw new IllegalStateException("unexpected state " + state);
        }
    }

    /**
     * The previous connection is gone and the next messages come from a new one to the same
     * stream (whose timestamps may restart anywhere).
     */
    public void onReconnect() {
        startNewTimeline();
    }

    /**
     * Called with {@code true} when the sink's queue is full (pause the source) and with
     * {@code false} once it drained (resume it).
     */
    public void backpressureHandler(Handler<Boolean> handler) {
        this.backpressureHandler = handler;
    }

    /** Whether the sink's queue is full right now. */
    public boolean writeQueueFull() {
        return sink.writeQueueFull();
    }

    public State state() {
        return state;
    }

    /** Whether anything has been written beyond the file header. */
    public boolean started() {
        return fileStarted;
    }

    /** What has been written so far; {@code nowMillis} is the clock of the bitrate window. */
    public RecorderSnapshot snapshot(long nowMillis) {
        return new RecorderSnapshot(state, sink.bytesWritten(), Math.max(timeline.lastWritten(), 0),
                bitrate.bitsPerSecond(nowMillis), videoCodec, audioCodec, videoFrames, audioFrames,
                List.copyOf(gaps), gapStart);
    }

    private void arm() {
        if (!gop.isEmpty() && startMillis - gop.keyframeArrival() <= toleranceMillis) {
            state = State.RECORDING;
            videoStarted = true; // a group of pictures opens with its keyframe
            writeAll(gop.drain());
        } else {
            gop.clear();
            state = State.WAITING_FOR_KEYFRAME;
        }
    }

    private void writeAll(List<GopBuffer.Entry> entries) {
        for (GopBuffer.Entry entry : entries) {
            write(entry.type(), entry.extendedTimestamp(), entry.payload(), entry.arrivalMillis());
        }
    }

    private void startNewTimeline() {
        timeline.newConnection();
        gop.clear();
        leadIn.clear();
        videoStarted = false;
        switch (state) {
            case WAITING_FOR_START, WAITING_FOR_KEYFRAME, ENDED -> {
            }
            case RECORDING -> {
                state = State.WAITING_FOR_KEYFRAME;
                gapStart = lastWrittenArrival;
            }
            default -> throw new IllegalStateException("unexpected state " + state);
        }
    }

    /**
     * Whether a frame can be decoded from what the file will hold: codecs that need a sequence header
     * (H.264, H.265, AAC, FLAC) only once one of the same codec has arrived. This keeps a file (and the
     * part after a reconnect, whose server may switch codecs) from starting with frames no decoder can use.
     */
    private boolean decodable(MediaHeader header) {
        if (!header.needsSequenceHeader()) {
            return true;
        }
        return configuredCodecs.getOrDefault(header.type(), Set.of()).contains(header.codec());
    }

    private boolean audioOnly() {
        return !videoSeen && (metadata == null || !metadata.containsKey(VIDEO_CODEC_ID));
    }

    private void write(TagType type, long extendedTimestamp, Buffer payload, long arrivalMillis) {
        long timestamp = timeline.place(type, extendedTimestamp);
        if (!fileStarted) {
            fileStarted = true;
            sink.writeMetadata(metadata != null ? metadata : Map.of());
            writeSequenceHeaderIfChanged(TagType.VIDEO, timestamp, arrivalMillis);
            writeSequenceHeaderIfChanged(TagType.AUDIO, timestamp, arrivalMillis);
        } else {
            writeSequenceHeaderIfChanged(type, timestamp, arrivalMillis);
        }
        writeTag(type, timestamp, payload, arrivalMillis);
        if (type == TagType.VIDEO) {
            videoFrames++;
        } else {
            audioFrames++;
        }
        if (gapStart >= 0) {
            gaps.add(new StreamGap(gapStart, arrivalMillis - gapStart));
            gapStart = -1;
        }
        lastWrittenArrival = arrivalMillis;
        checkBackpressure();
    }

    /** Writes every configuration of {@code type} (all tracks) that is new or changed since last written. */
    private void writeSequenceHeaderIfChanged(TagType type, long timestamp, long arrivalMillis) {
        for (Map.Entry<String, Config> config : configs.entrySet()) {
            Buffer latest = config.getValue().payload();
            if (config.getValue().type() == type && !latest.equals(writtenConfigs.get(config.getKey()))) {
                writeTag(type, timestamp, latest, arrivalMillis);
                writtenConfigs.put(config.getKey(), latest);
            }
        }
    }

    private void writeTag(TagType type, long timestamp, Buffer payload, long arrivalMillis) {
        sink.writeTag(type.id, timestamp, payload);
        bitrate.record(arrivalMillis, FlvFormat.TAG_HEADER_SIZE + payload.length() + FlvFormat.PREVIOUS_TAG_SIZE_SIZE);
    }

    private record Config(TagType type, Buffer payload) {
    }

    private void noteCodec(MediaHeader header) {
        if (header.codec() == null) {
            return;
        }
        if (header.type() == TagType.VIDEO) {
            videoSeen = true;
            videoCodec = header.codec();
        } else {
            audioCodec = header.codec();
        }
    }

    private void checkBackpressure() {
        if (paused || !sink.writeQueueFull()) {
            return;
        }
        paused = true;
        notifyBackpressure(true);
        sink.drainHandler(drained -> {
            paused = false;
            notifyBackpressure(false);
        });
    }

    private void notifyBackpressure(boolean full) {
        if (backpressureHandler != null) {
            backpressureHandler.handle(full);
        }
    }
}
