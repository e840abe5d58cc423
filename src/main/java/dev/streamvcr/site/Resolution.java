package dev.streamvcr.site;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of resolving what a person booked: the chosen source (null when nothing was found), the resolver that
 * found it ({@code via}) and where ({@code origin}), every resolver that ran with its candidates or error, and, when
 * nothing was found, the reason in words a person understands. {@code loginFailed} says the reason is a failed
 * login to the page's site ({@code login failed for <site>: …}), so no resolver ran.
 */
public record Resolution(String input, String source, String via, String origin, List<ResolverReport> reports,
        String reason, boolean loginFailed, StreamAccess access) {

    public Resolution {
        reports = List.copyOf(reports);
        access = access == null ? StreamAccess.NONE : access;
    }

    public Resolution(String input, String source, String via, String origin, List<ResolverReport> reports,
            String reason) {
        this(input, source, via, origin, reports, reason, false, StreamAccess.NONE);
    }

    /** The chosen source with what fetching it needs. */
    public StreamSource streamSource() {
        return new StreamSource(source, access);
    }

    public boolean found() {
        return source != null;
    }

    /** Every candidate of every resolver that ran, in the order they were tried. */
    public List<SourceCandidate> candidates() {
        return reports.stream().flatMap(r -> r.candidates().stream()).toList();
    }

    /** {@code Found rtmp://… via amf-channel (AMF document …).} or {@code No stream found: …} */
    public String summary() {
        if (found()) {
            return "Found " + source + " via " + via + " (" + origin + ").";
        }
        return "No stream found: " + reason;
    }

    static Resolution chosen(String input, String resolver, SourceCandidate best, List<ResolverReport> reports,
            StreamAccess access) {
        return new Resolution(input, best.source(), resolver, best.origin(), reports, null, false, access);
    }

    static Resolution nothing(String input, List<ResolverReport> reports, String reason) {
        return new Resolution(input, null, null, null, reports, reason);
    }

    static Resolution loginFailed(String input, SiteLoginException e) {
        return new Resolution(input, null, null, null, List.of(), e.getMessage(), true, StreamAccess.NONE);
    }

    /** The reason for a page where every resolver that ran came back empty or failed. */
    static String nothingOn(String page, List<ResolverReport> reports) {
        if (reports.isEmpty()) {
            return "no resolver knows the page " + page + ".";
        }
        return "nothing on " + page + " looks like a stream this server can record ("
                + reports.stream().map(ResolverReport::summary).collect(Collectors.joining("; ")) + ").";
    }
}
