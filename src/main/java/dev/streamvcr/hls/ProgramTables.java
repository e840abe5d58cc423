package dev.streamvcr.hls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The program-specific information of a transport stream (ISO/IEC 13818-1 §2.4.4): the Program Association Table on
 * PID 0, which names the PIDs of the Program Map Tables, and the PMT, which lists the elementary streams with their
 * stream_type and descriptors. Sections may span packets and are only taken when their CRC_32 checks out (Annex A).
 * An HLS segment carries one program (RFC 8216 §3.2); when there are more, the last PMT read is the one in force.
 */
final class ProgramTables {
    static final int PAT_PID = 0;
    private static final int MAX_PMT_PIDS = 8;
    /** section_length of a PAT or PMT is at most 1021 (§2.4.4.4, §2.4.4.9), so a section is at most 1024 bytes. */
    private static final int MAX_SECTION = 1024;
    private static final int PAT_TABLE_ID = 0x00;
    private static final int PMT_TABLE_ID = 0x02;
    private static final int REGISTRATION_DESCRIPTOR = 0x05;
    /** DVB's AC-3 and enhanced AC-3 descriptors (ETSI EN 300 468 Annex D). */
    private static final int DVB_AC3_DESCRIPTOR = 0x6A;
    private static final int DVB_EAC3_DESCRIPTOR = 0x7A;
    private static final int[] CRC_TABLE = crcTable();

    /** What an elementary stream carries. */
    enum Kind { VIDEO, AUDIO, OTHER }

    /** One elementary stream of the PMT. */
    record Stream(int pid, int streamType, String codec, Kind kind) {
    }

    private final Map<Integer, Section> sections = new HashMap<>();
    private List<Stream> streams = List.of();

    ProgramTables() {
        sections.put(PAT_PID, new Section());
    }

    /** Whether {@code pid} carries the PAT or a PMT the PAT named. */
    boolean carriesTables(int pid) {
        return sections.containsKey(pid);
    }

    /** The streams of the PMT in force, in its order; empty before one was read. */
    List<Stream> streams() {
        return streams;
    }

    /** The PMT's entry for {@code pid}, or null. */
    Stream stream(int pid) {
        for (Stream stream : streams) {
            if (stream.pid() == pid) {
                return stream;
            }
        }
        return null;
    }

    /** The codec of the first stream of {@code kind}, or null. */
    String codec(Kind kind) {
        for (Stream stream : streams) {
            if (stream.kind() == kind) {
                return stream.codec();
            }
        }
        return null;
    }

    /**
     * Takes the payload of a packet on a table PID: with payload_unit_start_indicator, a pointer_field says where the
     * first new section starts; the bytes before it end the section in progress (§2.4.4.2).
     */
    void accept(int pid, byte[] b, int from, int to, boolean unitStart) {
        Section section = sections.get(pid);
        if (section == null || from >= to) {
            return;
        }
        int at = from;
        if (unitStart) {
            int pointer = b[at++] & 0xFF;
            int end = Math.min(to, at + pointer);
            if (section.length > 0) {
                feed(section, b, at, end);
            }
            section.length = 0;
            at = end;
        } else if (section.length == 0) {
            return; // the middle of a section whose start was missed
        }
        while (at < to) {
            if (section.length == 0 && (b[at] & 0xFF) == 0xFF) {
                return; // stuffing to the end of the packet
            }
            at = feed(section, b, at, to);
        }
    }

    /** Adds bytes to the section in progress; parses it once whole. @return where the unused bytes start */
    private int feed(Section section, byte[] b, int from, int to) {
        int at = from;
        while (at < to) {
            int take = Math.min(to - at, section.wanted() - section.length);
            System.arraycopy(b, at, section.bytes, section.length, take);
            section.length += take;
            at += take;
            if (section.length >= 3 && section.length == section.wanted()) {
                parse(section.bytes, section.length);
                section.length = 0;
                return at;
            }
        }
        return at;
    }

    private void parse(byte[] s, int length) {
        if ((s[1] & 0x80) == 0 || length < 12 || crc32(s, length) != 0 || (s[5] & 0x01) == 0) {
            return; // not a long-form section, damaged, or current_next_indicator 0 (a table not yet in force)
        }
        int end = length - 4;
        if ((s[0] & 0xFF) == PAT_TABLE_ID) {
            parsePat(s, end);
        } else if ((s[0] & 0xFF) == PMT_TABLE_ID) {
            parsePmt(s, end);
        }
    }

    /** PAT (§2.4.4.3 Table 2-30): program_number and PID pairs after the 8-byte header; program 0 is the network PID. */
    private void parsePat(byte[] s, int end) {
        List<Integer> named = new ArrayList<>();
        for (int at = 8; at + 4 <= end && named.size() < MAX_PMT_PIDS; at += 4) {
            int program = (s[at] & 0xFF) << 8 | s[at + 1] & 0xFF;
            int pid = (s[at + 2] & 0x1F) << 8 | s[at + 3] & 0xFF;
            if (program != 0 && pid != PAT_PID) {
                named.add(pid);
            }
        }
        sections.keySet().removeIf(pid -> pid != PAT_PID && !named.contains(pid));
        named.forEach(pid -> sections.computeIfAbsent(pid, unused -> new Section()));
    }

    /** PMT (§2.4.4.8 Table 2-33): PCR_PID, program descriptors, then stream_type, PID and descriptors per stream. */
    private void parsePmt(byte[] s, int end) {
        int at = 12 + ((s[10] & 0x0F) << 8 | s[11] & 0xFF);
        List<Stream> found = new ArrayList<>();
        while (at + 5 <= end) {
            int type = s[at] & 0xFF;
            int pid = (s[at + 1] & 0x1F) << 8 | s[at + 2] & 0xFF;
            int infoLength = (s[at + 3] & 0x0F) << 8 | s[at + 4] & 0xFF;
            int infoEnd = Math.min(at + 5 + infoLength, end);
            found.add(describe(pid, type, s, at + 5, infoEnd));
            at = infoEnd;
        }
        streams = List.copyOf(found);
    }

    /**
     * Names a stream's codec from its stream_type (§2.4.4.9 Table 2-34, and the ATSC A/52 types for AC-3 and E-AC-3,
     * Apple's SAMPLE-AES types) or, for PES private data (0x06), from its descriptors: a registration descriptor
     * (§2.6.8) whose format_identifier is registered with the SMPTE Registration Authority ("AC-3", "EAC3", "HEVC",
     * "ID3 ") or set by the codec's own carriage spec ("Opus" in the Opus-in-TS draft, "AV01" in AOM's AV1-in-TS),
     * or DVB's AC-3 descriptors.
     */
    static Stream describe(int pid, int type, byte[] s, int from, int to) {
        return switch (type) {
            case 0x01 -> new Stream(pid, type, "MPEG-1 Video", Kind.VIDEO);
            case 0x02 -> new Stream(pid, type, "MPEG-2 Video", Kind.VIDEO);
            case 0x10 -> new Stream(pid, type, "MPEG-4 Visual", Kind.VIDEO);
            case 0x1B, 0xDB -> new Stream(pid, type, "H.264", Kind.VIDEO);
            case 0x24 -> new Stream(pid, type, "H.265", Kind.VIDEO);
            case 0xEA -> new Stream(pid, type, "VC-1", Kind.VIDEO);
            // MPEG-1/2 audio: layer III or II, which only the audio frames tell
            case 0x03, 0x04 -> new Stream(pid, type, "MP3", Kind.AUDIO);
            case 0x0F, 0x11, 0x1C, 0xCF -> new Stream(pid, type, "AAC", Kind.AUDIO);
            case 0x81, 0xC1 -> new Stream(pid, type, "AC-3", Kind.AUDIO);
            case 0x87, 0xC2 -> new Stream(pid, type, "E-AC-3", Kind.AUDIO);
            case 0x15 -> new Stream(pid, type, "ID3", Kind.OTHER);
            case 0x86 -> new Stream(pid, type, "SCTE-35", Kind.OTHER);
            case 0x06 -> describePrivate(pid, s, from, to);
            default -> new Stream(pid, type, String.format("stream_type 0x%02X", type), Kind.OTHER);
        };
    }

    private static Stream describePrivate(int pid, byte[] s, int from, int to) {
        for (int at = from; at + 2 <= to; at += 2 + (s[at + 1] & 0xFF)) {
            int tag = s[at] & 0xFF;
            int length = s[at + 1] & 0xFF;
            if (tag == DVB_AC3_DESCRIPTOR) {
                return new Stream(pid, 0x06, "AC-3", Kind.AUDIO);
            }
            if (tag == DVB_EAC3_DESCRIPTOR) {
                return new Stream(pid, 0x06, "E-AC-3", Kind.AUDIO);
            }
            if (tag == REGISTRATION_DESCRIPTOR && length >= 4 && at + 6 <= to) {
                String format = new String(s, at + 2, 4, StandardCharsets.ISO_8859_1);
                switch (format) {
                    case "Opus": return new Stream(pid, 0x06, "Opus", Kind.AUDIO);
                    case "AC-3": return new Stream(pid, 0x06, "AC-3", Kind.AUDIO);
                    case "EAC3": return new Stream(pid, 0x06, "E-AC-3", Kind.AUDIO);
                    case "AV01": return new Stream(pid, 0x06, "AV1", Kind.VIDEO);
                    case "HEVC": return new Stream(pid, 0x06, "H.265", Kind.VIDEO);
                    case "ID3 ": return new Stream(pid, 0x06, "ID3", Kind.OTHER);
                    default: break;
                }
            }
        }
        return new Stream(pid, 0x06, "private data", Kind.OTHER);
    }

    /** CRC-32/MPEG-2 (Annex A): polynomial 0x04C11DB7, initial 0xFFFFFFFF, unreflected; 0 over a whole section. */
    static int crc32(byte[] b, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) {
            crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ b[i]) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
            table[i] = crc;
        }
        return table;
    }

    /** A section being gathered: its first 3 bytes give section_length, hence its whole size. */
    private static final class Section {
        final byte[] bytes = new byte[MAX_SECTION];
        int length;

        int wanted() {
            if (length < 3) {
                return 3;
            }
            return Math.min(3 + ((bytes[1] & 0x0F) << 8 | bytes[2] & 0xFF), MAX_SECTION);
        }
    }
}
