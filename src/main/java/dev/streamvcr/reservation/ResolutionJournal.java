package dev.streamvcr.reservation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.site.Resolution;
import dev.streamvcr.site.ResolverReport;
import dev.streamvcr.site.SiteException;
import dev.streamvcr.site.SiteLoginException;
import dev.streamvcr.site.SiteResolution;
import dev.streamvcr.site.StreamAddress;
import dev.streamvcr.site.StreamNotFoundException;
import dev.streamvcr.site.StreamSource;
import dev.streamvcr.web.TooManyRequests;
import dev.streamvcr.web.UserSlots;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Resolves reservations' addresses at booking and at start, and keeps each outcome in the reservation's history: a
 * {@link ResolutionRecord} with every resolver's candidates, and a readable line in its state history.
 */
@ApplicationScoped
public class ResolutionJournal {

    private static final Logger LOG = Logger.getLogger(ResolutionJournal.class);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** A page resolution takes at most a few page fetches of 30 s; a retry sooner would find the slot still taken. */
    private static final long RESOLUTION_RETRY_SECONDS = 10;

    @Inject
    SiteResolution resolution;

    @Inject
    StreamVcrConfig config;

    private volatile UserSlots perUser;

    /**
     * Resolves {@code source} for {@code ownerId}; blocking (pages are fetched), call outside a transaction. A user
     * has at most {@code STREAMVCR_SITES_MAX_RESOLUTIONS_PER_USER} running at once (else {@link TooManyRequests}).
     */
    public Resolution resolve(String source, Long ownerId) {
        if (ownerId == null || fetchesNothing(source)) {
            return resolution.resolve(source, ownerId);
        }
        try (UserSlots.Slot slot = resolving().acquire(ownerId)) {
            return resolution.resolve(source, ownerId);
        }
    }

    /** A stream's own address is taken as it is, with no page to fetch: it needs no slot (many are booked at once). */
    private static boolean fetchesNothing(String source) {
        try {
            return StreamAddress.parse(source).isStream();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private UserSlots resolving() {
        UserSlots slots = perUser;
        if (slots == null) {
            synchronized (this) {
                if (perUser == null) {
                    int max = config.sites().maxResolutionsPerUser();
                    perUser = new UserSlots(max, RESOLUTION_RETRY_SECONDS, "You already have " + max + " page"
                            + (max == 1 ? "" : "s") + " being looked at; try again when " + (max == 1 ? "it is" : "one is")
                            + " done.");
                }
                slots = perUser;
            }
        }
        return slots;
    }

    /** Stores a resolution made for a reservation; runs in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(long reservationId, String phase, Resolution result) {
        ResolutionRecord record = new ResolutionRecord();
        record.reservationId = reservationId;
        record.at = Instant.now();
        record.phase = phase;
        record.input = result.input() == null ? "" : result.input();
        record.via = result.found() ? result.via() : null;
        record.source = result.source();
        record.origin = result.origin();
        record.reason = result.reason();
        try {
            record.reports = JSON.writeValueAsString(result.reports());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("resolver reports are plain records", e);
        }
        record.persist();
    }

    /** The latest stored resolution of each of {@code reservationIds} that has one, in one query (a list's page). */
    public java.util.Map<Long, ResolutionView> latest(List<Long> reservationIds) {
        java.util.Map<Long, ResolutionView> latest = new java.util.HashMap<>();
        if (reservationIds.isEmpty()) {
            return latest;
        }
        ResolutionRecord.<ResolutionRecord>list("id in (select max(r.id) from ResolutionRecord r "
                + "where r.reservationId in ?1 group by r.reservationId)", reservationIds)
                .forEach(record -> latest.put(record.reservationId, view(record)));
        return latest;
    }

    /** The latest stored resolution of a reservation, or null; call inside a transaction. */
    public ResolutionView latest(long reservationId) {
        return ResolutionRecord.latest(reservationId).map(ResolutionJournal::view).orElse(null);
    }

    /**
     * Resolves a reservation's address again before its recording connects (tokens in stream addresses expire, and
     * a page shows its stream only once the broadcast is live) and returns the source to record. A page's outcome is
     * stored in the history when it differs from the last one stored (a recording that waits for its stream asks
     * again and again). The source carries what fetching it needs (the page session's cookies, a session the site
     * wants held open), which the caller must release. Blocking; call from a worker thread.
     *
     * @throws StreamNotFoundException when the page showed no stream (yet)
     * @throws SiteException with the reason a person reads when the address cannot be recorded at all; a
     *         {@link SiteLoginException} when logging in to the page's site failed
     */
    public StreamSource sourceToRecord(long reservationId, String sourceUrl, String node) throws SiteException {
        StreamAddress booked;
        try {
            booked = StreamAddress.parse(sourceUrl);
        } catch (IllegalArgumentException e) {
            throw new SiteException(e.getMessage());
        }
        if (booked.isStream()) {
            return StreamSource.of(booked.line());
        }
        Long owner = QuarkusTransaction.requiringNew().call(() -> {
            Reservation r = Reservation.findById(reservationId);
            return r == null ? null : r.owner.id;
        });
        Resolution result = resolution.resolveToRecord(sourceUrl, owner);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!sameAsLastStored(reservationId, result)) {
                    record(reservationId, ResolutionRecord.START, result);
                    note(reservationId, node, "Looked at the page again: " + result.summary());
                }
            });
        } catch (RuntimeException e) {
            result.access().release();
            throw e;
        }
        if (result.loginFailed()) {
            throw new SiteLoginException(result.reason());
        }
        if (!result.found()) {
            throw new StreamNotFoundException("No stream found on the page: " + result.reason());
        }
        // only the host: stream addresses found behind a page carry tickets and keys
        LOG.infof("Reservation %d: page resolved via %s to a stream on %s", reservationId, result.via(),
                StreamAddress.parse(result.source()).host());
        return result.streamSource();
    }

    /**
     * Whether the latest stored resolution of the reservation was made at the start with the same outcome: found
     * by the same resolver at the same stream address (its query, which carries tickets, aside), or not found for
     * the same reason.
     */
    private static boolean sameAsLastStored(long reservationId, Resolution result) {
        return ResolutionRecord.latest(reservationId)
                .filter(last -> ResolutionRecord.START.equals(last.phase))
                .filter(last -> Objects.equals(last.via, result.found() ? result.via() : null))
                .filter(last -> Objects.equals(withoutTickets(last.source), withoutTickets(result.source())))
                .filter(last -> Objects.equals(last.reason, result.reason()))
                .isPresent();
    }

    private static String withoutTickets(String source) {
        return source == null ? null : source.split(" ", 2)[0].replaceFirst("\\?.*", "");
    }

    /** A line in the state history that does not change the state (still {@code RESOLVING}). */
    private static void note(long reservationId, String node, String reason) {
        Reservation reservation = Reservation.findById(reservationId);
        if (reservation == null) {
            return;
        }
        ReservationEvent event = new ReservationEvent();
        event.reservationId = reservationId;
        event.at = Instant.now();
        event.fromState = reservation.state;
        event.toState = reservation.state;
        event.reason = reason;
        event.node = node;
        event.persist();
    }

    static ResolutionView view(ResolutionRecord record) {
        List<ResolverReport> reports;
        try {
            reports = JSON.readValue(record.reports, new TypeReference<List<ResolverReport>>() {
            });
        } catch (JsonProcessingException e) {
            LOG.warnf(e, "Unreadable resolver reports of resolution %d", record.id);
            reports = List.of();
        }
        Resolution stored = new Resolution(record.input, record.source, record.via, record.origin, reports,
                record.reason);
        return ResolutionView.of(record.phase, record.at, stored);
    }
}
