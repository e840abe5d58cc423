package dev.streamvcr.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a notification tells about; a channel chooses which of these it gets. The name is its wire form. */
public enum NoticeKind {
    /** The login to a reservation's site failed at the check before its start. */
    LOGIN_WARNING("Login warning before a start"),
    /** A recording began receiving the stream. */
    STARTED("Recording started"),
    /** The stream dropped during a recording; the session is reconnecting, so the recording has a gap. */
    GAP("Gap in a recording"),
    /** A reservation failed or its start was missed. */
    FAILED("Recording failed"),
    /** A recording ended as booked or was stopped, keeping what it recorded. */
    COMPLETED("Recording completed"),
    /**
     * A watched channel went live. Fired by a channel watch through
     * {@link NotificationOutbox#publish(Notice)} with {@link Notice#channelLive}; nothing fires it yet.
     */
    CHANNEL_LIVE("Channel went live"),
    /** The "Send test" of one channel; never chosen, always sent. */
    TEST("Test");

    /** The events a person can choose, in the order pages list them. */
    public static final List<NoticeKind> CHOOSABLE = Arrays.stream(values()).filter(k -> k != TEST).toList();

    private final String label;

    NoticeKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The name in JSON and forms: {@code login-warning}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The choosable kind named {@code wire}, in any case, with dashes or underscores. */
    public static Optional<NoticeKind> fromWire(String wire) {
        if (wire == null) {
            return Optional.empty();
        }
        String name = wire.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return CHOOSABLE.stream().filter(k -> k.name().equals(name)).findFirst();
    }
}
