package dev.streamvcr.hls;

/**
 * Measures how long the AAC audio of one PES packet lasts, by walking its ADTS frame headers (ISO/IEC 13818-7
 * §6.2 and 14496-3 §1.A.2: syncword 0xFFF, sampling_frequency_index, frame_length, number_of_raw_data_blocks_in_frame),
 * fed the payload bytes of its transport packets as they come. A PES packet's PTS is the start of its first frame
 * (ISO/IEC 13818-1 §2.4.3.7), and a packet may hold several frames of 1024 samples each, so its end is only known
 * from the frames. Anything that is not ADTS stops the count: the duration is then unknown.
 */
final class AdtsDuration {
    private static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000,
        12000, 11025, 8000, 7350};
    private static final int PES_FIXED = 9;
    private static final int ADTS_HEADER = 7;
    private static final int SAMPLES_PER_FRAME = 1024;

    private final byte[] header = new byte[PES_FIXED];
    private int headerLength;
    private boolean inEs;
    private long skip;
    private long samples;
    private int sampleRate;
    private boolean unknown = true;

    /** A new PES packet starts with the next byte. */
    void startPes() {
        headerLength = 0;
        inEs = false;
        skip = 0;
        samples = 0;
        unknown = false;
    }

    /** Takes the next payload bytes of the PES packet, its header included. */
    void add(byte[] b, int from, int to) {
        int at = from;
        while (at < to && !unknown) {
            if (skip > 0) {
                int n = (int) Math.min(skip, to - at);
                skip -= n;
                at += n;
                continue;
            }
            int wanted = inEs ? ADTS_HEADER : PES_FIXED;
            int n = Math.min(wanted - headerLength, to - at);
            System.arraycopy(b, at, header, headerLength, Math.min(n, header.length - headerLength));
            headerLength += n;
            at += n;
            if (headerLength == wanted) {
                headerLength = 0;
                if (inEs) {
                    frame();
                } else {
                    inEs = true;
                    skip = header[8] & 0xFF; // PES_header_data_length: the optional fields before the data
                }
            }
        }
    }

    private void frame() {
        int rateIndex = (header[2] & 0x3C) >>> 2;
        int length = (header[3] & 0x03) << 11 | (header[4] & 0xFF) << 3 | (header[5] & 0xE0) >>> 5;
        if ((header[0] & 0xFF) != 0xFF || (header[1] & 0xF0) != 0xF0 || rateIndex >= SAMPLE_RATES.length
                || length < ADTS_HEADER || sampleRate != 0 && sampleRate != SAMPLE_RATES[rateIndex]) {
            unknown = true;
            return;
        }
        sampleRate = SAMPLE_RATES[rateIndex];
        samples += (long) SAMPLES_PER_FRAME * ((header[6] & 0x03) + 1);
        skip = length - ADTS_HEADER;
    }

    /** The frames' duration so far in 90 kHz ticks, rounded up; -1 when the data was not ADTS. */
    long ticks() {
        if (unknown || sampleRate == 0) {
            return -1;
        }
        return (samples * 90_000 + sampleRate - 1) / sampleRate;
    }
}
