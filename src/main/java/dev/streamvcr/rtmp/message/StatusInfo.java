package dev.streamvcr.rtmp.message;

import java.util.Map;
import java.util.Optional;

/**
 * The information object of {@code onStatus}, {@code _result} and {@code _error} (RTMP spec 7.2.2): level
 * ({@code status}, {@code warning}, {@code error}), a code such as {@code NetStream.Play.Start}, and an optional
 * human description. A NetConnection.Connect.ReconnectRequest (E-RTMP v2 "Reconnect Request") may carry the
 * {@code tcUrl} to reconnect to.
 *
 * @param tcUrl the {@code tcUrl} property, or empty when absent
 */
public record StatusInfo(String level, String code, String description, String tcUrl) {
    public StatusInfo(String level, String code, String description) {
        this(level, code, description, "");
    }

    public boolean isError() {
        return "error".equals(level);
    }

    /**
     * @return the first argument of the command read as an information object, if it is one. Some servers put it
     *         in the command object instead; that is used when the first argument is not an object.
     */
    public static Optional<StatusInfo> of(Command command) {
        Object candidate = command.args().isEmpty() ? null : command.args().get(0);
        if (!(candidate instanceof Map<?, ?>)) {
            candidate = command.commandObject();
        }
        if (candidate instanceof Map<?, ?> info && info.get("code") instanceof String code) {
            return Optional.of(new StatusInfo(text(info.get("level")), code, text(info.get("description")),
                    text(info.get("tcUrl"))));
        }
        return Optional.empty();
    }

    private static String text(Object value) {
        return value instanceof String string ? string : "";
    }
}
