/**
 * The media side of the watermarked preview: finding ffmpeg, running it, and the encodings the
 * preview needs (the cached intro segment and one watermarked HLS transcode per viewer and
 * recording).
 *
 * <p>Plain Java on purpose (no Quarkus, no CDI): the caller wires these classes, so they can be
 * tested, benchmarked and reused without the application.
 *
 * <p>Every ffmpeg and ffprobe process goes through {@link dev.streamvcr.preview.media.FfmpegProcess}:
 * arguments as a list (never a shell), stderr tail attached to failures, and a registry so the
 * application can stop them all on shutdown and kill those a crashed run left behind.
 */
package dev.streamvcr.preview.media;
