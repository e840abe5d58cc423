/**
 * A native RTMP play client: handshake, chunk stream codec, AMF0, messages and a Vert.x client session.
 *
 * <p>Plain Java on Netty buffers and Vert.x sockets; no application framework imports, so the package can be used
 * as a library. Spec references are to Adobe's "Real-Time Messaging Protocol (RTMP) specification" (2012, "RTMP
 * spec") and "Action Message Format -- AMF 0" (2007, "AMF0 spec").
 */
package dev.streamvcr.rtmp;
