package dev.streamvcr.outbound;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamvcr.Api;
import dev.streamvcr.site.login.SiteLogin;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loopback is allowed for streams (the shared STREAMVCR_OUTBOUND_ALLOW) but not for pages nor logins, each of which
 * has its own list that overrides the shared one.
 */
@QuarkusTest
@TestProfile(OutboundPurposesTest.StreamsOnly.class)
class OutboundPurposesTest {

    public static final class StreamsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("streamvcr.outbound.allow", "127.0.0.0/8", "streamvcr.outbound.page-allow", "none",
                    "streamvcr.outbound.login-allow", "10.0.0.0/8");
        }
    }

    @Inject
    SiteLogin login;

    private static Map<String, Object> booking(String source) {
        return Map.of("title", "Purpose", "sourceUrl", source, "durationSeconds", 600,
                "startAt", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).withNano(0).toString());
    }

    @Test
    void aLanRangeAllowedForStreamsIsNotOneForPagesOrLogins() {
        Api.Account user = Api.newUser("user");
        user.api().body(booking("rtmp://127.0.0.1:1935/live/cam")).post("/api/v1/reservations").then().statusCode(201);
        user.api().body(booking("http://127.0.0.1:8081/cam-page")).post("/api/v1/reservations").then().statusCode(400)
                .body("fields.sourceUrl", containsString("STREAMVCR_OUTBOUND_PAGE_ALLOW"));

        user.api().body(Map.of("site", "127.0.0.1", "username", "u", "password", "p",
                "loginUrl", "http://127.0.0.1:8081/login", "allowHttp", true)).post("/api/v1/site-accounts")
                .then().statusCode(201);
        SiteLogin.Outcome outcome = login.verify(Api.userId(user.username()), "127.0.0.1");
        assertFalse(outcome.ok());
        assertTrue(outcome.message().contains("STREAMVCR_OUTBOUND_LOGIN_ALLOW"), outcome.message());
    }
}
