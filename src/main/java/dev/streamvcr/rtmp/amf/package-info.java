/**
 * AMF0 encoding and decoding (AMF0 spec). Entry point: {@link dev.streamvcr.rtmp.amf.Amf0}.
 */
package dev.streamvcr.rtmp.amf;
