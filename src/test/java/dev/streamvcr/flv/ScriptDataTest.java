package dev.streamvcr.flv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamvcr.rtmp.amf.Amf0;
import dev.streamvcr.rtmp.amf.EcmaArray;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptDataTest {

    private static final Map<String, Object> ENTRIES = Map.of("width", 1280.0, "videocodecid", 7.0);

    @Test
    void readsEcmaArray() {
        Buffer body = Buffer.buffer(Amf0.encodeAll("onMetaData", new EcmaArray(ENTRIES)));
        assertEquals(ENTRIES, ScriptData.onMetaData(body));
    }

    @Test
    void readsObjectAfterSetDataFrame() {
        Buffer body = Buffer.buffer(Amf0.encodeAll("@setDataFrame", "onMetaData", ENTRIES));
        assertEquals(ENTRIES, ScriptData.onMetaData(body));
    }

    @Test
    void ignoresOtherScriptData() {
        assertNull(ScriptData.onMetaData(Buffer.buffer(Amf0.encodeAll("onCuePoint", ENTRIES))));
        assertNull(ScriptData.onMetaData(Buffer.buffer(Amf0.encodeAll("onMetaData"))));
        assertNull(ScriptData.onMetaData(Buffer.buffer(Amf0.encodeAll("onMetaData", "not a map"))));
    }

    @Test
    void ignoresMalformedAmf() {
        assertNull(ScriptData.onMetaData(Buffer.buffer(new byte[] {2, 0, 10, 'o', 'n'})));
    }
}
