package dev.streamvcr.hls;

/**
 * What a {@link TsTimeline} or {@link Fmp4Timeline} has written to its part file so far.
 *
 * @param bytesWritten        bytes returned to the caller (for fMP4, the initialization section included)
 * @param mediaDurationMillis the part's media timeline: MPEG-TS, the last PTS minus the first; fMP4, the end of the
 *                            last sample minus the start of the first. Gaps between non-continuous segments are
 *                            not in it
 * @param videoCodec          the video codec, e.g. {@code "H.264"}; {@code null} when the part has no video (yet)
 * @param audioCodec          the audio codec, e.g. {@code "AAC"}; {@code null} when the part has no audio (yet)
 * @param videoFrames         MPEG-TS: video PES packets (one per frame in HLS); fMP4: video samples
 * @param audioPackets        MPEG-TS: audio PES packets (each may hold several audio frames); fMP4: audio samples
 * @param clampedTimestamps   timestamps raised so the part's timeline does not go back: MPEG-TS, decoding times
 *                            below the last one of their PID; fMP4, fragments that would overlap the previous one
 *                            of their track. Non-zero means the source's timestamps went back
 * @param clockJumps          times the source's clock jumped inside segments marked continuous (a missing
 *                            EXT-X-DISCONTINUITY) and the timeline was re-anchored as at a discontinuity
 */
public record TimelineSnapshot(long bytesWritten, long mediaDurationMillis, String videoCodec, String audioCodec,
                               long videoFrames, long audioPackets, long clampedTimestamps, long clockJumps) {
}
