/**
 * RTMP messages (RTMP spec 5.4, 6.2, 7): the {@link dev.streamvcr.rtmp.message.RtmpMessage} envelope, the
 * {@link dev.streamvcr.rtmp.message.MessageType} table, and one immutable record per message a client needs, each
 * with {@code toMessage()} and a static {@code from(RtmpMessage)}.
 */
package dev.streamvcr.rtmp.message;
