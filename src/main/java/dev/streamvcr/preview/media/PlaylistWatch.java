package dev.streamvcr.preview.media;

import dev.streamvcr.preview.media.PreviewTranscode.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * What ffmpeg's private playlist in one output directory lists ({@link PreviewTranscode#readSegments}) and whether it
 * has ended, read again only when ffmpeg has replaced the file; cheap to ask on every request.
 */
final class PlaylistWatch {

    private record Seen(Object modified, long size, Object fileKey, List<Segment> segments, boolean ended) {
    }

    private final Path directory;
    private volatile Seen seen = new Seen(null, -1, null, List.of(), false);

    PlaylistWatch(Path directory) {
        this.directory = directory;
    }

    List<Segment> segments() {
        return read().segments();
    }

    boolean ended() {
        return read().ended();
    }

    private Seen read() {
        Path playlist = directory.resolve(PreviewTranscode.PLAYLIST);
        try {
            BasicFileAttributes attributes = Files.readAttributes(playlist, BasicFileAttributes.class);
            Seen last = seen;
            if (Objects.equals(last.modified(), attributes.lastModifiedTime()) && last.size() == attributes.size()
                    && Objects.equals(last.fileKey(), attributes.fileKey())) {
                return last;
            }
            boolean ended = Files.readString(playlist).contains("#EXT-X-ENDLIST");
            Seen fresh = new Seen(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(),
                    PreviewTranscode.readSegments(directory), ended);
            seen = fresh;
            return fresh;
        } catch (NoSuchFileException e) {
            return new Seen(null, -1, null, List.of(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + playlist + ": " + e.getMessage(), e);
        }
    }
}
