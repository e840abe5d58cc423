package dev.streamvcr.watch;

import dev.streamvcr.account.AppUser;
import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.outbound.OutboundPolicy;
import dev.streamvcr.outbound.OutboundPurpose;
import dev.streamvcr.web.NotFound;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Creating, listing, pausing and deleting channel watches; every read checks that the viewer may see it. */
@ApplicationScoped
public class WatchService {

    @Inject
    StreamVcrConfig config;

    @Inject
    AuditLog audit;

    private WatchRules rules;

    @PostConstruct
    void rules() {
        rules = new WatchRules(OutboundPolicy.of(OutboundPurpose.PAGES, config), config.booking().maxDuration());
    }

    /** Validates and stores a watch; its page is first checked at the next tick. */
    @Transactional
    public WatchView create(Viewer viewer, WatchRequest request) {
        WatchRules.ValidWatch valid = rules.validate(request);
        ChannelWatch watch = new ChannelWatch();
        watch.owner = AppUser.findById(viewer.id());
        watch.title = valid.title();
        watch.pageUrl = valid.pageUrl();
        watch.intervalMinutes = valid.intervalMinutes();
        watch.maxLengthSeconds = valid.maxLengthSeconds();
        watch.fromTime = valid.fromTime();
        watch.untilTime = valid.untilTime();
        watch.days = valid.days();
        watch.timeZone = valid.zone().getId();
        watch.createdAt = Instant.now();
        watch.nextCheckAt = watch.createdAt;
        watch.persist();
        audit.note(viewer, AuditLog.Action.WATCH_CREATE, AuditLog.Subject.named(watch.title), "watch " + watch.id
                + " of " + watch.pageUrl + " every " + watch.intervalMinutes + " min");
        return WatchView.of(watch, List.of());
    }

    /** The watches the viewer may see (an admin sees all), newest first, each with its history. */
    @Transactional
    public List<WatchView> list(Viewer viewer) {
        Sort order = Sort.by("id", Sort.Direction.Descending);
        List<ChannelWatch> watches = viewer.admin() ? ChannelWatch.listAll(order)
                : ChannelWatch.list("owner.id", order, viewer.id());
        List<Long> ids = watches.stream().map(w -> w.id).toList();
        Map<Long, List<WatchEvent>> histories = ids.isEmpty() ? Map.of()
                : WatchEvent.<WatchEvent>list("watchId in ?1 order by id", ids).stream()
                        .collect(Collectors.groupingBy(e -> e.watchId));
        return watches.stream().map(w -> WatchView.of(w, histories.getOrDefault(w.id, List.of()))).toList();
    }

    @Transactional
    public WatchView get(Viewer viewer, long id) {
        ChannelWatch watch = find(viewer, id, LockModeType.NONE);
        return WatchView.of(watch, WatchEvent.history(watch.id));
    }

    /**
     * Pauses a watch (no more checks; a recording it booked goes on) or resumes it, checking at the next tick.
     */
    @Transactional
    public WatchView pause(Viewer viewer, long id, boolean paused) {
        ChannelWatch watch = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
        if (watch.paused != paused) {
            watch.paused = paused;
            if (!paused) {
                watch.nextCheckAt = Instant.now();
            }
            audit.note(viewer, paused ? AuditLog.Action.WATCH_PAUSE : AuditLog.Action.WATCH_RESUME,
                    AuditLog.Subject.named(watch.title), "watch " + watch.id + " of " + watch.pageUrl);
        }
        return WatchView.of(watch, WatchEvent.history(watch.id));
    }

    /** Deletes a watch and its history; a recording it booked goes on as an ordinary reservation. */
    @Transactional
    public void delete(Viewer viewer, long id) {
        ChannelWatch watch = find(viewer, id, LockModeType.PESSIMISTIC_WRITE);
        WatchEvent.delete("watchId", watch.id);
        watch.delete();
        audit.note(viewer, AuditLog.Action.WATCH_DELETE, AuditLog.Subject.named(watch.title), "watch " + watch.id
                + " of " + watch.pageUrl);
    }

    private static ChannelWatch find(Viewer viewer, long id, LockModeType lock) {
        ChannelWatch watch = ChannelWatch.findById(id, lock);
        if (watch == null || !viewer.maySee(watch.owner.id)) {
            throw new NotFound("There is no channel watch " + id + ".");
        }
        return watch;
    }
}
