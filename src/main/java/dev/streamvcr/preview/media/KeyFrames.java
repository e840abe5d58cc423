package dev.streamvcr.preview.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fingerprints of the key frames of H.264 video: per IDR picture, the first 16 bytes of SHA-256 over its slice data
 * (NAL units of type 5, without start codes). Copying the video into another container (remuxing) changes how NAL
 * units are framed and which parameter sets and delimiters travel with them, never a slice's bytes, so a segment's
 * key frame is recognised in a byte-identical copy and in a remuxed one alike. Every preview segment holds exactly one
 * key frame, and A, B and each viewer's name segments differ in theirs.
 */
public final class KeyFrames {

    public static final int DIGEST_BYTES = 16;
    private static final int TS_PACKET = 188;
    private static final int H264_STREAM_TYPE = 0x1b;
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(10);

    private KeyFrames() {
    }

    /** The key frame fingerprints of an MPEG-TS segment, in order (read in Java: no process per segment). */
    public static List<byte[]> ofSegment(Path segment) {
        try {
            return ofAnnexB(videoOfTs(Files.readAllBytes(segment)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + segment + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key frame fingerprints of any file ffmpeg reads (TS, MP4, MKV, …) whose first video is H.264, in order; empty
     * for a file with no H.264 video.
     *
     * @param scratch a directory for the extracted video, deleted again
     * @throws FfmpegException when ffmpeg cannot read the file at all
     */
    public static List<byte[]> ofFile(FfmpegTools tools, Path media, Path scratch) {
        String codec = FfmpegProcess.probe(tools, List.of("-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name", "-of", "csv=p=0", "file:" + media.toAbsolutePath()), EXTRACT_TIMEOUT).strip();
        if (!codec.startsWith("h264")) {
            return List.of();
        }
        Path raw = null;
        try {
            raw = Files.createTempFile(scratch, "video-", ".h264");
            FfmpegProcess.run(tools, List.of("-y", "-i", "file:" + media.toAbsolutePath(), "-map", "0:v:0", "-c:v", "copy",
                    "-bsf:v", "h264_mp4toannexb", "-f", "h264", raw.toString()), EXTRACT_TIMEOUT);
            return ofAnnexB(Files.readAllBytes(raw));
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the video of " + media + ": " + e.getMessage(), e);
        } finally {
            if (raw != null) {
                raw.toFile().delete();
            }
        }
    }

    /** The fingerprints of the IDR pictures of an Annex B stream: each run of type-5 NAL units is one picture. */
    static List<byte[]> ofAnnexB(byte[] stream) {
        List<byte[]> digests = new ArrayList<>();
        MessageDigest sha = null;
        for (byte[] unit : units(stream)) {
            boolean idr = (unit[0] & 0x1f) == 5;
            if (idr) {
                if (sha == null) {
                    sha = sha256();
                }
                sha.update(unit);
            } else if (sha != null) {
                digests.add(Arrays.copyOf(sha.digest(), DIGEST_BYTES));
                sha = null;
            }
        }
        if (sha != null) {
            digests.add(Arrays.copyOf(sha.digest(), DIGEST_BYTES));
        }
        return digests;
    }

    /** The NAL units of an Annex B stream (ITU-T H.264 Annex B.1), without start codes and trailing zero bytes. */
    static List<byte[]> units(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    addUnit(units, stream, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            addUnit(units, stream, start, stream.length);
        }
        return units;
    }

    private static void addUnit(List<byte[]> units, byte[] stream, int from, int to) {
        while (to > from && stream[to - 1] == 0) {
            to--;
        }
        if (to > from) {
            units.add(Arrays.copyOfRange(stream, from, to));
        }
    }

    /** The payload of the first H.264 elementary stream of an MPEG-TS file (ISO/IEC 13818-1 §2.4.3), as Annex B. */
    static byte[] videoOfTs(byte[] ts) {
        int pmtPid = -1;
        int videoPid = -1;
        ByteArrayOutputStream video = new ByteArrayOutputStream(ts.length);
        for (int at = 0; at + TS_PACKET <= ts.length; at += TS_PACKET) {
            if (ts[at] != 0x47) {
                throw new IllegalArgumentException("not an MPEG-TS packet at byte " + at);
            }
            boolean unitStart = (ts[at + 1] & 0x40) != 0;
            int pid = ((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff);
            int control = (ts[at + 3] >> 4) & 3;
            int payload = at + 4 + ((control & 2) != 0 ? 1 + (ts[at + 4] & 0xff) : 0);
            int end = at + TS_PACKET;
            if ((control & 1) == 0 || payload >= end) {
                continue;
            }
            if (pid == 0 && unitStart && pmtPid < 0) {
                int section = payload + 1 + (ts[payload] & 0xff);
                // the first program's map PID: after the 8-byte section header, program_number(2) then PID(2)
                pmtPid = ((ts[section + 10] & 0x1f) << 8) | (ts[section + 11] & 0xff);
            } else if (pid == pmtPid && unitStart && videoPid < 0) {
                videoPid = h264Pid(ts, payload + 1 + (ts[payload] & 0xff));
            } else if (pid == videoPid) {
                if (unitStart) {
                    payload += 9 + (ts[payload + 8] & 0xff);
                }
                if (payload < end) {
                    video.write(ts, payload, end - payload);
                }
            }
        }
        return video.toByteArray();
    }

    private static int h264Pid(byte[] ts, int section) {
        int sectionLength = ((ts[section + 1] & 0x0f) << 8) | (ts[section + 2] & 0xff);
        int programInfo = ((ts[section + 10] & 0x0f) << 8) | (ts[section + 11] & 0xff);
        int entry = section + 12 + programInfo;
        int end = section + 3 + sectionLength - 4;
        while (entry + 5 <= end) {
            int type = ts[entry] & 0xff;
            int pid = ((ts[entry + 1] & 0x1f) << 8) | (ts[entry + 2] & 0xff);
            if (type == H264_STREAM_TYPE) {
                return pid;
            }
            entry += 5 + (((ts[entry + 3] & 0x0f) << 8) | (ts[entry + 4] & 0xff));
        }
        return -1;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
