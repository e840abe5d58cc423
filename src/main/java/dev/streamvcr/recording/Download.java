package dev.streamvcr.recording;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.PathPart;

/**
 * Answers a download of a file on storage with single-range support (RFC 9110 §14): {@code Range} → 206,
 * {@code If-Range} with the current ETag or date, 416 for a range past the end. The body is a {@link PathPart},
 * which the server sends with sendfile — the file never passes through the heap. A file still being recorded
 * grows, so its ETag changes and a resumed download of an older state starts over.
 */
public final class Download {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private Download() {
    }

    /** The file, or the requested range of it; {@code inline} lets the browser show it (its own video player). */
    public static Response of(Path file, String downloadName, HttpHeaders headers, boolean inline) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long size = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atZone(ZoneOffset.UTC));
        String range = headers.getHeaderString("Range");
        String ifRange = headers.getHeaderString("If-Range");
        boolean rangeApplies = range != null && (ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModified));
        Response.ResponseBuilder response;
        if (rangeApplies) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                response = Response.ok(new PathPart(file, 0, size));
            } else {
                long start;
                long end;
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, size - number(m.group(2)));
                    end = size - 1;
                } else {
                    start = number(m.group(1));
                    end = m.group(2).isEmpty() ? size - 1 : Math.min(number(m.group(2)), size - 1);
                }
                if (start >= size || start > end) {
                    return Response.status(416).header("Content-Range", "bytes */" + size)
                            .header("Accept-Ranges", "bytes").build();
                }
                response = Response.status(206).entity(new PathPart(file, start, end - start + 1))
                        .header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        } else {
            response = Response.ok(new PathPart(file, 0, size));
        }
        return response.type(mediaType(file))
                .header("Accept-Ranges", "bytes")
                .header("ETag", etag)
                .header("Last-Modified", lastModified)
                .header("Content-Disposition", disposition(downloadName, inline))
                .build();
    }

    /** The media type of a part by its extension: FLV from RTMP, MPEG-TS or fragmented MP4 from HLS. */
    static String mediaType(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".ts") ? "video/mp2t" : name.endsWith(".mp4") ? "video/mp4" : "video/x-flv";
    }

    /** A range bound; one too large for a long is past any file's end. */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** RFC 6266: an ASCII fallback plus the exact UTF-8 name (RFC 8187). */
    static String disposition(String name, boolean inline) {
        String ascii = name.replaceAll("[^\\x20-\\x7E]", "_").replace("\"", "_").replace("\\", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
