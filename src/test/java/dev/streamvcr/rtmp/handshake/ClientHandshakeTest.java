package dev.streamvcr.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.rtmp.RtmpProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientHandshakeTest {

    @Test
    void c0c1IsVersionTimeZeroAndRandom() {
        byte[] c0c1 = new ClientHandshake(new Random(1), 0x01020304L).c0c1();
        assertEquals(1537, c0c1.length);
        assertEquals(3, c0c1[0]);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}, Arrays.copyOfRange(c0c1, 1, 9));
        assertFalse(Arrays.equals(new byte[1528], Arrays.copyOfRange(c0c1, 9, 1537)), "random part is filled");
    }

    @Test
    void answersS1WithC2OnceAndLeavesBytesAfterS2() {
        ClientHandshake handshake = new ClientHandshake(new Random(2), 0);
        byte[] s1 = new byte[1536];
        new Random(3).nextBytes(s1);
        ByteBuf server = Unpooled.buffer();
        server.writeByte(3).writeBytes(s1).writeZero(1536).writeBytes(new byte[] {0x02, 0x00});

        assertNull(handshake.feed(server.readSlice(700)));
        byte[] c2 = handshake.feed(server.readSlice(1000));
        assertArrayEquals(s1, c2, "C2 echoes S1");
        assertFalse(handshake.isDone());
        ByteBuf rest = server.readSlice(server.readableBytes());
        assertNull(handshake.feed(rest));
        assertTrue(handshake.isDone());
        assertEquals(2, rest.readableBytes(), "chunk stream bytes after S2 stay unread");
    }

    @Test
    void refusesOtherVersionsWithAReason() {
        assertEquals("RTMP handshake: the server answered version 72, expected 3 (the server sent text starting"
                + " with 'H'; is this port an RTMP server?)", assertThrows(RtmpProtocolException.class,
                        () -> new ClientHandshake(new Random(), 0).feed(Unpooled.wrappedBuffer("HTTP/1.1".getBytes())))
                .getMessage());
        assertEquals("RTMP handshake: the server answered version 0, expected 3", assertThrows(
                RtmpProtocolException.class, () -> new ClientHandshake(new Random(), 0).feed(
                        Unpooled.wrappedBuffer(new byte[1]))).getMessage());
    }
}
