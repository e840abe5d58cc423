/**
 * The public RTMP play client: {@link dev.streamvcr.rtmp.client.RtmpPlayer#play} with an
 * {@link dev.streamvcr.rtmp.client.RtmpUrl}, {@link dev.streamvcr.rtmp.client.RtmpClientOptions} and an
 * {@link dev.streamvcr.rtmp.client.RtmpPlayListener}; failures are {@link dev.streamvcr.rtmp.client.RtmpFailure}s.
 * A source written the librtmp way (URL plus {@code key=value} options) is an
 * {@link dev.streamvcr.rtmp.client.RtmpSource}: its {@code url()} and {@code applyTo(options)} feed the player.
 */
package dev.streamvcr.rtmp.client;
