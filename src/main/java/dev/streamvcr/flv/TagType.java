package dev.streamvcr.flv;

/**
 * The three FLV tag types (FLV spec E.4.1, TagType). FLV took its ids from the RTMP message types of the same
 * content (audio 8, video 9, AMF0 data 18), so an RTMP message's type id is also its tag's.
 */
public enum TagType {
    AUDIO(8),
    VIDEO(9),
    SCRIPT_DATA(18);

    private static final TagType[] BY_ID = new TagType[32];

    static {
        for (TagType type : values()) {
            if (BY_ID[type.id] != null) {
                throw new ExceptionInInitializerError("two tag types share id " + type.id);
            }
            BY_ID[type.id] = type;
        }
    }

    /** The wire id, which is also the RTMP message type id of the same content. */
    public final int id;

    TagType(int id) {
        this.id = id;
    }

    /** The type with this id, or {@code null} if FLV defines none. */
    public static TagType ofId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
