package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.RtmpProtocolException;
import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import dev.streamvcr.rtmp.amf.TypedObject;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command message (RTMP spec 7.1.1, 7.2): name, transaction id, command object (null on the wire when absent)
 * and optional arguments, AMF0-encoded one after the other.
 */
public record Command(String name, double transactionId, Object commandObject, List<Object> args) {
    /** Transaction id of {@code connect}: "always set to 1" (spec 7.2.1.1). */
    public static final double CONNECT_TRANSACTION = 1;

    public Command {
        Objects.requireNonNull(name, "name");
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** spec 7.2.1.1, with librtmp's extra arguments ({@code auth}, {@code conn}) after the command object. */
    public static Command connect(ConnectParams params) {
        return new Command("connect", CONNECT_TRANSACTION, params.toCommandObject(), params.extraArguments());
    }

    /** spec 7.2.1.3; the reply's {@code _result} carries the new message stream id. */
    public static Command createStream(double transactionId) {
        return new Command("createStream", transactionId, null, List.of());
    }

    /**
     * spec 7.2.2.1; send it on the message stream returned by createStream. librtmp numbers it like any other
     * call ({@code ++m_numInvokes}).
     *
     * @param start      -2 live then recorded, -1 live only, ≥ 0 recorded from that millisecond; rtmpdump's live
     *                   mode sends -1000, which servers treat as "live"
     * @param durationMs play this many milliseconds, or a negative value to leave the argument out (play to the
     *                   end), as librtmp does without a stop position
     */
    public static Command play(double transactionId, String streamName, double start, double durationMs) {
        return new Command("play", transactionId, null, durationMs < 0 ? List.of(streamName, start)
                : List.of(streamName, start, durationMs));
    }

    /** librtmp's play of a whole stream with transaction id 0. */
    public static Command play(String streamName, double start) {
        return play(0, streamName, start, -1);
    }

    /** Subscribes to a live stream on edge servers (FMS/Akamai), as librtmp sends for live streams. */
    public static Command fcSubscribe(double transactionId, String streamName) {
        return new Command("FCSubscribe", transactionId, null, List.of(streamName));
    }

    /** librtmp's {@code set_playlist}: a playlist of the one stream, as an ECMA array {"0": name}, transaction 0. */
    public static Command setPlaylist(String streamName) {
        return new Command("set_playlist", 0, null, List.of(new EcmaArray(Map.of("0", streamName))));
    }

    /** The legacy Justin.tv servers' authentication call, as librtmp's {@code jtv} option sends it. */
    public static Command usherToken(double transactionId, String token) {
        return new Command("NetStream.Authenticate.UsherToken", transactionId, null, List.of(token));
    }

    /** spec 7.2.2.3; sent on message stream 0 with the stream id as argument. Transaction id 0. */
    public static Command deleteStream(int streamId) {
        return new Command("deleteStream", 0, null, List.of((double) streamId));
    }

    /**
     * The first property of this name anywhere in the command object or the arguments, depth first in wire order,
     * as librtmp's RTMP_FindFirstMatchingProperty looks up {@code secureToken}.
     */
    public Optional<Object> findProperty(String propertyName) {
        List<Object> values = new ArrayList<>();
        values.add(commandObject);
        values.addAll(args);
        return findIn(values, propertyName);
    }

    private static Optional<Object> findIn(Iterable<?> values, String propertyName) {
        for (Object value : values) {
            Map<?, ?> properties = value instanceof Map<?, ?> map ? map
                    : value instanceof EcmaArray array ? array.entries()
                    : value instanceof TypedObject typed ? typed.fields() : null;
            if (properties == null) {
                continue;
            }
            for (Map.Entry<?, ?> property : properties.entrySet()) {
                if (propertyName.equals(property.getKey())) {
                    return Optional.ofNullable(property.getValue());
                }
                Optional<Object> nested = findIn(List.of(Optional.ofNullable(property.getValue()).orElse("")),
                        propertyName);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }

    public boolean isResult() {
        return "_result".equals(name);
    }

    public boolean isError() {
        return "_error".equals(name);
    }

    public boolean isStatus() {
        return "onStatus".equals(name);
    }

    /** @return this command as an AMF0 command message (type 20) on the given message stream, timestamp 0 */
    public RtmpMessage toMessage(int messageStreamId) {
        Object[] values = new Object[3 + args.size()];
        values[0] = name;
        values[1] = transactionId;
        values[2] = commandObject;
        for (int i = 0; i < args.size(); i++) {
            values[3 + i] = args.get(i);
        }
        return new RtmpMessage(MessageType.AMF0_COMMAND, 0, messageStreamId, Amf0.encodeAll(values));
    }

    /**
     * Parses an AMF0 command (type 20) or an AMF3 command (type 17): AMF0 values after a format byte, any of them
     * possibly switching to AMF3 (see {@link Amf3Payload}).
     */
    public static Command from(RtmpMessage message) {
        List<Object> values;
        if (message.typeId() == MessageType.AMF3_COMMAND.id()) {
            values = Amf3Payload.values(message, "command");
        } else if (message.typeId() == MessageType.AMF0_COMMAND.id()) {
            values = Amf3Payload.decode(Unpooled.wrappedBuffer(message.payload()), "command");
        } else {
            throw new IllegalArgumentException("not a command message: " + message);
        }
        if (values.size() < 2 || !(values.get(0) instanceof String name) || !(values.get(1) instanceof Double tx)) {
            throw new RtmpProtocolException("RTMP: a command must start with a name and a transaction id, got "
                    + values.subList(0, Math.min(2, values.size())));
        }
        Object commandObject = values.size() > 2 ? values.get(2) : null;
        List<Object> args = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new Command(name, tx, commandObject, args);
    }

    @Override
    public String toString() {
        return "Command[" + name + ", tx=" + transactionId + ", object=" + commandObject + ", args="
                + Arrays.deepToString(args.toArray()) + "]";
    }
}
