/**
 * The HLS source client's core: an immutable playlist model, its parser, the choice of a variant, the live polling
 * state machine, AES-128 segment decryption, and the timelines that append segments to a part file with one
 * monotonic clock: {@link dev.streamvcr.hls.TsTimeline} for MPEG-TS (ISO/IEC 13818-1) and
 * {@link dev.streamvcr.hls.Fmp4Timeline} for fragmented MP4 (ISO/IEC 14496-12).
 *
 * <p>Pure Java 17 with no framework imports and no I/O: callers fetch bytes and pass them in, together with the time
 * they were received, so every rule here is testable without a server or a clock. Spec references are to RFC 8216
 * "HTTP Live Streaming" ("RFC 8216 §x") and to its successor draft-pantos-hls-rfc8216bis ("8216bis §x"), whose section
 * numbers differ (tags moved from §4.3 to §4.4).
 */
package dev.streamvcr.hls;
