package dev.streamvcr.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DownloadNameTest {

    @Test
    void dispositionHasAsciiFallbackAndExactUtf8Name() {
        assertEquals("attachment; filename=\"____2026-05-01.flv\"; "
                + "filename*=UTF-8''%E3%83%A9%E3%82%A4%E3%83%96_2026-05-01.flv",
                Download.disposition("ライブ_2026-05-01.flv", false));
    }

    @Test
    void quotesAndBackslashesCannotBreakTheHeader() {
        assertEquals("attachment; filename=\"a_b_c.flv\"; filename*=UTF-8''a%22b%5Cc.flv",
                Download.disposition("a\"b\\c.flv", false));
    }
}
