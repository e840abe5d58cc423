package dev.streamvcr.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityHeadersTest {

    @Test
    void pagesForbidInlineScriptFramingAndLeakingReferrers() {
        Response page = given().get("/login");
        page.then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("strict-origin-when-cross-origin"))
                .header("Strict-Transport-Security", nullValue());
        String html = page.body().asString();
        assertTrue(!html.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*") && !html.contains(" style=")
                && !html.matches("(?s).*\\son[a-z]+=.*"), "no inline script or style on the page");
        given().get("/api/v1/reservations").then().header("Content-Security-Policy", containsString("'self'"));
    }

    @Test
    void httpsBehindATrustedProxyIsPinnedWithHsts() {
        given().header("X-Forwarded-Proto", "https").get("/login").then().statusCode(200)
                .header("Strict-Transport-Security", containsString("max-age="));
    }

    @Test
    void pagesLinkStaticFilesByTheHashOfTheirContent() throws Exception {
        String html = given().get("/login").body().asString();
        for (String file : new String[] {"app.css", "app.js"}) {
            Matcher link = Pattern.compile("/static/" + Pattern.quote(file) + "\\?v=([0-9a-f]+)\"").matcher(html);
            assertTrue(link.find(), file + " is linked with its version: " + html);
            assertEquals(hash(file).substring(0, link.group(1).length()), link.group(1));
            assertTrue(link.group(1).length() >= 8);
            given().get("/static/" + file + "?v=" + link.group(1)).then().statusCode(200);
        }
    }

    @Test
    void theIconIsOurOwnFileOnEveryPageAndAtTheAddressBrowsersTryFirst() {
        String html = given().get("/login").body().asString();
        Matcher link = Pattern.compile("<link rel=\"icon\" href=\"(/static/favicon\\.svg\\?v=[0-9a-f]+)\" type=\"image/svg\\+xml\">")
                .matcher(html);
        assertTrue(link.find(), "the layout links the icon: " + html);
        given().get(link.group(1)).then().statusCode(200).contentType(containsString("image/svg+xml"))
                .body(containsString("<svg"));
        // Browsers ask for /favicon.ico whatever the page links; the same icon answers, under the same policy.
        given().redirects().follow(false).get("/favicon.ico").then().statusCode(200)
                .contentType(containsString("image/svg+xml"))
                .header("Content-Security-Policy", containsString("img-src 'self'"))
                .header("Cache-Control", containsString("max-age="))
                .body(containsString("<svg"));
    }

    private static String hash(String file) throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("META-INF/resources/static/" + file)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }
}
