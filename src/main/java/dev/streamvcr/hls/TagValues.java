package dev.streamvcr.hls;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The value types of RFC 8216 §4.2 (and the tags' own values, which use the same types), each read by one routine
 * that checks the syntax itself before converting, so that no input costs more than one pass over it. Every routine
 * fails with a {@link PlaylistException} naming the line and {@code what} (a tag, or a tag and an attribute).
 */
final class TagValues {
    /** Whole seconds above this (about 31,700 years) are refused as durations: nothing real is that long. */
    static final long MAX_SECONDS = 999_999_999_999L;
    private static final int MAX_SECONDS_DIGITS = 12;
    private static final int MAX_DATE_LENGTH = 64;
    /**
     * §4.3.2.6 dates are ISO 8601 with a time zone: {@code +08:00} or {@code Z} as the RFC shows, also {@code +0800}
     * as some servers write it; one without a zone is taken as UTC, as players do.
     */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private TagValues() {
    }

    /** §4.2 decimal-integer: digits only, 0 to 2^63-1 here (a long). */
    static long decimalInteger(String text, String what, int line) {
        if (text.isEmpty() || !allDigits(text, 0, text.length())) {
            throw new PlaylistException(line, what + " needs a decimal integer, got '" + shown(text) + "'");
        }
        int start = skipZeros(text, 0, text.length());
        if (text.length() - start > 19) {
            throw new PlaylistException(line, what + " is too large: '" + shown(text) + "'");
        }
        try {
            return start == text.length() ? 0 : Long.parseLong(text, start, text.length(), 10);
        } catch (NumberFormatException tooLarge) {
            throw new PlaylistException(line, what + " is too large: '" + shown(text) + "'");
        }
    }

    /**
     * §4.2 decimal-floating-point (or a decimal-integer) as a length of time in seconds, exact to the nanosecond;
     * digits past the ninth decimal are dropped.
     */
    static Duration seconds(String text, String what, int line) {
        int dot = text.indexOf('.');
        int intEnd = dot < 0 ? text.length() : dot;
        boolean wellFormed = intEnd > 0 && allDigits(text, 0, intEnd)
                && (dot < 0 || dot + 1 < text.length() && allDigits(text, dot + 1, text.length()));
        if (!wellFormed) {
            throw new PlaylistException(line, what + " needs a number of seconds, got '" + shown(text) + "'");
        }
        int intStart = skipZeros(text, 0, intEnd);
        if (intEnd - intStart > MAX_SECONDS_DIGITS) {
            throw new PlaylistException(line, what + " is too large: '" + shown(text) + "' seconds");
        }
        long whole = intStart == intEnd ? 0 : Long.parseLong(text, intStart, intEnd, 10);
        long nanos = 0;
        if (dot >= 0) {
            int end = Math.min(text.length(), dot + 10);
            for (int i = dot + 1; i < dot + 10; i++) {
                nanos = nanos * 10 + (i < end ? text.charAt(i) - '0' : 0);
            }
        }
        return Duration.ofSeconds(whole, nanos);
    }

    /**
     * §4.2 decimal-floating-point, or signed-decimal-floating-point when {@code signed}: digits with at most one
     * point, no exponent (which {@link Double#parseDouble} alone would accept, with "NaN" and hex floats).
     */
    static double decimal(String text, boolean signed, String what, int line) {
        int from = signed && text.startsWith("-") ? 1 : 0;
        int dot = text.indexOf('.', from);
        int intEnd = dot < 0 ? text.length() : dot;
        boolean wellFormed = intEnd > from && allDigits(text, from, intEnd)
                && (dot < 0 || dot + 1 < text.length() && allDigits(text, dot + 1, text.length()));
        if (!wellFormed) {
            throw new PlaylistException(line, what + " needs " + (signed ? "a signed" : "a") + " decimal number, got '"
                    + shown(text) + "'");
        }
        return Double.parseDouble(text);
    }

    /** §4.2 hexadecimal-sequence: {@code 0x} or {@code 0X} and at least one hex digit. */
    static void checkHex(String text, String what, int line) {
        boolean wellFormed = text.length() > 2 && text.charAt(0) == '0'
                && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
        for (int i = 2; wellFormed && i < text.length(); i++) {
            wellFormed = Character.digit(text.charAt(i), 16) >= 0;
        }
        if (!wellFormed) {
            throw new PlaylistException(line, what + " needs a hexadecimal sequence (0x…), got '" + shown(text) + "'");
        }
    }

    /**
     * An IV (§4.3.2.4): a hexadecimal-sequence that "specifies a 128-bit unsigned integer". A shorter sequence is the
     * same integer with fewer digits, so it is padded with zeros on the left, as §5.2 pads a sequence number; one
     * whose value needs more than 128 bits is refused.
     *
     * @return the 16 bytes of the integer, big-endian
     */
    static byte[] iv(String text, String what, int line) {
        checkHex(text, what, line);
        int start = skipZeros(text, 2, text.length());
        int digits = text.length() - start;
        if (digits > 32) {
            throw new PlaylistException(line, what + " has more than 128 bits: '" + shown(text) + "'");
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < digits; i++) {
            int digit = Character.digit(text.charAt(text.length() - 1 - i), 16);
            iv[15 - i / 2] |= (byte) (i % 2 == 0 ? digit : digit << 4);
        }
        return iv;
    }

    /** §4.2 decimal-resolution: {@code <width>x<height>}, both decimal integers. */
    static int[] resolution(String text, String what, int line) {
        int x = text.indexOf('x');
        if (x > 0 && x < text.length() - 1 && x <= 10 && text.length() - x - 1 <= 10 && allDigits(text, 0, x)
                && allDigits(text, x + 1, text.length())) {
            long width = Long.parseLong(text, 0, x, 10);
            long height = Long.parseLong(text, x + 1, text.length(), 10);
            if (width <= Integer.MAX_VALUE && height <= Integer.MAX_VALUE) {
                return new int[] {(int) width, (int) height};
            }
        }
        throw new PlaylistException(line, what + " needs a resolution WIDTHxHEIGHT, got '" + shown(text) + "'");
    }

    /** An ISO 8601 date and time (§4.3.2.6). */
    static Instant dateTime(String text, String what, int line) {
        if (text.length() <= MAX_DATE_LENGTH) {
            try {
                TemporalAccessor parsed = DATE_TIME.parse(text);
                ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                        ? ZoneOffset.from(parsed) : ZoneOffset.UTC;
                return OffsetDateTime.of(LocalDateTime.from(parsed), offset).toInstant();
            } catch (DateTimeException malformed) {
                // reported below
            }
        }
        throw new PlaylistException(line, what + " needs an ISO 8601 date and time, got '" + shown(text) + "'");
    }

    /** An enumerated-string that must be YES or NO (§4.3.4.1 DEFAULT, AUTOSELECT, FORCED). */
    static boolean yesNo(String text, String what, int line) {
        return switch (text) {
            case "YES" -> true;
            case "NO" -> false;
            default -> throw new PlaylistException(line, what + " needs YES or NO, got '" + shown(text) + "'");
        };
    }

    /** @return {@code text} as shown in a message: at most 60 characters, so a long line makes a short message */
    static String shown(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "…";
    }

    private static boolean allDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int skipZeros(String text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) == '0') {
            i++;
        }
        return i;
    }
}
