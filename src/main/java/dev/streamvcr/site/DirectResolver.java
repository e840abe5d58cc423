package dev.streamvcr.site;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;

/** Stream addresses ({@code rtmp://}, {@code rtmps://}, {@code .m3u8}) resolve to themselves, without any fetch. */
@ApplicationScoped
public class DirectResolver implements SiteResolver {

    @Override
    public String name() {
        return "direct";
    }

    @Override
    public Kind kind() {
        return Kind.DIRECT;
    }

    @Override
    public boolean supports(URI page) {
        return accepts(page.toString());
    }

    @Override
    public List<SourceCandidate> resolve(URI page, SiteSession session) throws SiteException {
        return resolve(page.toString());
    }

    /** Whether {@code line} (a URL, for RTMP possibly followed by options) is a stream address. */
    public boolean accepts(String line) {
        try {
            return StreamAddress.parse(line).isStream();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The line itself as the only candidate. */
    public List<SourceCandidate> resolve(String line) throws SiteException {
        StreamAddress address;
        try {
            address = StreamAddress.parse(line);
        } catch (IllegalArgumentException e) {
            throw new SiteException(e.getMessage());
        }
        if (!address.isStream()) {
            return List.of();
        }
        String what = address.kind() == StreamAddress.Kind.HLS ? "HLS playlist" : "RTMP stream";
        return List.of(new SourceCandidate(address.line(), "the address itself is an " + what, 100));
    }
}
