package dev.streamvcr.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void instantsInAMessageBecomeTimesThePageShowsLocallyAndTheRestIsEscaped() {
        assertEquals("Dropped at <time datetime=\"2026-12-04T13:01:20Z\">2026-12-04 13:01:20 UTC</time> &amp; "
                + "&lt;b&gt;gone&lt;/b&gt;", Formats.withTimes("Dropped at 2026-12-04T13:01:20Z & <b>gone</b>").toString());
        assertEquals("<time datetime=\"2026-12-04T13:01:20.250Z\">2026-12-04 13:01:20 UTC</time>.",
                Formats.withTimes("2026-12-04T13:01:20.250Z.").toString());
        assertEquals("valid until 2026-12-04T25:01:20Z", Formats.withTimes("valid until 2026-12-04T25:01:20Z").toString(),
                "what only looks like an instant stays as written");
        assertEquals("", Formats.withTimes(null).toString());
    }
}
