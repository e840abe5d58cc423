package dev.streamvcr.peer;

import dev.streamvcr.rtmp.handshake.FlashHandshakeReferee;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.OptionalInt;
import java.util.Random;

/**
 * The server's side of one RTMP handshake (spec 5.2) as a {@link ScriptedRtmpServer.Script} plays it: the simple
 * handshake (S1 of zeros, S2 echoing C1) with any S0 version byte or no answer at all, or, for a C1 that carries a
 * Flash Player digest, S1 and S2 signed as Flash Media Server signs them ({@link FlashHandshakeReferee}).
 */
final class ScriptedHandshake {
    static final int SIZE = 1536;

    private final int version;
    private final Long digestSeed;
    private final boolean refuseSimple;
    private ByteBuf buffered = Unpooled.buffer();
    private boolean answered;
    private volatile byte[] s1;
    private volatile boolean clientSignedC1;
    private volatile boolean clientSignedC2;

    /**
     * @param version      the S0 version byte, or -1 to never answer
     * @param digestSeed   the seed of the signed S1 (the same for every connection), or null for no digest handshake
     * @param refuseSimple with a seed: close the connection on a C1 without a digest instead of answering it
     */
    ScriptedHandshake(int version, Long digestSeed, boolean refuseSimple) {
        this.version = version;
        this.digestSeed = digestSeed;
        this.refuseSimple = refuseSimple;
    }

    boolean done() {
        return buffered == null;
    }

    /**
     * Takes bytes from the client, answering C0 and C1 once they are complete. Returns null until C2 has arrived,
     * then what followed it (the first chunks), after which the handshake is {@link #done()}.
     */
    ByteBuf feed(ByteBuf in, NetSocket socket) {
        buffered.writeBytes(in);
        if (buffered.writerIndex() >= 1 + SIZE && !answered) {
            answered = true;
            answerC1(socket);
        }
        if (buffered.writerIndex() < 1 + 2 * SIZE) {
            return null;
        }
        if (clientSignedC1) {
            byte[] c2 = ByteBufUtil.getBytes(buffered, 1 + SIZE, SIZE);
            clientSignedC2 = FlashHandshakeReferee.c2Verifies(c2, s1,
                    FlashHandshakeReferee.serverDigestOffset(s1).orElseThrow());
        }
        ByteBuf rest = buffered.readerIndex(1 + 2 * SIZE);
        buffered = null;
        return rest;
    }

    /** The S1 this server sent, once it has. */
    byte[] s1() {
        return s1.clone();
    }

    boolean clientSignedC1() {
        return clientSignedC1;
    }

    /** Whether C1 carried a valid Flash Player digest and C2 was signed for the digest of our S1. */
    boolean clientDidDigestHandshake() {
        return clientSignedC1 && clientSignedC2;
    }

    /** Writes S0, S1 and S2 for the C1 received, closes the connection, or stays silent, as scripted. */
    private void answerC1(NetSocket socket) {
        if (version < 0) {
            return;
        }
        byte[] c1 = ByteBufUtil.getBytes(buffered, 1, SIZE);
        OptionalInt clientDigest = digestSeed == null ? OptionalInt.empty()
                : FlashHandshakeReferee.clientDigestOffset(c1);
        ByteBuf reply = Unpooled.buffer().writeByte(version);
        if (clientDigest.isPresent()) {
            Random random = new Random(digestSeed);
            s1 = FlashHandshakeReferee.signedS1(random, FlashHandshakeReferee.SECOND_BLOCK);
            clientSignedC1 = true;
            reply.writeBytes(s1).writeBytes(FlashHandshakeReferee.signedS2(random, c1, clientDigest.getAsInt()));
        } else if (refuseSimple) {
            socket.close();
            return;
        } else {
            // S1 (time, zero, filler), S2 (echo of C1)
            s1 = new byte[SIZE];
            reply.writeBytes(s1).writeBytes(c1);
        }
        socket.write(Buffer.buffer(reply));
    }
}
