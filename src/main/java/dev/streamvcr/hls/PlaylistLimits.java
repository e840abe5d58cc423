package dev.streamvcr.hls;

/**
 * Bounds on what one playlist may hold, so that a hostile or broken server costs bounded memory and time: going over
 * any of them fails the parse with a {@link PlaylistException} that names the limit. The defaults are far above what
 * real services publish (a 24-hour EVENT playlist of 2-second segments is 43,200 segments and about 3 MiB).
 *
 * @param maxBytes       the largest playlist in bytes; the HTTP layer should stop reading one byte past it
 * @param maxLineLength  the longest line in characters, line end excluded
 * @param maxSegments    the most media segments in a media playlist
 * @param maxVariants    the most {@code EXT-X-STREAM-INF} variants, and separately the most {@code EXT-X-MEDIA}
 *                       renditions, in a master playlist
 * @param maxDateRanges  the most {@code EXT-X-DATERANGE} tags in a media playlist
 * @param maxAttributes  the most attributes in one tag's attribute list
 */
public record PlaylistLimits(int maxBytes, int maxLineLength, int maxSegments, int maxVariants, int maxDateRanges,
                             int maxAttributes) {
    /** 4 MiB, 64 KiB lines, 100,000 segments, 1,000 variants and renditions, 10,000 date ranges, 64 attributes. */
    public static final PlaylistLimits DEFAULTS = new PlaylistLimits(4 << 20, 64 << 10, 100_000, 1_000, 10_000, 64);

    public PlaylistLimits {
        if (maxBytes < 1 || maxLineLength < 1 || maxSegments < 1 || maxVariants < 1 || maxDateRanges < 0
                || maxAttributes < 1) {
            throw new IllegalArgumentException("playlist limits must be positive (maxDateRanges may be 0)");
        }
    }
}
