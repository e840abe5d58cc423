package dev.streamvcr.reservation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.streamvcr.Api;
import dev.streamvcr.web.BrowserSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets typed after a stream's address are used for recording and shown to nobody, the owner included. */
@QuarkusTest
class InlineSecretsTest {

    private static final String SOURCE = "rtmp://127.0.0.1:1/live/show token=s3cr3t-token auth=pa55-word jtv=jtv-key live=1";

    @Test
    void tokenAuthAndJtvAfterTheAddressAreMaskedInTheApiAndPages() {
        Api.Account user = Api.newUser("user");
        Map<String, Object> body = new java.util.HashMap<>(ReservationApiTest.booking());
        body.put("sourceUrl", SOURCE);
        int id = user.api().body(body).post("/api/v1/reservations").then().statusCode(201)
                .body("sourceUrl", equalTo("rtmp://127.0.0.1:1/live/show token=(stored) auth=(stored) jtv=(stored) live=1"))
                .extract().path("id");
        for (String path : new String[] {"/api/v1/reservations/" + id, "/api/v1/reservations"}) {
            user.api().get(path).then().statusCode(200).body(not(containsString("s3cr3t")))
                    .body(not(containsString("pa55"))).body(not(containsString("jtv-key")));
        }
        BrowserSession browser = BrowserSession.login(user.username(), user.password());
        for (String page : new String[] {"/reservations/" + id, "/reservations"}) {
            String html = browser.request().get(page).then().statusCode(200).extract().asString();
            assertFalse(html.contains("s3cr3t") || html.contains("pa55") || html.contains("jtv-key"), html);
        }
        assertEquals(SOURCE, QuarkusTransaction.requiringNew()
                .call(() -> Reservation.<Reservation>findById((long) id).sourceUrl), "the recorder still has them");
    }
}
