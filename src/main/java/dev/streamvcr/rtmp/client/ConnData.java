package dev.streamvcr.rtmp.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * librtmp's {@code conn} values turned into the AMF0 values appended to {@code connect} (librtmp's parseAMF; rtmpdump
 * manual, "--conn"): {@code B:0|1} boolean, {@code N:1.5} number, {@code S:text} string, {@code Z:} null,
 * {@code O:1}/{@code O:0} begin/end an object; inside an object items are named by an N prefix:
 * {@code NB:name:1}, {@code NN:name:2}, {@code NS:name:text}, {@code NO:name:1} (a nested object). Objects left open
 * at the end are closed, as librtmp's encoder does.
 */
final class ConnData {
    private ConnData() {
    }

    /** @throws IllegalArgumentException naming the bad item, in words a user understands */
    static List<Object> build(List<String> items) {
        List<Object> top = new ArrayList<>();
        Deque<Map<String, Object>> open = new ArrayDeque<>();
        for (String item : items) {
            char type;
            String name = null;
            String data;
            if (item.length() >= 2 && item.charAt(1) == ':') {
                type = item.charAt(0);
                data = item.substring(2);
            } else if (item.length() >= 3 && item.charAt(0) == 'N' && item.charAt(2) == ':'
                    && item.indexOf(':', 3) > 3) {
                type = item.charAt(1);
                int colon = item.indexOf(':', 3);
                name = item.substring(3, colon);
                data = item.substring(colon + 1);
            } else {
                throw bad(item, "write type:data, e.g. S:text, N:1.5, B:1, Z:, O:1 … O:0, or NS:name:text inside "
                        + "an object");
            }
            if (type == 'O' && name == null && data.equals("0")) {
                if (open.isEmpty()) {
                    throw bad(item, "it closes an object, but no object is open (open one with conn=O:1)");
                }
                open.pop();
                continue;
            }
            if (name != null && open.isEmpty()) {
                throw bad(item, "named items belong inside an object: open one with conn=O:1 first");
            }
            if (name == null && !open.isEmpty()) {
                throw bad(item, "items inside an object need a name, e.g. conn=NS:name:text");
            }
            Object value = switch (type) {
                case 'B' -> switch (data) {
                    case "0" -> false;
                    case "1" -> true;
                    default -> throw bad(item, "a boolean is 0 (false) or 1 (true)");
                };
                case 'N' -> number(item, data);
                case 'S' -> data;
                case 'Z' -> {
                    if (name != null) {
                        throw bad(item, "null (Z) cannot be named");
                    }
                    yield null;
                }
                case 'O' -> {
                    if (!data.equals("1")) {
                        throw bad(item, "an object begins with O:1 (or NO:name:1) and ends with O:0");
                    }
                    yield new LinkedHashMap<String, Object>();
                }
                default -> throw bad(item, "'" + type + "' is not a type: use B, N, S, O or Z");
            };
            if (open.isEmpty()) {
                top.add(value);
            } else if (open.peek().containsKey(name)) {
                throw bad(item, "the object already has an item named '" + name + "'");
            } else {
                open.peek().put(name, value);
            }
            if (value instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) value;
                open.push(object);
            }
        }
        return top;
    }

    /** A decimal number such as 1, -2.5 or 1e3 (Java's suffixes d/f, hex, NaN and Infinity are refused). */
    private static Double number(String item, String data) {
        if (!data.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw bad(item, "'" + data + "' is not a number");
        }
        return Double.parseDouble(data);
    }

    private static IllegalArgumentException bad(String item, String why) {
        return new IllegalArgumentException("Option conn=" + item + " is not valid: " + why);
    }
}
