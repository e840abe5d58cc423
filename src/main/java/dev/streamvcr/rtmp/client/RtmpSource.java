package dev.streamvcr.rtmp.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A stream source written as librtmp writes one (librtmp(3), "URL options"; rtmpdump {@code -i}): an
 * {@code rtmp://} or {@code rtmps://} URL, then space-separated {@code key=value} options, e.g.
 * {@code rtmp://host/app/stream app=live playpath=mp4:x conn=S:abc conn=NB:flag:1}. In values, {@code \} and two
 * hex digits stand for one byte ({@code \20} a space, {@code \5c} a backslash). Option names are matched without
 * regard to case, like librtmp; {@code conn} may repeat (order kept), other options repeated take the last value.
 *
 * <p>Besides librtmp's URL options it accepts rtmpdump's {@code auth}, {@code swfhash} and {@code swfsize},
 * {@code tlsVerify=0}, which turns off certificate checks for this one rtmps source, and {@code digestHandshake=1},
 * which offers the Flash Player 9 handshake without SWF verification (see
 * {@link RtmpClientOptions#digestHandshake()}).
 */
public final class RtmpSource {
    /** One option as written (name in its canonical spelling, value unescaped). */
    public record Option(String name, String value) {
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A supported option and what it does, for forms and help pages. */
    public record OptionHelp(String name, String description) {
    }

    public static final List<OptionHelp> SUPPORTED_OPTIONS = List.of(
            new OptionHelp("app", "Application to connect to, instead of the one in the URL"),
            new OptionHelp("playpath", "Stream to play, instead of the one in the URL (e.g. mp4:file.mp4)"),
            new OptionHelp("tcUrl", "URL sent as tcUrl in connect (default: the URL up to the application)"),
            new OptionHelp("pageUrl", "Web page the stream is embedded in"),
            new OptionHelp("swfUrl", "URL of the player SWF file"),
            new OptionHelp("flashVer", "Flash version sent in connect (default " + RtmpClientOptions.DEFAULT_FLASH_VER
                    + ")"),
            new OptionHelp("auth", "Authentication string appended to connect (after a Boolean true)"),
            new OptionHelp("conn", "AMF data appended to connect: B:1, N:1.5, S:text, Z:, O:1 … O:0, NS:name:text"),
            new OptionHelp("live", "1: the stream is live (play from now, no seeking); 0: recorded"),
            new OptionHelp("subscribe", "Stream name to FCSubscribe to (default: the play path, for live streams)"),
            new OptionHelp("start", "Start position in milliseconds (recorded streams)"),
            new OptionHelp("stop", "Stop position in milliseconds: the recording ends there"),
            new OptionHelp("buffer", "Buffer time in milliseconds sent to the server (default 36000000)"),
            new OptionHelp("timeout", "Seconds without audio or video before reconnecting"),
            new OptionHelp("token", "Key for the server's SecureToken challenge"),
            new OptionHelp("jtv", "Justin.tv (legacy) usher token"),
            new OptionHelp("playlist", "1: send set_playlist with the play path before play"),
            new OptionHelp("swfVfy", "1 or the SWF URL: answer SWF verification with the player's hash and size"),
            new OptionHelp("swfhash", "SHA-256 of the decompressed SWF player, 64 hex digits"),
            new OptionHelp("swfsize", "Size in bytes of the decompressed SWF player"),
            new OptionHelp("swfAge", "Days to use cached SWF information before fetching it again (default 30)"),
            new OptionHelp("tlsVerify", "0: do not check the rtmps server's certificate (default 1)"),
            new OptionHelp("digestHandshake", "1: use the Flash Player 9 handshake even without SWF verification, for"
                    + " servers that refuse the simple one (swfVfy and swfhash use it anyway)"));

    private static final List<String> BOOLEAN_TRUE = List.of("1", "true", "yes", "on");
    private static final List<String> BOOLEAN_FALSE = List.of("0", "false", "no", "off");

    private final String address;
    private final List<Option> options;
    private final RtmpUrl url;

    private RtmpSource(String address, List<Option> options) {
        this.address = address;
        this.options = Collections.unmodifiableList(new ArrayList<>(options));
        this.url = RtmpUrl.parse(address, last("app"), last("playpath"), last("tcUrl"));
        applyTo(RtmpClientOptions.defaults());
    }

    /** Options whose values are keys or passwords: shown to nobody once stored, written to no log. */
    public static final List<String> SECRET_OPTIONS = List.of("token", "auth", "jtv");

    private static final java.util.regex.Pattern SECRET_IN_TEXT =
            java.util.regex.Pattern.compile("(?<=^|\\s)(token|auth|jtv)=\\S+");

    /**
     * {@code text} (an address with its options, or a message quoting one) with the value of every secret option
     * replaced by {@code (stored)}: {@code rtmp://h/app/s token=abc live=1} → {@code rtmp://h/app/s token=(stored) live=1}.
     */
    public static String maskSecrets(String text) {
        return text == null ? null : SECRET_IN_TEXT.matcher(text).replaceAll("$1=(stored)");
    }

    /**
     * @throws IllegalArgumentException with a message naming the bad part, for the user
     */
    public static RtmpSource parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("RTMP URL is empty");
        }
        String text = line.strip();
        int space = text.indexOf(' ');
        String address = space < 0 ? text : text.substring(0, space);
        List<Option> options = space < 0 ? List.of() : parseOptions(text.substring(space + 1));
        return new RtmpSource(address, options);
    }

    /**
     * Reads options alone, as written after a URL: {@code name=value} words separated by spaces or line breaks. Names
     * are checked; values are checked when the options meet a URL ({@link #parse}).
     *
     * @throws IllegalArgumentException with a message naming the bad option, for the user
     */
    public static List<Option> parseOptions(String text) {
        List<Option> options = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return options;
        }
        for (String word : text.strip().split("\\s+")) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + word + "' is not an option: write name=value"
                        + " (a space inside a value is written \\20)");
            }
            String name = canonicalName(word.substring(0, equals));
            options.add(new Option(name, unescape(name, word.substring(equals + 1))));
        }
        return options;
    }

    /**
     * One option from a name in any letter case and a value as is (not escaped).
     *
     * @throws IllegalArgumentException when the name is not a supported option
     */
    public static Option option(String name, String value) {
        return new Option(canonicalName(name), value);
    }

    /** Options written as {@link #parseOptions} reads them, escaped, separated by single spaces. */
    public static String format(List<Option> options) {
        return options.stream().map(o -> o.name() + "=" + escape(o.value())).collect(Collectors.joining(" "));
    }

    /** The URL with the {@code app}, {@code playpath} and {@code tcUrl} options applied. */
    public RtmpUrl url() {
        return url;
    }

    public List<Option> options() {
        return options;
    }

    /** @return {@code base} with every option except app, playpath and tcUrl (see {@link #url()}) applied */
    public RtmpClientOptions applyTo(RtmpClientOptions base) {
        RtmpClientOptions result = base;
        boolean verifySwf = false;
        List<String> conn = new ArrayList<>();
        for (Option option : options) {
            String value = option.value();
            switch (option.name()) {
                case "app", "playpath", "tcUrl" -> { }
                case "pageUrl" -> result = result.withPageUrl(value);
                case "swfUrl" -> result = result.withSwfUrl(value);
                case "flashVer" -> result = result.withFlashVer(value);
                case "auth" -> result = result.withAuth(value);
                case "conn" -> conn.add(value);
                case "live" -> result = result.withLive(bool(option));
                case "subscribe" -> result = result.withSubscribe(value);
                case "start" -> result = result.withStartMs(number(option, 0xFFFF_FFFFL));
                case "stop" -> result = result.withStopMs(number(option, 0xFFFF_FFFFL));
                case "buffer" -> result = result.withBufferMs(number(option, 0xFFFF_FFFFL));
                case "timeout" -> {
                    long seconds = number(option, 86_400);
                    if (seconds == 0) {
                        throw new IllegalArgumentException("Option timeout must be at least 1 second");
                    }
                    result = result.withIdleTimeout(Duration.ofSeconds(seconds));
                }
                case "token" -> result = result.withToken(value);
                case "jtv" -> result = result.withUsherToken(value);
                case "playlist" -> result = result.withPlaylist(bool(option));
                case "swfVfy" -> {
                    if (BOOLEAN_TRUE.contains(value.toLowerCase(Locale.ROOT))) {
                        verifySwf = true;
                    } else if (BOOLEAN_FALSE.contains(value.toLowerCase(Locale.ROOT))) {
                        verifySwf = false;
                    } else {
                        result = result.withSwfVerifyUrl(value);
                    }
                }
                case "swfhash" -> result = result.withSwfHash(swfHash(value));
                case "swfsize" -> result = result.withSwfSize(number(option, 0xFFFF_FFFFL));
                case "swfAge" -> result = result.withSwfAgeDays((int) number(option, Integer.MAX_VALUE));
                case "tlsVerify" -> result = result.withTlsVerify(bool(option));
                case "digestHandshake" -> result = result.withDigestHandshake(bool(option));
                default -> throw new IllegalStateException("option " + option.name());
            }
        }
        if (verifySwf) {
            if (result.swfUrl() == null) {
                throw new IllegalArgumentException("Option swfVfy=1 needs the player's address: add swfUrl=… or "
                        + "write swfVfy=<SWF URL>");
            }
            result = result.withSwfVerifyUrl(result.swfUrl());
        }
        if ((result.swfHash() == null) != (result.swfSize() == 0) || (result.swfSize() > 0 && result.swfSize() < 8)) {
            throw new IllegalArgumentException("Options swfhash and swfsize go together: give both (the hash and the"
                    + " size, at least 8 bytes, of the decompressed SWF player), or write swfVfy=<SWF URL> to have"
                    + " them computed");
        }
        if (result.stopMs() > 0 && result.stopMs() <= result.startMs()) {
            throw new IllegalArgumentException("Option stop=" + result.stopMs() + " must be after start="
                    + result.startMs() + " (both are positions in milliseconds)");
        }
        return conn.isEmpty() ? result : result.withConnArguments(ConnData.build(conn));
    }

    /** The URL and the options, escaped so that {@link #parse} gives back an equal source. */
    public String line() {
        return options.isEmpty() ? address : address + " " + format(options);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RtmpSource that && address.equals(that.address) && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, options);
    }

    /** Leaves out option values, which may carry keys and tokens. */
    @Override
    public String toString() {
        return url + options.stream().map(o -> " " + o.name() + "=…").collect(Collectors.joining());
    }

    private String last(String name) {
        String value = null;
        for (Option option : options) {
            if (option.name().equals(name)) {
                value = option.value();
            }
        }
        return value;
    }

    private static String canonicalName(String written) {
        for (OptionHelp help : SUPPORTED_OPTIONS) {
            if (help.name().equalsIgnoreCase(written)) {
                return help.name();
            }
        }
        throw new IllegalArgumentException("Unknown option '" + written + "'. Supported options: "
                + SUPPORTED_OPTIONS.stream().map(OptionHelp::name).collect(Collectors.joining(", ")));
    }

    private static boolean bool(Option option) {
        String value = option.value().toLowerCase(Locale.ROOT);
        if (BOOLEAN_TRUE.contains(value)) {
            return true;
        }
        if (BOOLEAN_FALSE.contains(value)) {
            return false;
        }
        throw new IllegalArgumentException("Option " + option.name() + "=" + option.value()
                + " is not valid: write 1 (yes) or 0 (no)");
    }

    private static long number(Option option, long max) {
        String value = option.value();
        if (!value.isEmpty() && value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long number = Long.parseLong(value);
            if (number <= max) {
                return number;
            }
        }
        throw new IllegalArgumentException("Option " + option.name() + "=" + value + " is not valid: write a whole "
                + "number from 0 to " + max);
    }

    private static byte[] swfHash(String value) {
        if (value.length() != 64 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("Option swfhash must be 64 hex digits (the SHA-256 of the "
                    + "decompressed SWF file), got " + value.length() + " characters");
        }
        return HexFormat.of().parseHex(value);
    }

    /** librtmp's RTMP_SetupURL unescaping: backslash and two hex digits are one byte; the bytes are UTF-8. */
    private static String unescape(String name, String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("Option " + name + " has no value: write " + name + "=value");
        }
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (low < 0) {
                throw new IllegalArgumentException("Option " + name + " has a bad escape at '"
                        + raw.substring(i, Math.min(raw.length(), i + 3)) + "': a backslash must be followed by two "
                        + "hex digits, e.g. \\20 for a space or \\5c for a backslash");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Option " + name + " has escapes that are not valid UTF-8 text");
        }
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c <= ' ' || c == '\\' || c == 0x7F) {
                out.append('\\').append(String.format("%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
