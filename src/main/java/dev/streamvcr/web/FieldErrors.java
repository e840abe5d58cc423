package dev.streamvcr.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bad input a person can fix: one message per field. Thrown before anything changes; the API answers
 * 400 with the fields, pages show each message next to its field and keep what was typed.
 */
public final class FieldErrors extends RuntimeException {

    private final Map<String, String> fields;

    public FieldErrors(Map<String, String> fields) {
        super(summary(fields));
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static FieldErrors of(String field, String message) {
        return new FieldErrors(Map.of(field, message));
    }

    public Map<String, String> fields() {
        return fields;
    }

    private static String summary(Map<String, String> fields) {
        return fields.size() == 1 ? fields.values().iterator().next() : "Please correct the marked fields.";
    }

    /** Collects messages while validating; {@link #throwIfAny()} ends validation. */
    public static final class Builder {
        private final Map<String, String> fields = new LinkedHashMap<>();

        public Builder add(String field, String message) {
            fields.putIfAbsent(field, message);
            return this;
        }

        public boolean has(String field) {
            return fields.containsKey(field);
        }

        public void throwIfAny() {
            if (!fields.isEmpty()) {
                throw new FieldErrors(fields);
            }
        }
    }
}
