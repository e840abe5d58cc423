package dev.streamvcr.rtmp.message;

import dev.streamvcr.rtmp.WireIdTable;

/** RTMP message type ids (RTMP spec 5.4 protocol control, 6.2 user control, 7.1 command/data/media). */
public enum MessageType {
    SET_CHUNK_SIZE(1),
    ABORT(2),
    ACKNOWLEDGEMENT(3),
    USER_CONTROL(4),
    WINDOW_ACK_SIZE(5),
    SET_PEER_BANDWIDTH(6),
    AUDIO(8),
    VIDEO(9),
    AMF3_DATA(15),
    AMF3_SHARED_OBJECT(16),
    AMF3_COMMAND(17),
    AMF0_DATA(18),
    AMF0_SHARED_OBJECT(19),
    AMF0_COMMAND(20),
    AGGREGATE(22);

    private static final WireIdTable<MessageType> BY_ID = WireIdTable.of(values(), MessageType::id);

    private final int id;

    MessageType(int id) {
        this.id = id;
    }

    /** @return the type id as sent in the chunk message header */
    public int id() {
        return id;
    }

    /** @return the type with this id, or null for ids the spec does not define */
    public static MessageType fromId(int id) {
        return BY_ID.get(id);
    }
}
