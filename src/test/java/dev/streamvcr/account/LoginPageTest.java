package dev.streamvcr.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoginPageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/recordings|/recordings",
        "/reservations/7?booked|/reservations/7?booked",
        "//evil.example/x|/reservations",
        "/\\\\evil.example|/reservations",
        "https://evil.example/|/reservations",
        "/reservations?q=a b|/reservations",
        "relative|/reservations",
    })
    void afterLoginOnlyPathsOnThisSite(String next, String expected) {
        assertEquals(expected, LoginPage.safeNext(next));
    }
}
