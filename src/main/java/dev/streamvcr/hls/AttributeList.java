package dev.streamvcr.hls;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tag's attribute list (RFC 8216 §4.2): comma-separated {@code NAME=value} pairs, where a value is either a
 * quoted-string (any characters but the double quote, commas included) or a bare token. Typed getters check each
 * value against its type and name the tag and attribute in their errors.
 *
 * <p>Tolerated, as players tolerate them: spaces around names and values, a trailing comma, names in lower case, a
 * bare value in quotes where an enumerated-string is expected. When a name appears twice the first value counts
 * (§4.2 forbids it; ExoPlayer reads the first).
 */
final class AttributeList {
    private final String tag;
    private final int line;
    private final Map<String, Value> values;

    private record Value(String text, boolean quoted) {
    }

    private AttributeList(String tag, int line, Map<String, Value> values) {
        this.tag = tag;
        this.line = line;
        this.values = values;
    }

    /** Splits {@code text}, the part of the tag line after the colon. */
    static AttributeList parse(String tag, String text, int line, int maxAttributes) {
        Map<String, Value> values = new LinkedHashMap<>();
        int at = 0;
        int length = text.length();
        while (true) {
            at = skipSpaces(text, at);
            if (at >= length) {
                break;
            }
            int equals = text.indexOf('=', at);
            int comma = text.indexOf(',', at);
            if (equals < 0 || (comma >= 0 && comma < equals) || text.substring(at, equals).isBlank()) {
                throw new PlaylistException(line, tag + " has a malformed attribute list at '"
                        + TagValues.shown(text.substring(at)) + "'");
            }
            String name = text.substring(at, equals).strip().toUpperCase(java.util.Locale.ROOT);
            at = skipSpaces(text, equals + 1);
            Value value;
            if (at < length && text.charAt(at) == '"') {
                int close = text.indexOf('"', at + 1);
                if (close < 0) {
                    throw new PlaylistException(line, tag + " " + name + " has no closing quote");
                }
                value = new Value(text.substring(at + 1, close), true);
                at = skipSpaces(text, close + 1);
                if (at < length && text.charAt(at) != ',') {
                    throw new PlaylistException(line, tag + " has a malformed attribute list at '"
                            + TagValues.shown(text.substring(at)) + "'");
                }
            } else {
                int end = comma < 0 ? length : comma;
                value = new Value(text.substring(at, end).strip(), false);
                at = end;
            }
            if (!values.containsKey(name) && values.size() == maxAttributes) {
                throw new PlaylistException(line, tag + " has more than " + maxAttributes
                        + " attributes, over the limit");
            }
            values.putIfAbsent(name, value);
            at++; // past the comma
        }
        return new AttributeList(tag, line, values);
    }

    private static int skipSpaces(String text, int at) {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** @return the quoted-string value of {@code name}, or null when absent */
    String quoted(String name) {
        Value value = values.get(name);
        if (value == null) {
            return null;
        }
        if (!value.quoted) {
            throw new PlaylistException(line, tag + " " + name + " needs a quoted string, got '"
                    + TagValues.shown(value.text) + "'");
        }
        return value.text;
    }

    /** @return the quoted-string value of {@code name}; its absence is an error */
    String requiredQuoted(String name) {
        return required(name, quoted(name));
    }

    /** @return the enumerated-string value of {@code name}, or null when absent */
    String enumerated(String name) {
        Value value = values.get(name);
        return value == null ? null : value.text;
    }

    String requiredEnumerated(String name) {
        return required(name, enumerated(name));
    }

    /** @return the decimal-integer value of {@code name}, or {@code absent} */
    long decimalInteger(String name, long absent) {
        Value value = bare(name);
        return value == null ? absent : TagValues.decimalInteger(value.text, what(name), line);
    }

    long requiredDecimalInteger(String name) {
        required(name, values.get(name));
        return decimalInteger(name, 0);
    }

    /** @return the decimal-floating-point value of {@code name}, or {@code absent} */
    double decimal(String name, double absent) {
        Value value = bare(name);
        return value == null ? absent : TagValues.decimal(value.text, false, what(name), line);
    }

    /** @return the signed-decimal-floating-point value of {@code name}, or {@code absent} */
    double signedDecimal(String name, double absent) {
        Value value = bare(name);
        return value == null ? absent : TagValues.decimal(value.text, true, what(name), line);
    }

    /** @return the decimal-floating-point value of {@code name} as a length of time in seconds, or null */
    Duration seconds(String name) {
        Value value = bare(name);
        return value == null ? null : TagValues.seconds(value.text, what(name), line);
    }

    /** @return whether {@code name} is present, after checking it is a hexadecimal-sequence */
    boolean hexPresent(String name) {
        Value value = bare(name);
        if (value != null) {
            TagValues.checkHex(value.text, what(name), line);
        }
        return value != null;
    }

    /** @return the 16-byte IV in {@code name}, or null when absent */
    byte[] iv(String name) {
        Value value = bare(name);
        return value == null ? null : TagValues.iv(value.text, what(name), line);
    }

    /** @return width and height from the decimal-resolution in {@code name}, or null when absent */
    int[] resolution(String name) {
        Value value = bare(name);
        return value == null ? null : TagValues.resolution(value.text, what(name), line);
    }

    /** @return the date in the quoted-string {@code name}, or null when absent */
    Instant dateTime(String name) {
        String text = quoted(name);
        return text == null ? null : TagValues.dateTime(text, what(name), line);
    }

    /** @return the YES/NO value of {@code name}, or {@code absent} */
    boolean yesNo(String name, boolean absent) {
        String text = enumerated(name);
        return text == null ? absent : TagValues.yesNo(text, what(name), line);
    }

    private Value bare(String name) {
        Value value = values.get(name);
        if (value != null && value.quoted) {
            throw new PlaylistException(line, what(name) + " must not be quoted, got '\""
                    + TagValues.shown(value.text) + "\"'");
        }
        return value;
    }

    private <T> T required(String name, T value) {
        if (value == null) {
            throw new PlaylistException(line, tag + " has no " + name);
        }
        return value;
    }

    private String what(String name) {
        return tag + " " + name;
    }
}
