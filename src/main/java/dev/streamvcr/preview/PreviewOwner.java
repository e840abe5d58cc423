package dev.streamvcr.preview;

import dev.streamvcr.config.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Which node makes the preview in a directory of the shared storage. The node that starts a transcode writes its ID
 * to {@value #FILE} there and touches the file at every sweep while the transcode runs: a heartbeat. Clean-up takes an
 * unfinished directory only when it is this node's, has no owner, or its owner has stopped touching it for
 * {@link #DEAD_AFTER} (that node died), so no node removes the files of another live node's running transcode.
 */
@ApplicationScoped
public class PreviewOwner {

    static final String FILE = ".owner";
    /** Six sweeps missed: the owner is gone. */
    static final Duration DEAD_AFTER = Duration.ofMinutes(1);

    private final String node;
    private final Clock clock;
    private final Duration deadAfter;

    @Inject
    PreviewOwner(NodeIdentity node) {
        this(node.id(), Clock.systemUTC(), DEAD_AFTER);
    }

    PreviewOwner(String node, Clock clock, Duration deadAfter) {
        this.node = node;
        this.clock = clock;
        this.deadAfter = deadAfter;
    }

    /** Marks {@code dir}, just created for a transcode of this node, as this node's. */
    void claim(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Files.writeString(file, node, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    }

    /** The heartbeat of a transcode of this node that still runs; nothing when its directory has gone. */
    void renew(Path dir) {
        try {
            Files.setLastModifiedTime(dir.resolve(FILE), FileTime.from(clock.instant()));
        } catch (IOException e) {
            // stopped and removed since: nothing to keep alive
        }
    }

    /** Whether another node that is alive (its heartbeat is recent) owns {@code dir}: then nobody else touches it. */
    boolean ofAnotherLiveNode(Path dir) {
        return other(dir).map(beat -> !dead(beat)).orElse(false);
    }

    /** Whether another node owned {@code dir} and has died: its unfinished files are anyone's to remove. */
    boolean ofADeadNode(Path dir) {
        return other(dir).map(this::dead).orElse(false);
    }

    /** Whether the start of this node may remove {@code dir} if unfinished: not another live node's. */
    boolean removableAtStart(Path dir) {
        return !ofAnotherLiveNode(dir);
    }

    private boolean dead(FileTime beat) {
        return beat.toInstant().isBefore(clock.instant().minus(deadAfter));
    }

    /** The last heartbeat of {@code dir}'s owner when that is another node; empty when it is this one or none. */
    private Optional<FileTime> other(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).strip().equals(node)) {
                return Optional.empty();
            }
            return Optional.of(Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
