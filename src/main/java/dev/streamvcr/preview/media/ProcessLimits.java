package dev.streamvcr.preview.media;

import java.time.Duration;

/**
 * What one ffmpeg or ffprobe run may use (setrlimit(2)): CPU time, after which the kernel ends it, and address space,
 * beyond which its allocations fail. ffmpeg decodes files that came from the network; these bound what a crafted one
 * can make it do.
 *
 * @param cpuTime           RLIMIT_CPU, whole seconds
 * @param addressSpaceBytes RLIMIT_AS
 */
public record ProcessLimits(Duration cpuTime, long addressSpaceBytes) {

    /** Six hours of CPU (a 24-hour preview takes less at the preview's preset) and 4 GiB of address space. */
    public static final ProcessLimits DEFAULT = new ProcessLimits(Duration.ofHours(6), 4L * 1024 * 1024 * 1024);

    public ProcessLimits {
        if (cpuTime.toSeconds() < 1 || addressSpaceBytes < 64L * 1024 * 1024) {
            throw new IllegalArgumentException("ffmpeg needs at least 1 s of CPU time and 64 MiB of address space");
        }
    }
}
