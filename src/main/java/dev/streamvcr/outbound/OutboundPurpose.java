package dev.streamvcr.outbound;

import dev.streamvcr.config.StreamVcrConfig;
import java.util.List;
import java.util.Optional;

/**
 * Why a connection is made on a user's behalf; each purpose has its own list of internal ranges it may reach, so
 * allowing cameras on the LAN does not let every user make the server fetch pages there or post passwords there.
 */
public enum OutboundPurpose {
    /** RTMP and HLS streams and player SWFs: {@code STREAMVCR_OUTBOUND_STREAM_ALLOW}. */
    STREAMS("STREAMVCR_OUTBOUND_STREAM_ALLOW"),
    /** Pages read to find a stream, with or without a login's cookies: {@code STREAMVCR_OUTBOUND_PAGE_ALLOW}. */
    PAGES("STREAMVCR_OUTBOUND_PAGE_ALLOW"),
    /** Site login forms and the passwords posted to them: {@code STREAMVCR_OUTBOUND_LOGIN_ALLOW}. */
    LOGINS("STREAMVCR_OUTBOUND_LOGIN_ALLOW"),
    /** Notification webhooks a user set up: {@code STREAMVCR_OUTBOUND_WEBHOOK_ALLOW}. */
    WEBHOOKS("STREAMVCR_OUTBOUND_WEBHOOK_ALLOW");

    private final String setting;

    OutboundPurpose(String setting) {
        this.setting = setting;
    }

    /** The environment variable of this purpose's own list. */
    public String setting() {
        return setting;
    }

    /**
     * This purpose's own list when it is set ({@code none} meaning no range), else {@code STREAMVCR_OUTBOUND_ALLOW},
     * which every purpose shared before they had lists of their own.
     */
    List<String> allowList(StreamVcrConfig.Outbound config) {
        Optional<List<String>> own = switch (this) {
            case STREAMS -> config.streamAllow();
            case PAGES -> config.pageAllow();
            case LOGINS -> config.loginAllow();
            case WEBHOOKS -> config.webhookAllow();
        };
        List<String> list = own.or(config::allow).orElse(List.of());
        return list.stream().anyMatch(item -> item.strip().equalsIgnoreCase("none")) ? List.of() : list;
    }
}
