package dev.streamvcr.rtmp.client;

import dev.streamvcr.rtmp.message.Command;
import dev.streamvcr.rtmp.message.ConnectParams;
import dev.streamvcr.rtmp.message.RtmpMessage;
import dev.streamvcr.rtmp.message.SecureToken;
import dev.streamvcr.rtmp.message.UserControlEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The messages that start playing one stream, as librtmp sends them: their content, their order and their
 * transaction numbers (librtmp's m_numInvokes). Which message answers which reply is the session's business.
 */
final class PlayCommands {
    /** Chunk stream ids as librtmp uses them: protocol control (spec 5.4), commands, and the play request. */
    static final int CSID_CONTROL = 2;
    static final int CSID_COMMAND = 3;
    static final int CSID_PLAY = 8;
    /** rtmpdump --live sends start -1000; servers take any value below -1 as "live". */
    private static final double LIVE_START = -1000;
    /** librtmp's Set Buffer Length for stream 0 right after connect succeeds. */
    private static final long CONNECTION_BUFFER_MS = 300;

    /** One message and the chunk stream it goes on. */
    record Outgoing(int chunkStreamId, RtmpMessage message) {
    }

    private final RtmpUrl url;
    private final RtmpClientOptions options;
    private double invokes;
    private double createStreamTransaction = -1;

    PlayCommands(RtmpUrl url, RtmpClientOptions options) {
        this.url = url;
        this.options = options;
    }

    /** {@code connect}, with auth (after a Boolean true, as rtmpdump --auth sets it) and then the conn data. */
    Outgoing connect() {
        List<Object> extra = new ArrayList<>();
        if (options.auth() != null) {
            extra.add(true);
            extra.add(options.auth());
        }
        extra.addAll(options.connArguments());
        ConnectParams params = new ConnectParams(url.app(), url.tcUrl(), options.flashVer(), options.swfUrl(),
                options.pageUrl(), extra);
        invokes = Command.CONNECT_TRANSACTION;
        return new Outgoing(CSID_COMMAND, Command.connect(params).toMessage(0));
    }

    /** The answer to the connect reply's {@code secureToken} challenge, when the source has a token. */
    Optional<Outgoing> secureTokenAnswer(Command connectReply) {
        if (options.token() != null
                && connectReply.findProperty("secureToken").orElse(null) instanceof String challenge) {
            return Optional.of(new Outgoing(CSID_COMMAND,
                    SecureToken.response(SecureToken.decrypt(options.token(), challenge))));
        }
        return Optional.empty();
    }

    /**
     * What follows a successful connect (after the client's window): the connection's buffer length,
     * {@code createStream}, the usher token, and {@code FCSubscribe} for a live or subscribed stream.
     */
    List<Outgoing> createStream() {
        List<Outgoing> out = new ArrayList<>();
        out.add(new Outgoing(CSID_CONTROL, UserControlEvent.setBufferLength(0, CONNECTION_BUFFER_MS).toMessage()));
        createStreamTransaction = ++invokes;
        out.add(new Outgoing(CSID_COMMAND, Command.createStream(createStreamTransaction).toMessage(0)));
        if (options.usherToken() != null) {
            out.add(new Outgoing(CSID_COMMAND, Command.usherToken(++invokes, options.usherToken()).toMessage(0)));
        }
        if (options.subscribe() != null) {
            out.add(new Outgoing(CSID_COMMAND, Command.fcSubscribe(++invokes, options.subscribe()).toMessage(0)));
        } else if (options.live()) {
            out.add(new Outgoing(CSID_COMMAND, Command.fcSubscribe(++invokes, url.playPath()).toMessage(0)));
        }
        return out;
    }

    boolean answersCreateStream(Command reply) {
        return reply.transactionId() == createStreamTransaction;
    }

    /** {@code set_playlist} (with the playlist option), {@code play} and the stream's buffer length. */
    List<Outgoing> play(int streamId) {
        List<Outgoing> out = new ArrayList<>();
        if (options.playlist()) {
            out.add(new Outgoing(CSID_PLAY, Command.setPlaylist(url.playPath()).toMessage(streamId)));
        }
        double start = options.live() ? LIVE_START : options.startMs();
        double duration = options.stopMs() > 0 ? options.stopMs() - options.startMs() : -1;
        out.add(new Outgoing(CSID_PLAY, Command.play(++invokes, url.playPath(), start, duration).toMessage(streamId)));
        out.add(new Outgoing(CSID_CONTROL, UserControlEvent.setBufferLength(streamId, options.bufferMs()).toMessage()));
        return out;
    }
}
