package dev.streamvcr.hls;

import java.util.Arrays;

/**
 * Transport packets read but not yet handed back, in order, each known by a sequence number that counts every
 * packet ever appended. A byte is addressed by its position {@code sequence * 188 + offset}, so a PES header split
 * over two packets can be written back after both arrived. Holds at most a fixed number of packets.
 */
final class PacketQueue {
    private static final int INITIAL_PACKETS = 16;

    private final int capacity;
    private byte[] data = new byte[INITIAL_PACKETS * TsPacket.SIZE];
    private long first;
    private int count;

    PacketQueue(int capacity) {
        this.capacity = capacity;
    }

    /** @return the new packet's sequence number; only when not {@link #full()} */
    long append(byte[] source, int from) {
        if (full()) {
            throw new IllegalStateException("the packet queue is full");
        }
        int need = (count + 1) * TsPacket.SIZE;
        if (need > data.length) {
            data = Arrays.copyOf(data, Math.min(Math.max(need, data.length * 2), capacity * TsPacket.SIZE));
        }
        System.arraycopy(source, from, data, count * TsPacket.SIZE, TsPacket.SIZE);
        return first + count++;
    }

    boolean full() {
        return count == capacity;
    }

    int size() {
        return count;
    }

    /** The sequence number of the oldest packet held (or of the next one appended, when empty). */
    long first() {
        return first;
    }

    /** The sequence number the next packet appended gets. */
    long end() {
        return first + count;
    }

    /** The array that holds packet {@code sequence}, valid until the next append or drain. */
    byte[] array() {
        return data;
    }

    /** Where packet {@code sequence} starts in {@link #array()}. */
    int offsetOf(long sequence) {
        return Math.toIntExact((sequence - first) * TsPacket.SIZE);
    }

    /** Sets the byte at {@code position}; a position in a packet already drained is ignored. */
    void set(long position, byte value) {
        long index = position - first * TsPacket.SIZE;
        if (index >= 0 && index < (long) count * TsPacket.SIZE) {
            data[(int) index] = value;
        }
    }

    /** Moves the packets before {@code sequence} to {@code out} at {@code at}; @return bytes moved */
    int drainBefore(long sequence, byte[] out, int at) {
        int packets = (int) Math.min(Math.max(sequence - first, 0), count);
        int bytes = packets * TsPacket.SIZE;
        System.arraycopy(data, 0, out, at, bytes);
        System.arraycopy(data, bytes, data, 0, (count - packets) * TsPacket.SIZE);
        first += packets;
        count -= packets;
        return bytes;
    }

    /** Drops every packet held. */
    void clear() {
        first += count;
        count = 0;
    }
}
