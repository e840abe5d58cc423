package dev.streamvcr.rtmp.amf;

import dev.streamvcr.rtmp.WireIdTable;

/** AMF3 type markers (AMF3 spec 3.1). */
enum Amf3Marker {
    UNDEFINED(0x00, "undefined"),
    NULL(0x01, "null"),
    FALSE(0x02, "false"),
    TRUE(0x03, "true"),
    INTEGER(0x04, "integer"),
    DOUBLE(0x05, "double"),
    STRING(0x06, "string"),
    XML_DOCUMENT(0x07, "xml-document"),
    DATE(0x08, "date"),
    ARRAY(0x09, "array"),
    OBJECT(0x0A, "object"),
    XML(0x0B, "xml"),
    BYTE_ARRAY(0x0C, "byte-array"),
    VECTOR_INT(0x0D, "vector-int"),
    VECTOR_UINT(0x0E, "vector-uint"),
    VECTOR_DOUBLE(0x0F, "vector-double"),
    VECTOR_OBJECT(0x10, "vector-object"),
    DICTIONARY(0x11, "dictionary");

    private static final WireIdTable<Amf3Marker> BY_ID = WireIdTable.of(values(), marker -> marker.id);

    final int id;
    final String label;

    Amf3Marker(int id, String label) {
        this.id = id;
        this.label = label;
    }

    /** @return the marker with this wire id, or null if AMF3 defines none */
    static Amf3Marker fromId(int id) {
        return BY_ID.get(id);
    }
}
