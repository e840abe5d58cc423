/**
 * AMF0 encoding and decoding (AMF0 spec), with decoding of AMF3 values inside AMF0 (AMF3 spec). Entry point: {@link dev.streamvcr.rtmp.amf.Amf0}.
 */
package dev.streamvcr.rtmp.amf;
