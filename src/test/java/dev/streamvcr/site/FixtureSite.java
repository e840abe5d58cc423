package dev.streamvcr.site;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small site on a free 127.0.0.1 port, modelled on a live site with a login: a login form with a hidden
 * token bound to a pre-login cookie, a session cookie after login, a broadcast page whose player parameters
 * (server, app, stream ID) only logged-in viewers see, a JSON ticket and an XML status document. Sessions can
 * be expired to make a client log in again. Stop it with {@link #close()}.
 */
public final class FixtureSite implements AutoCloseable {

    public static final String USER = "alice";
    public static final String PASSWORD = "correct horse";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger logins = new AtomicInteger();

    public FixtureSite() throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.get("/login").handler(ctx -> loginForm(ctx, null));
        router.post("/login").handler(this::login);
        router.get("/home").handler(ctx -> loggedIn(ctx, () -> html(ctx, "<p>Welcome " + USER
                + "</p><a class=\"logout\" href=\"/logout\">Log out</a>")));
        router.get("/live/:id").handler(ctx -> loggedIn(ctx, () -> html(ctx,
                "<h1>Live</h1><div id=\"player\" data-server=\"127.0.0.1:1935\" data-app=\"live\"></div>"
                        + "<script>var player = { streamId: \"" + ctx.pathParam("id") + "-hd\" };</script>")));
        router.get("/api/ticket/:id").handler(ctx -> loggedIn(ctx, () -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end("{\"ticket\":{\"value\":\"tk " + ctx.pathParam("id") + "\"},\"viewers\":[1,2]}")));
        router.get("/show/:id").handler(ctx -> html(ctx, "<h1 class=\"title\">Evening news " + ctx.pathParam("id")
                + "</h1><a id=\"status\" href=\"/status/" + ctx.pathParam("id") + ".xml\">status</a>"
                + "<script>config = {server: 'rtmp://127.0.0.1/news', play: 'ch" + ctx.pathParam("id") + "'};</script>"));
        router.get("/status/:file").handler(ctx -> ctx.response().putHeader("Content-Type", "application/xml")
                .end("<?xml version=\"1.0\"?><getplayerstatus status=\"ok\"><stream><id>"
                        + ctx.pathParam("file").replace(".xml", "") + "</id></stream><rtmp><url>rtmp://127.0.0.1/liveedge"
                        + "</url><ticket>a b&amp;c</ticket></rtmp></getplayerstatus>"));
        router.get("/hls/:id").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end("{\"data\":{\"streams\":[{\"url\":\"http://127.0.0.1/hls/" + ctx.pathParam("id") + "/index.m3u8\"}]}}"));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public int port() {
        return server.actualPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** How many successful logins the site has seen. */
    public int logins() {
        return logins.get();
    }

    /** Forgets every session, as a site does when its sessions time out. */
    public void expireSessions() {
        sessions.clear();
    }

    private void loginForm(RoutingContext ctx, String error) {
        Cookie pre = ctx.request().getCookie("pre");
        String token = pre == null ? UUID.randomUUID().toString() : pre.getValue();
        ctx.response().addCookie(Cookie.cookie("pre", token).setPath("/").setHttpOnly(true));
        html(ctx, (error == null ? "" : "<p class=\"error\">" + error + "</p>")
                + "<form class=\"search\" action=\"/search\"><input name=\"q\"></form>"
                + "<form id=\"signin\" method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"token\" value=\""
                + token + "\"><input name=\"user\" type=\"text\"><input name=\"pass\" type=\"password\">"
                + "<input type=\"checkbox\" name=\"remember\" value=\"1\" checked>"
                + "<button type=\"submit\" name=\"go\" value=\"in\">Log in</button></form>");
    }

    private void login(RoutingContext ctx) {
        Cookie pre = ctx.request().getCookie("pre");
        String token = ctx.request().getFormAttribute("token");
        if (pre == null || token == null || !token.equals(pre.getValue()) || !"in".equals(ctx.request().getFormAttribute("go"))) {
            ctx.response().setStatusCode(403);
            html(ctx, "<div class=\"alert\">Your form expired, please reload the page</div>");
            return;
        }
        if (!USER.equals(ctx.request().getFormAttribute("user")) || !PASSWORD.equals(ctx.request().getFormAttribute("pass"))) {
            loginForm(ctx, "Wrong password");
            return;
        }
        String sid = UUID.randomUUID().toString();
        sessions.add(sid);
        logins.incrementAndGet();
        ctx.response().addCookie(Cookie.cookie("sid", sid).setPath("/").setHttpOnly(true));
        ctx.response().setStatusCode(302).putHeader("Location", "/home").end();
    }

    private void loggedIn(RoutingContext ctx, Runnable page) {
        Cookie sid = ctx.request().getCookie("sid");
        if (sid != null && sessions.contains(sid.getValue())) {
            page.run();
        } else {
            loginForm(ctx, null);
        }
    }

    private static void html(RoutingContext ctx, String body) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end("<!DOCTYPE html><html><head><title>Fixture</title></head><body>" + body + "</body></html>");
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
