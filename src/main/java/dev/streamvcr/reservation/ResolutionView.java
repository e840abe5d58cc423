package dev.streamvcr.reservation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.streamvcr.rtmp.client.RtmpSource;
import dev.streamvcr.site.Resolution;
import dev.streamvcr.site.ResolverReport;
import java.time.Instant;
import java.util.List;

/**
 * How a reservation's address was resolved, as the API and the pages show it: the chosen source, the resolver and
 * where it found it, every candidate each resolver proposed, each resolver's failure, and the reason when nothing was
 * found.
 *
 * @param phase {@code booking}, {@code start}, or {@code check} for a look before booking
 */
public record ResolutionView(String phase, Instant at, String input, String via, String source, String origin,
        List<Candidate> candidates, List<String> failures, String reason) {

    /** One source a resolver proposed. */
    public record Candidate(String resolver, String source, String origin, int score) {
    }

    @JsonIgnore
    public boolean isFound() {
        return source != null;
    }

    public static ResolutionView of(String phase, Instant at, Resolution resolution) {
        List<Candidate> candidates = resolution.reports().stream().flatMap(r -> r.candidates().stream()
                .map(c -> new Candidate(r.resolver(), RtmpSource.maskSecrets(c.source()), c.origin(), c.score())))
                .toList();
        List<String> failures = resolution.reports().stream().filter(ResolverReport::failed)
                .map(ResolverReport::summary).toList();
        return new ResolutionView(phase, at, RtmpSource.maskSecrets(resolution.input()), resolution.via(),
                RtmpSource.maskSecrets(resolution.source()), resolution.origin(), candidates, failures,
                RtmpSource.maskSecrets(resolution.reason()));
    }
}
