package dev.streamvcr.flv;

import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/** Reading the {@code onMetaData} script data message (FLV spec E.4.4.2). */
public final class ScriptData {

    /** Prefix a publisher puts before {@code onMetaData}; some servers relay it unchanged. */
    static final String SET_DATA_FRAME = "@setDataFrame";

    private ScriptData() {
    }

    /**
     * The entries of an {@code onMetaData} message (an ECMA array or an object), with an optional
     * leading {@code @setDataFrame} skipped; {@code null} if the body is some other script data
     * or is not valid AMF0.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> onMetaData(Buffer body) {
        List<Object> values;
        try {
            values = Amf0.decodeAll(body.getBytes());
        } catch (RuntimeException malformed) {
            return null;
        }
        int name = !values.isEmpty() && SET_DATA_FRAME.equals(values.get(0)) ? 1 : 0;
        if (values.size() < name + 2 || !FlvWriter.ON_METADATA.equals(values.get(name))) {
            return null;
        }
        Object entries = values.get(name + 1);
        if (entries instanceof EcmaArray array) {
            return array.entries();
        }
        if (entries instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        return null;
    }
}
