package dev.streamvcr.site;

import dev.streamvcr.rtmp.client.RtmpSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.jboss.logging.Logger;

/**
 * Turns what a person booked into a source the recorder can play. A stream address is its own source (the
 * {@link DirectResolver}, no fetch). A page goes to every {@link SiteResolver} that {@link SiteResolver#supports
 * supports} it, in order (site plugins, recipes, generic discovery; see {@link SiteResolver#kind()}), until one finds
 * candidates; the best of those is chosen. A resolver that throws, whatever it throws, is reported as
 * {@code failed: …} and the next one runs. Resolvers are the CDI beans implementing {@link SiteResolver}, the ones
 * the JDK {@link ServiceLoader} finds in plugin jars, and, per page and owner, those of every {@link PageResolvers}
 * (the recipes). The page is looked at through the owner's session ({@link SiteSessions}): logged in when the site
 * needs it; when that login fails no resolver runs and the resolution says why. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class SiteResolution {

    private static final Logger LOG = Logger.getLogger(SiteResolution.class);

    private static final Comparator<SiteResolver> ORDER = Comparator.comparing(SiteResolver::kind)
            .thenComparingInt(SiteResolver::priority).thenComparing(SiteResolver::name);

    private final List<SiteResolver> resolvers;
    private final List<PageResolvers> perPage;
    private final SiteSessions sessions;
    private final DirectResolver direct = new DirectResolver();

    @Inject
    SiteResolution(@Any Instance<SiteResolver> beans, @Any Instance<PageResolvers> perPage, SiteSessions sessions) {
        this(withServiceLoaded(beans.stream().toList()), perPage.stream().toList(), sessions);
    }

    /** Resolution over exactly these resolvers (ordered here), for tests and tools. */
    public SiteResolution(List<SiteResolver> resolvers, SiteSessions sessions) {
        this(resolvers, List.of(), sessions);
    }

    /** Resolution over these resolvers plus, for each page, those {@code perPage} make for it. */
    public SiteResolution(List<SiteResolver> resolvers, List<PageResolvers> perPage, SiteSessions sessions) {
        List<SiteResolver> ordered = new ArrayList<>(resolvers);
        ordered.removeIf(r -> r.kind() == SiteResolver.Kind.DIRECT);
        ordered.sort(ORDER);
        this.resolvers = List.copyOf(ordered);
        this.perPage = List.copyOf(perPage);
        this.sessions = sessions;
    }

    /** The resolvers fixed at start-up, in the order they are tried; per-page ones join them by kind. */
    public List<SiteResolver> resolvers() {
        return resolvers;
    }

    /**
     * Resolves {@code input} (a page or stream address) for the user {@code ownerId} (null: anonymously), to show
     * what it leads to: any session a resolver held open for its stream is closed again. Never throws for anything a
     * site or a resolver does; the result says what happened.
     */
    public Resolution resolve(String input, Long ownerId) {
        Resolution result = resolveToRecord(input, ownerId);
        result.access().release();
        return result;
    }

    /**
     * {@link #resolve}, to record what it finds now: the result's {@link Resolution#access()} carries the cookies of
     * the session that read the page and any session the resolver holds open, which the caller must release.
     */
    public Resolution resolveToRecord(String input, Long ownerId) {
        StreamAddress address;
        try {
            address = StreamAddress.parse(input);
        } catch (IllegalArgumentException e) {
            return Resolution.nothing(input, List.of(), e.getMessage());
        }
        if (address.isStream()) {
            try {
                List<SourceCandidate> self = direct.resolve(address.line());
                return Resolution.chosen(input, direct.name(), self.get(0),
                        List.of(new ResolverReport(direct.name(), self, null)), StreamAccess.NONE);
            } catch (SiteException e) {
                return Resolution.nothing(input, List.of(), e.getMessage());
            }
        }
        URI page = StreamAddress.webUri(address.url());
        SiteSession session;
        try {
            session = sessions.sessionFor(ownerId, page);
        } catch (SiteLoginException e) {
            LOG.infof("No resolution of %s for user %s: %s", page, ownerId, e.getMessage());
            return Resolution.loginFailed(input, e);
        } catch (SiteException | RuntimeException e) {
            LOG.warnf(e, "No site session for %s", page.getHost());
            return Resolution.nothing(input, List.of(), "no session for " + page.getHost() + " could be opened: "
                    + message(e));
        }
        List<ResolverReport> reports = new ArrayList<>();
        List<SiteResolver> chain = new ArrayList<>(resolvers);
        for (PageResolvers source : perPage) {
            try {
                chain.addAll(source.forPage(page, ownerId));
            } catch (RuntimeException e) {
                LOG.warnf(e, "Resolvers of %s for %s could not be made", source.name(), page);
                reports.add(new ResolverReport(source.name(), List.of(), "failed: " + message(e)));
            }
        }
        chain.sort(ORDER);
        for (SiteResolver resolver : chain) {
            ResolverReport report = run(resolver, page, session);
            if (report == null) {
                continue;
            }
            reports.add(report);
            if (!report.candidates().isEmpty()) {
                SourceCandidate best = report.candidates().get(0);
                report.candidates().stream().skip(1).forEach(other -> other.access().release());
                return Resolution.chosen(input, resolver.name(), best, reports,
                        best.access().withDefaultCookies(session.cookies()));
            }
        }
        return Resolution.nothing(input, reports, Resolution.nothingOn(page.toString(), reports));
    }

    /** One resolver's report on {@code page}, or null when it does not know the page. */
    public static ResolverReport run(SiteResolver resolver, URI page, SiteSession session) {
        String name;
        try {
            name = resolver.name();
        } catch (RuntimeException e) {
            name = resolver.getClass().getSimpleName();
        }
        try {
            if (!resolver.supports(page)) {
                return null;
            }
            return new ResolverReport(name, usable(resolver.resolve(page, session)), null);
        } catch (SiteException e) {
            return new ResolverReport(name, List.of(), "failed: " + e.getMessage());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            LOG.warnf(e, "Resolver %s failed on %s", name, page);
            return new ResolverReport(name, List.of(), "failed: " + message(e));
        }
    }

    /** Candidates that name a recordable stream, best first, each source once. */
    static List<SourceCandidate> usable(List<SourceCandidate> candidates) {
        Map<String, SourceCandidate> kept = new LinkedHashMap<>();
        for (SourceCandidate c : candidates == null ? List.<SourceCandidate>of() : candidates) {
            if (c == null) {
                continue;
            }
            try {
                StreamAddress address = StreamAddress.parse(c.source());
                SourceCandidate earlier = kept.get(address.line());
                if (address.isStream() && (earlier == null || earlier.score() < c.score())) {
                    if (earlier != null) {
                        earlier.access().release();
                    }
                    kept.put(address.line(), new SourceCandidate(address.line(), c.origin(), c.score(), c.access()));
                } else {
                    c.access().release();
                }
            } catch (IllegalArgumentException e) {
                LOG.debugf("Dropping candidate %s: %s", RtmpSource.maskSecrets(c.source()),
                        RtmpSource.maskSecrets(e.getMessage()));
            }
        }
        return PageScan.ranked(kept.values());
    }

    private static List<SiteResolver> withServiceLoaded(List<SiteResolver> beans) {
        List<SiteResolver> all = new ArrayList<>(beans);
        try {
            for (SiteResolver plugin : ServiceLoader.load(SiteResolver.class)) {
                boolean known = all.stream().anyMatch(r -> r.name().equals(plugin.name()));
                if (!known) {
                    all.add(plugin);
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            LOG.errorf(e, "A site plugin jar could not be loaded");
        }
        return all;
    }

    private static String message(Throwable e) {
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName().equals(
                "SiteException") ? text : e.getClass().getSimpleName() + ": " + text;
    }
}
