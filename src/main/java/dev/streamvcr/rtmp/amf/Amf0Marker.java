package dev.streamvcr.rtmp.amf;

import dev.streamvcr.rtmp.WireIdTable;

/** AMF0 type markers (AMF0 spec 2.1). */
enum Amf0Marker {
    NUMBER(0x00, "number"),
    BOOLEAN(0x01, "boolean"),
    STRING(0x02, "string"),
    OBJECT(0x03, "object"),
    MOVIECLIP(0x04, "movieclip"),
    NULL(0x05, "null"),
    UNDEFINED(0x06, "undefined"),
    REFERENCE(0x07, "reference"),
    ECMA_ARRAY(0x08, "ecma-array"),
    OBJECT_END(0x09, "object-end"),
    STRICT_ARRAY(0x0A, "strict-array"),
    DATE(0x0B, "date"),
    LONG_STRING(0x0C, "long-string"),
    UNSUPPORTED(0x0D, "unsupported"),
    RECORDSET(0x0E, "recordset"),
    XML_DOCUMENT(0x0F, "xml-document"),
    TYPED_OBJECT(0x10, "typed-object"),
    AVMPLUS_OBJECT(0x11, "avmplus-object (switch to AMF3)");

    private static final WireIdTable<Amf0Marker> BY_ID = WireIdTable.of(values(), marker -> marker.id);

    final int id;
    final String label;

    Amf0Marker(int id, String label) {
        this.id = id;
        this.label = label;
    }

    /** @return the marker with this wire id, or null if AMF0 defines none */
    static Amf0Marker fromId(int id) {
        return BY_ID.get(id);
    }
}
