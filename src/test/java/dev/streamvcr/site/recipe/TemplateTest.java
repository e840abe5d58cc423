package dev.streamvcr.site.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final Map<String, String> VALUES = Map.of("host", "a.example:1935", "q", "a b&c=d/é",
            "page.origin", "http://x.example");

    @Test
    void eachFormEscapesForWhereTheValueGoes() throws Exception {
        assertEquals("rtmp://a.example:1935/live?q=a%20b&c=d/%C3%A9",
                Template.parse("rtmp://{host}/live?q={q}").render(VALUES, Template.Context.URL));
        assertEquals("http://x.example/s?q=a%20b%26c%3Dd%2F%C3%A9",
                Template.parse("{page.origin}/s?q={q:component}").render(VALUES, Template.Context.URL));
        assertEquals("conn=S:a\\20b&c=d/é", Template.parse("conn=S:{q}").render(VALUES, Template.Context.RTMP_OPTION));
        assertEquals("x a b&c=d/é {y}", Template.parse("x {q:raw} {{y}}").render(VALUES, Template.Context.URL));
        assertEquals(List.of("host", "q"), Template.parse("{host}/{q:raw}").names());
    }

    @Test
    void brokenTemplatesSayWhere() {
        assertEquals("the '{' at position 3 is never closed (write {{ for a literal brace)",
                assertThrows(Template.Invalid.class, () -> Template.parse("ab{cd")).getMessage());
        assertEquals("'{q:upper}': unknown form ':upper' (use :component or :raw)",
                assertThrows(Template.Invalid.class, () -> Template.parse("{q:upper}")).getMessage());
        assertEquals("the '}' at position 2 closes nothing (write }} for a literal brace)",
                assertThrows(Template.Invalid.class, () -> Template.parse("a}")).getMessage());
    }

    @Test
    void theOutputKeepsAValueWithSpacesInsideItsOption() throws Exception {
        assertEquals("rtmp://a.example:1935/live/x playpath=a\\20b&c=d/é live=1",
                RecipeOutput.build("rtmp://{host}/live/x  playpath={q} live=1", VALUES));
        assertEquals("librtmp options only apply to rtmp:// sources, not to http://x.example/i.m3u8",
                assertThrows(RecipeOutput.Invalid.class,
                        () -> RecipeOutput.build("{page.origin}/i.m3u8 live=1", VALUES)).getMessage());
    }
}
