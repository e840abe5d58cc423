/**
 * The public RTMP play client: {@link dev.streamvcr.rtmp.client.RtmpPlayer#play} with an
 * {@link dev.streamvcr.rtmp.client.RtmpUrl}, {@link dev.streamvcr.rtmp.client.RtmpClientOptions} and an
 * {@link dev.streamvcr.rtmp.client.RtmpPlayListener}; failures are {@link dev.streamvcr.rtmp.client.RtmpFailure}s.
 */
package dev.streamvcr.rtmp.client;
