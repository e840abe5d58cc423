package dev.streamvcr.rtmp.amf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An AMF0 ECMA array (AMF0 spec 2.10): an associative array, as used by FLV {@code onMetaData}. Entries keep their
 * order; values may be null.
 */
public record EcmaArray(Map<String, Object> entries) {
    public EcmaArray {
        Objects.requireNonNull(entries, "entries");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
