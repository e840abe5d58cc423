package dev.streamvcr.reservation;

import dev.streamvcr.hls.MasterPlaylist;
import dev.streamvcr.hls.MediaPlaylist;
import dev.streamvcr.hls.MediaSegment;
import dev.streamvcr.hls.Playlist;
import dev.streamvcr.hls.PlaylistException;
import dev.streamvcr.hls.PlaylistLimits;
import dev.streamvcr.hls.PlaylistParser;
import dev.streamvcr.hls.SegmentKey;
import dev.streamvcr.hls.VariantChoice;
import dev.streamvcr.outbound.OutboundFailure;
import dev.streamvcr.outbound.OutboundHttpClient;
import dev.streamvcr.outbound.OutboundRequest;
import dev.streamvcr.outbound.OutboundResponse;
import dev.streamvcr.site.StreamAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Looks at an HLS stream when it is booked, for what would make its recording fail for sure: DRM (SAMPLE-AES, or a
 * key format other than identity), which no recorder can decrypt. Anything else (the playlist is not there yet, the
 * host does not answer) says nothing now: the stream may well be up at the start. Blocking.
 */
@ApplicationScoped
public class HlsBookingCheck {

    private static final Logger LOG = Logger.getLogger(HlsBookingCheck.class);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Inject
    OutboundHttpClient client;

    /** Why the stream at {@code sourceLine} cannot be recorded, as far as can be seen now; empty when nothing shows. */
    public Optional<String> unrecordable(String sourceLine, HlsOptions options) {
        try {
            StreamAddress address = StreamAddress.parse(sourceLine);
            if (address.kind() != StreamAddress.Kind.HLS) {
                return Optional.empty();
            }
            Playlist playlist = load(StreamAddress.webUri(address.url()));
            if (playlist instanceof MasterPlaylist master) {
                Optional<String> drm = drm(master.sessionKeys().stream());
                if (drm.isPresent()) {
                    return drm;
                }
                playlist = load(VariantChoice.choose(master, options.preference()).variant().uri());
            }
            return playlist instanceof MediaPlaylist media
                    ? drm(media.segments().stream().map(MediaSegment::key)) : Optional.empty();
        } catch (OutboundFailure | PlaylistException | IllegalArgumentException | IllegalStateException e) {
            LOG.debugf("No booking check of %s: %s", sourceLine, e.getMessage());
            return Optional.empty();
        }
    }

    private Playlist load(URI uri) throws OutboundFailure {
        OutboundResponse answer = client.fetchAndWait(OutboundRequest.get(uri)
                .withMaxBytes(PlaylistLimits.DEFAULTS.maxBytes()).withDeadline(DEADLINE));
        if (!answer.ok()) {
            throw new IllegalStateException("HTTP " + answer.status());
        }
        return new PlaylistParser().parse(answer.body(), answer.uri());
    }

    private static Optional<String> drm(Stream<SegmentKey> keys) {
        return keys.map(SegmentKey::refusal).filter(java.util.Objects::nonNull).findFirst();
    }
}
