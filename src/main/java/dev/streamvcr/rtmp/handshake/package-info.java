/**
 * The client side of the RTMP handshake: the simple handshake (RTMP spec 5.2) and the Flash Player 9+ digest
 * handshake librtmp performs for servers that require SWF verification.
 */
package dev.streamvcr.rtmp.handshake;
