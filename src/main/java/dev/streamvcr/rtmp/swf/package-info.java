/**
 * SWF verification, as rtmpdump's {@code --swfVfy} does it: the player SWF's hash and size ({@link
 * dev.streamvcr.rtmp.swf.SwfHash}), cached with an expiry ({@link dev.streamvcr.rtmp.swf.SwfHashCache}), and the
 * answer to a server's verification request ({@link dev.streamvcr.rtmp.swf.SwfVerification}).
 */
package dev.streamvcr.rtmp.swf;
