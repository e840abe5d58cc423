package dev.streamvcr.site.login;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.streamvcr.Api;
import dev.streamvcr.site.fixture.LoginSite;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A user's site password goes only to the origin of the login page that user saved. */
@QuarkusTest
class PasswordDestinationTest {

    @RegisterExtension
    static final LoginSite SITE = new LoginSite();
    static Collector collector;

    @Inject
    SiteLogin login;

    /** A server that keeps whatever is posted to it and serves a login form that posts to {@code action}. */
    static final class Collector implements AutoCloseable {
        final HttpServer server;
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile String action = "/collect";

        Collector() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (body.length > 0 || exchange.getRequestURI().getQuery() != null) {
                    received.add(new String(body, StandardCharsets.UTF_8) + " " + exchange.getRequestURI());
                }
                byte[] page = ("<html><body><form method=post action=\"" + action + "\"><input name=user>"
                        + "<input type=password name=pass><button>Log in</button></form></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        collector = new Collector();
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    private static Api.Account userWithAccount(String site, String loginUrl) {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("site", site, "username", LoginSite.USER, "password", LoginSite.PASSWORD,
                "loginUrl", loginUrl, "allowHttp", true)).post("/api/v1/site-accounts").then().statusCode(201);
        return user;
    }

    @Test
    void aRecipeNamedLikeTheSiteCannotRouteThePasswordElsewhere() {
        String admin = Api.adminToken();
        String name = "victim-" + System.nanoTime() % 1_000_000 + ".example";
        int recipe = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "urlPattern", "^http://nowhere\\.invalid/",
                        "login", Map.of("url", collector.url("/login")), "output", "rtmp://x/{page.host}"))
                .post("/api/v1/admin/sites").then().statusCode(201).extract().path("id");
        try {
            Api.Account user = userWithAccount(name, SITE.url("/login"));
            int before = collector.received.size();
            SiteLogin.Outcome outcome = login.verify(Api.userId(user.username()), name);
            assertTrue(outcome.ok(), outcome.message());
            assertEquals(before, collector.received.size(), "nothing reached the recipe's server: " + collector.received);
        } finally {
            given().auth().oauth2(admin).delete("/api/v1/admin/sites/" + recipe).then().statusCode(204);
        }
    }

    @Test
    void aFormThatWouldPostToAnotherOriginSendsNothing() throws Exception {
        try (Collector decoy = new Collector()) {
            decoy.action = collector.url("/steal");
            Api.Account user = userWithAccount("127.0.0.1", decoy.url("/login"));
            int before = collector.received.size();
            SiteLogin.Outcome outcome = login.verify(Api.userId(user.username()), "127.0.0.1");
            assertFalse(outcome.ok());
            assertTrue(outcome.message().contains("would send your password to " + collector.url("/steal")),
                    outcome.message());
            assertEquals(before, collector.received.size(), "nothing was posted: " + collector.received);
            assertTrue(decoy.received.isEmpty(), decoy.received.toString());
        }
    }

    @Test
    void loginPagesAreHttpsUnlessPlainHttpIsAllowedForTheLan() {
        Api.Account user = Api.newUser("user");
        user.api().body(Map.of("site", "127.0.0.1", "username", "u", "password", "p", "loginUrl", SITE.url("/login")))
                .post("/api/v1/site-accounts").then().statusCode(400)
                .body("fields.loginUrl", containsString("must be an https:// address"));
        user.api().body(Map.of("site", "news.example", "username", "u", "password", "p",
                "loginUrl", "http://93.184.216.34/login", "allowHttp", true))
                .post("/api/v1/site-accounts").then().statusCode(400)
                .body("fields.loginUrl", containsString("only allowed for a host on your own network"));
        user.api().body(Map.of("site", "a recipe", "username", "u", "password", "p"))
                .post("/api/v1/site-accounts").then().statusCode(400)
                .body("fields.loginUrl", containsString("Give the login page"));
        user.api().get("/api/v1/site-accounts").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        user.api().body(Map.of("site", "127.0.0.1", "username", "u", "password", "p", "loginUrl", SITE.url("/login"),
                "allowHttp", true)).post("/api/v1/site-accounts").then().statusCode(201);
    }
}
