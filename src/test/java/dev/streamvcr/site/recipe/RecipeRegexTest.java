package dev.streamvcr.site.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.web.FieldErrors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recipe regular expressions run in time linear in the page, whatever an admin writes. */
class RecipeRegexTest {

    private static RecipeStep regex(String regex) {
        return new RecipeStep("value", null, null, null, null, regex, null, null, null);
    }

    @Test
    void aCatastrophicPatternOnAHostilePageEndsPromptly() {
        String page = "a".repeat(200_000) + "!";
        // With a backtracking engine this runs for longer than the universe has left; the guard only ends the test.
        Extraction.Failed failed = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(Extraction.Failed.class, () -> Extraction.extract(regex("(a+)+$"), page, null, "the page")));
        assertEquals("the regex '(a+)+$' matched nothing in the page", failed.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertTrue(RecipeRunner.builtIns(
                new Recipe("r", "^(h+)+$", null, List.of(), "x"), java.net.URI.create("http://" + "h".repeat(5000) + "x/"))
                .containsKey("page")));
    }

    @Test
    void groupsNamedEitherWayStillWork() throws Exception {
        assertEquals("42", Extraction.extract(regex("streamId: \"(\\d+)\""), "var streamId: \"42\";", null, "p"));
        var values = RecipeRunner.builtIns(new Recipe("r", "^https://live\\.example\\.com/ch/(?<channel>\\d+)", null,
                List.of(), "x"), java.net.URI.create("https://live.example.com/ch/7"));
        assertEquals("7", values.get("channel"));
    }

    @Test
    void whatTheLinearEngineCannotRunIsRefusedWithTheReason() {
        Recipe recipe = new Recipe("r", "^https://x/(?=y)", null, List.of(regex("(\\w)\\1")), "{value}");
        FieldErrors errors = assertThrows(FieldErrors.class, () -> RecipeValidator.validate(recipe, ""));
        assertTrue(errors.fields().get("urlPattern").contains("look-around"), errors.fields().toString());
        assertTrue(errors.fields().get("steps[1].regex").contains("back-reference"), errors.fields().toString());
    }
}
