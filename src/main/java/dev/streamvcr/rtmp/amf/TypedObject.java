package dev.streamvcr.rtmp.amf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An AMF0 typed object (AMF0 spec 2.18): an object with a registered class name. Fields keep their order. */
public record TypedObject(String className, Map<String, Object> fields) {
    public TypedObject {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
