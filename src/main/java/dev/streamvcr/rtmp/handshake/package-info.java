/** The client side of the RTMP simple handshake (RTMP spec 5.2). */
package dev.streamvcr.rtmp.handshake;
