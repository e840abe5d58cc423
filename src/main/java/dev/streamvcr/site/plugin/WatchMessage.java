package dev.streamvcr.site.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One message of a watch session, the JSON text messages Niconico Live's player exchanges over its WebSocket:
 * {@code {"type": "<type>", "data": {…}}}. Types this client does not know ({@code room}, {@code statistics},
 * {@code serverTime}, …) read as {@link Type#OTHER} and are ignored.
 *
 * @param data the {@code data} object, or a missing node
 */
record WatchMessage(Type type, JsonNode data) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The message types, by their name on the wire. */
    enum Type {
        /** Client: asks for a seat and the stream. */
        START_WATCHING("startWatching"),
        /** Server: the seat is ours; {@code keepIntervalSec} says how often to keep it. */
        SEAT("seat"),
        /** Server: the stream's address ({@code uri}) and the cookies it needs ({@code cookies}). */
        STREAM("stream"),
        /** Server: must be answered with {@link #PONG}. */
        PING("ping"),
        /** Client: the answer to {@link #PING}. */
        PONG("pong"),
        /** Client: keeps the seat, every {@code keepIntervalSec}. */
        KEEP_SEAT("keepSeat"),
        /** Server: the session ends; {@code reason} says why. */
        DISCONNECT("disconnect"),
        /** Server: a request failed; {@code code} says why. */
        ERROR("error"),
        /** Any type not named here. */
        OTHER(null);

        private static final Map<String, Type> BY_WIRE = Arrays.stream(values()).filter(t -> t.wire != null)
                .collect(Collectors.toMap(t -> t.wire, Function.identity())); // a duplicate name fails here

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        static Type ofWire(String name) {
            return BY_WIRE.getOrDefault(name, OTHER);
        }
    }

    /**
     * Reads one text message.
     *
     * @throws IllegalArgumentException when it is not a JSON object with a string {@code type}
     */
    static WatchMessage parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a watch session message is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("type").isTextual()) {
            throw new IllegalArgumentException("a watch session message has no type");
        }
        JsonNode data = root.get("data");
        return new WatchMessage(Type.ofWire(root.get("type").asText()), data == null ? MissingNode.getInstance() : data);
    }

    /** The {@code data} field {@code name} as text, or an empty string. */
    String text(String name) {
        JsonNode value = data.path(name);
        return value.isValueNode() ? value.asText() : "";
    }

    /** {@code startWatching} for an HLS stream, as the player asks for it (no comments: nothing reads them here). */
    static String startWatching() {
        ObjectNode message = JSON.createObjectNode().put("type", Type.START_WATCHING.wire);
        ObjectNode data = message.putObject("data");
        data.putObject("stream").put("quality", "abr").put("protocol", "hls").put("latency", "low")
                .put("chasePlay", false);
        data.putObject("room").put("protocol", "webSocket").put("commentable", false);
        data.put("reconnect", false);
        return message.toString();
    }

    static String pong() {
        return JSON.createObjectNode().put("type", Type.PONG.wire).toString();
    }

    static String keepSeat() {
        return JSON.createObjectNode().put("type", Type.KEEP_SEAT.wire).toString();
    }
}
