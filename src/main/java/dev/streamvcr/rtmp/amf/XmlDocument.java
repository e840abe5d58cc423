package dev.streamvcr.rtmp.amf;

import java.util.Objects;

/** An AMF0 XML document (AMF0 spec 2.17), kept as its text. */
public record XmlDocument(String xml) {
    public XmlDocument {
        Objects.requireNonNull(xml, "xml");
    }
}
