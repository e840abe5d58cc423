package dev.streamvcr.preview.media;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg (and ffprobe, where there is one) the app runs: the ones {@code STREAMVCR_FFMPEG} names; else the ones
 * embedded in the bytedeco {@code ffmpeg} jar (GPL build, so libx264 and drawtext are there) when they start; else the
 * static ffmpeg 4.4.1 of {@link StaticFfmpeg}, which needs no system library (the embedded build needs libpulse,
 * libasound, libxcb and libxcb-shm, which a minimal Debian lacks). {@link #origin()} says which, and why.
 *
 * <p>Guaranteed after {@link #locate}: both programs start, and ffmpeg has the libx264 encoder and
 * the drawtext filter the preview needs. The lookup and that check run once per override value and
 * are cached; a failed lookup is not cached, so fixing the machine and retrying works.
 */
public final class FfmpegTools {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    private static final String EMBEDDED = "(embedded)";
    private static final Map<String, FfmpegTools> CACHE = new ConcurrentHashMap<>();

    private final Path ffmpeg;
    private final Path ffprobe;
    private final Map<String, String> environment;
    private final String origin;
    private String fallbackReason;
    /** ffmpeg's major version from {@code -version}; 0 when it could not be read. */
    private int majorVersion;

    private FfmpegTools(Path ffmpeg, Path ffprobe, Map<String, String> environment, String origin) {
        this.ffmpeg = ffmpeg;
        this.ffprobe = ffprobe;
        this.environment = environment;
        this.origin = origin;
    }

    /**
     * Finds and checks ffmpeg and ffprobe.
     *
     * @param ffmpegOverride the value of {@code STREAMVCR_FFMPEG}: a path to ffmpeg, or a bare name
     *     looked up on {@code PATH}; ffprobe must be in the same directory. Empty or blank means the
     *     embedded binaries.
     * @throws FfmpegException saying what is missing and what to do about it
     */
    public static FfmpegTools locate(Optional<String> ffmpegOverride) {
        String key = ffmpegOverride.map(String::strip).filter(value -> !value.isEmpty()).orElse(EMBEDDED);
        return CACHE.computeIfAbsent(key, k -> {
            if (!k.equals(EMBEDDED)) {
                FfmpegTools tools = overridden(k);
                tools.check();
                return tools;
            }
            return embeddedOrStatic();
        });
    }

    /** The embedded build if it starts here, else the static one; the reason for the fallback is kept. */
    private static FfmpegTools embeddedOrStatic() {
        FfmpegException embeddedFailure;
        try {
            FfmpegTools tools = embedded();
            tools.check();
            return tools;
        } catch (FfmpegException e) {
            embeddedFailure = e;
        }
        try {
            FfmpegTools tools = new FfmpegTools(StaticFfmpeg.extract(), null, Map.of(), StaticFfmpeg.ORIGIN);
            tools.check();
            tools.fallbackReason = firstLine(embeddedFailure.getMessage());
            return tools;
        } catch (FfmpegException e) {
            throw new FfmpegException(embeddedFailure.getMessage() + "\nThe static fallback does not run either: "
                    + e.getMessage(), embeddedFailure);
        }
    }

    public Path ffmpeg() {
        return ffmpeg;
    }

    /** ffprobe beside ffmpeg, or null: the static fallback has none (see {@link MediaTracks}). */
    public Path ffprobe() {
        return ffprobe;
    }

    /**
     * Which ffmpeg this is, for the log and the pages: "the embedded ffmpeg (org.bytedeco:ffmpeg)",
     * "STREAMVCR_FFMPEG=/usr/bin/ffmpeg", or the static one and why the embedded one was not used.
     */
    public String origin() {
        return fallbackReason == null ? origin : origin + ", because the embedded ffmpeg does not run here ("
                + fallbackReason + ")";
    }

    /**
     * {@code arguments} in this ffmpeg's dialect: {@code -fps_mode} (ffmpeg 5.1 on) is {@code -vsync} before version 5,
     * as in the static fallback 4.4.1.
     */
    List<String> dialect(List<String> arguments) {
        if (majorVersion == 0 || majorVersion >= 5 || !arguments.contains("-fps_mode")) {
            return arguments;
        }
        return arguments.stream().map(argument -> argument.equals("-fps_mode") ? "-vsync" : argument).toList();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").strip();
    }

    /** Variables added to the environment of every run (the embedded build's library directory). */
    Map<String, String> environment() {
        return environment;
    }

    private static FfmpegTools embedded() {
        Path directory = extractEmbedded();
        Path ffmpegPath = directory.resolve("ffmpeg");
        Path ffprobePath = directory.resolve("ffprobe");
        if (!Files.isRegularFile(ffmpegPath) || !Files.isRegularFile(ffprobePath)) {
            throw new FfmpegException("The embedded ffmpeg has no executable for platform " + Loader.getPlatform()
                    + "; set STREAMVCR_FFMPEG to the path of an ffmpeg built with libx264 and libfreetype.");
        }
        ffmpegPath.toFile().setExecutable(true);
        ffprobePath.toFile().setExecutable(true);
        // The executables' own RUNPATH finds libav*, but libav* find their bundled libva/libdrm only
        // through this; without it a machine lacking Debian's libva2 cannot start them.
        String libraries = directory.toString();
        String inherited = System.getenv("LD_LIBRARY_PATH");
        String libraryPath = inherited == null || inherited.isEmpty() ? libraries : libraries + File.pathSeparator + inherited;
        return new FfmpegTools(ffmpegPath, ffprobePath, Map.of("LD_LIBRARY_PATH", libraryPath),
                "the embedded ffmpeg (org.bytedeco:ffmpeg)");
    }

    /**
     * Unpacks the platform directory of the bytedeco jar (executables and the libraries beside them) into
     * javacpp's cache, without loading any of it into this JVM: {@code Loader.load} would link the JNI
     * libraries, and one missing system library would then fail every later attempt in this process too,
     * where running the executable fails only until the library is installed.
     */
    private static Path extractEmbedded() {
        for (String directory : List.of(Loader.getPlatform() + "-gpl/", Loader.getPlatform() + "/")) {
            try {
                File[] extracted = Loader.cacheResources(org.bytedeco.ffmpeg.ffmpeg.class, directory);
                if (extracted.length > 0) {
                    return extracted[0].toPath();
                }
            } catch (IOException | RuntimeException e) {
                throw new FfmpegException("The embedded ffmpeg could not be extracted (" + e + "). It needs the "
                        + "org.bytedeco:ffmpeg jar for this platform (" + Loader.getPlatform() + ") on the classpath "
                        + "and a writable home directory (~/.javacpp/cache); or set STREAMVCR_FFMPEG to the path of an "
                        + "ffmpeg built with libx264 and libfreetype.", e);
            }
        }
        throw new FfmpegException("The embedded ffmpeg has no executable for platform " + Loader.getPlatform()
                + "; set STREAMVCR_FFMPEG to the path of an ffmpeg built with libx264 and libfreetype.");
    }

    private static FfmpegTools overridden(String value) {
        Path ffmpeg = value.contains("/") ? Path.of(value) : onPath(value);
        if (!Files.isRegularFile(ffmpeg) || !Files.isExecutable(ffmpeg)) {
            throw new FfmpegException("STREAMVCR_FFMPEG is " + value + ", which is not an executable file. "
                    + "Point it at an ffmpeg binary (with ffprobe beside it), or unset it to use the embedded one.");
        }
        Path ffprobe = ffmpeg.resolveSibling("ffprobe");
        if (!Files.isRegularFile(ffprobe) || !Files.isExecutable(ffprobe)) {
            throw new FfmpegException("STREAMVCR_FFMPEG is " + ffmpeg + " but there is no executable ffprobe beside it ("
                    + ffprobe + "). Install ffprobe there, or unset STREAMVCR_FFMPEG to use the embedded one.");
        }
        return new FfmpegTools(ffmpeg, ffprobe, Map.of(), "STREAMVCR_FFMPEG=" + value);
    }

    private static Path onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                return Path.of(directory, name);
            }
        }
        return Path.of(name);
    }

    private void check() {
        String encoders;
        String filters;
        try {
            String version = capture(List.of("-version"));
            java.util.regex.Matcher number = java.util.regex.Pattern.compile("ffmpeg version n?(\\d+)\\.").matcher(version);
            majorVersion = number.find() ? Integer.parseInt(number.group(1)) : 0;
            if (ffprobe != null) {
                FfmpegProcess.probe(this, List.of("-version"), CHECK_TIMEOUT);
            }
            encoders = capture(List.of("-encoders"));
            filters = capture(List.of("-filters"));
        } catch (FfmpegException e) {
            throw new FfmpegException("The ffmpeg of " + origin + " does not run. " + hint(e.getMessage()) + "\n"
                    + e.getMessage(), e);
        }
        if (!encoders.contains(" libx264 ")) {
            throw new FfmpegException("The ffmpeg of " + origin + " (" + ffmpeg + ") has no libx264 encoder; "
                    + "the preview needs a GPL build of ffmpeg.");
        }
        if (!filters.contains(" drawtext ")) {
            throw new FfmpegException("The ffmpeg of " + origin + " (" + ffmpeg + ") has no drawtext filter; "
                    + "the preview needs an ffmpeg built with libfreetype.");
        }
    }

    /** ffmpeg's answer to an informational option such as {@code -encoders}, which goes to stdout. */
    private String capture(List<String> arguments) {
        FfmpegProcess process = FfmpegProcess.startCapturing(this, arguments);
        process.awaitSuccess(CHECK_TIMEOUT);
        return process.stdout();
    }

    private static String hint(String failure) {
        if (failure.contains("error while loading shared libraries")) {
            return "A system library it needs is missing (on Debian/Ubuntu: apt-get install libpulse0 libasound2 "
                    + "libxcb1 libxcb-shm0).";
        }
        return "";
    }

    @Override
    public String toString() {
        return "ffmpeg " + ffmpeg + (ffprobe == null ? "" : " and ffprobe " + ffprobe) + " from " + origin();
    }
}
