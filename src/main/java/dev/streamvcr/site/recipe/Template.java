package dev.streamvcr.site.recipe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text with {@code {name}} placeholders. {@code {name}} inserts the value made safe for where it stands (in a
 * URL: characters a URL cannot hold are percent-encoded, reserved ones kept; in a librtmp option: spaces and
 * backslashes escaped as {@code \20}, {@code \5c}); {@code {name:component}} percent-encodes everything but
 * unreserved characters (for one query value or path segment); {@code {name:raw}} inserts the value unchanged.
 * {@code {{} and {@code }}} stand for literal braces.
 */
public final class Template {

    /** Where the rendered text goes, which decides what the plain {@code {name}} form escapes. */
    public enum Context {
        URL, RTMP_OPTION
    }

    enum Mode {
        SAFE, COMPONENT, RAW
    }

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String name, Mode mode) implements Part {
    }

    /** Thrown for a template that cannot be read; the message says where. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    public static Template parse(String text) throws Invalid {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && text.startsWith("{{", i) || c == '}' && text.startsWith("}}", i)) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new Invalid("the '{' at position " + (i + 1) + " is never closed (write {{ for a literal brace)");
                }
                String inside = text.substring(i + 1, end);
                int colon = inside.indexOf(':');
                String name = colon < 0 ? inside : inside.substring(0, colon);
                String modifier = colon < 0 ? "" : inside.substring(colon + 1);
                if (!name.matches("[A-Za-z][A-Za-z0-9_.]*")) {
                    throw new Invalid("'{" + inside + "}' is not a placeholder: write {name}, {name:component} or {name:raw}");
                }
                Mode mode = switch (modifier) {
                    case "" -> Mode.SAFE;
                    case "component" -> Mode.COMPONENT;
                    case "raw" -> Mode.RAW;
                    default -> throw new Invalid("'{" + inside + "}': unknown form ':" + modifier
                            + "' (use :component or :raw)");
                };
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name, mode));
                i = end + 1;
            } else if (c == '}') {
                throw new Invalid("the '}' at position " + (i + 1) + " closes nothing (write }} for a literal brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(parts);
    }

    /** The names the placeholders refer to, in order of appearance. */
    public List<String> names() {
        return parts.stream().filter(p -> p instanceof Placeholder).map(p -> ((Placeholder) p).name()).toList();
    }

    /** The text with every placeholder replaced; every name must be in {@code values}. */
    public String render(Map<String, String> values, Context context) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Placeholder p) {
                String value = values.get(p.name());
                if (value == null) {
                    throw new IllegalArgumentException("no value for {" + p.name() + "}");
                }
                out.append(switch (p.mode()) {
                    case RAW -> value;
                    case COMPONENT -> percentEncode(value, false);
                    case SAFE -> context == Context.URL ? percentEncode(value, true) : escapeOption(value);
                });
            }
        }
        return out.toString();
    }

    /** RFC 3986 §2: keeps unreserved characters, and reserved ones (and '%') too when {@code keepReserved}. */
    static String percentEncode(String value, boolean keepReserved) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0;
            boolean reserved = c < 0x80 && ":/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
            if (unreserved || keepReserved && reserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** librtmp reads option values up to the next space; a space inside one is written {@code \20} (rtmpdump(1)). */
    static String escapeOption(String value) {
        return value.replace("\\", "\\5c").replace(" ", "\\20").replace("\t", "\\09").replace("\n", "\\0a");
    }
}
