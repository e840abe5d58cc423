package dev.streamvcr.site;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Settings of the site plugins ({@code streamvcr.sites.*}, env {@code STREAMVCR_SITES_*}). */
@ConfigMapping(prefix = "streamvcr.sites")
public interface SiteConfig {

    AmfChannel amfChannel();

    PlayerStatus playerStatus();

    interface AmfChannel {
        /**
         * Host names whose {@code /channel/<name>} pages load their stream from an AMF document (comma-separated;
         * env {@code STREAMVCR_SITES_AMF_CHANNEL_HOSTS}). None by default.
         */
        Optional<List<String>> hosts();
    }

    interface PlayerStatus {
        /**
         * Host names whose {@code /watch/lv<number>} broadcast pages describe their stream in a getplayerstatus XML
         * document, the way Niconico Live's did (comma-separated; env {@code STREAMVCR_SITES_PLAYER_STATUS_HOSTS}).
         * None by default.
         */
        Optional<List<String>> hosts();
    }
}
