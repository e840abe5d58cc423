package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.audit.AuditLog;
import dev.streamvcr.config.StreamVcrConfig;
import dev.streamvcr.web.FieldErrors;
import dev.streamvcr.web.NotFound;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/recordings/{id}/trace}: an administrator uploads a leaked file (the raw bytes as the body) and
 * learns whose preview it is ({@link PreviewTrace}); every trace is audited. Uploads may be far larger than the
 * application's request limit, so this route takes them itself, before that limit: after authentication, only from an
 * administrator, into a file under the data directory, refused with 413 past {@code streamvcr.preview.trace-max-upload}.
 * A request that rides on the session cookie must carry the {@code X-CSRF-TOKEN} header like any other.
 */
@ApplicationScoped
public class TraceUpload {

    private static final Logger LOG = Logger.getLogger(TraceUpload.class);
    /** After authentication (-150) and the security headers' filter (-100), before the request size limit (-2). */
    private static final int ORDER = -90;
    private static final String PATH = "/api/v1/recordings/:id/trace";
    private static final String CSRF_COOKIE = "streamvcr-csrf";

    @Inject
    PreviewTrace trace;

    @Inject
    AuditLog audit;

    @Inject
    StreamVcrConfig config;

    @Inject
    Vertx vertx;

    void route(@Observes Router router) {
        router.route(HttpMethod.POST, PATH).order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            answer(context, 401, Map.of("error", "Log in as an administrator to trace a file."));
            return;
        }
        Viewer admin = Viewer.of(identity);
        if (!admin.admin()) {
            answer(context, 403, Map.of("error", "This needs an administrator."));
            return;
        }
        if (!csrfPassed(context)) {
            answer(context, 403, Map.of("error", "The request lacks its X-CSRF-TOKEN header; reload the page."));
            return;
        }
        long recordingId;
        try {
            recordingId = Long.parseLong(context.pathParam("id"));
        } catch (NumberFormatException e) {
            answer(context, 404, Map.of("error", "No such recording."));
            return;
        }
        long max = config.preview().traceMaxUpload();
        String length = context.request().getHeader("Content-Length");
        if (length != null && parse(length) > max) {
            tooLarge(context, max);
            return;
        }
        Path file;
        try {
            Path dir = Files.createDirectories(Path.of(config.dataDir(), "previews", "_trace"));
            file = Files.createTempFile(dir, "upload-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receive(context, file, max, admin, recordingId);
    }

    /** Writes the body to {@code file} without blocking, counting; past {@code max} it answers 413 and keeps nothing. */
    private void receive(RoutingContext context, Path file, long max, Viewer admin, long recordingId) {
        HttpServerRequest request = context.request();
        request.pause();
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(e -> {
                    delete(file);
                    answer(context, 500, Map.of("error", "The upload could not be stored."));
                })
                .onSuccess(out -> {
                    long[] received = {0};
                    AtomicBoolean over = new AtomicBoolean();
                    MessageDigest sha = sha256();
                    request.handler(buffer -> {
                        if (over.get()) {
                            return;
                        }
                        received[0] += buffer.length();
                        if (received[0] > max) {
                            over.set(true);
                            out.close().onComplete(v -> delete(file));
                            tooLarge(context, max);
                            return;
                        }
                        sha.update(buffer.getBytes());
                        out.write(buffer);
                        if (out.writeQueueFull()) {
                            request.pause();
                            out.drainHandler(v -> request.resume());
                        }
                    });
                    request.exceptionHandler(e -> out.close().onComplete(v -> delete(file)));
                    request.endHandler(v -> {
                        if (over.get()) {
                            return;
                        }
                        String digest = HexFormat.of().formatHex(sha.digest());
                        out.close().compose(closed -> vertx.<Map<String, Object>>executeBlocking(
                                () -> run(context, admin, recordingId, file, received[0], digest), false))
                                .onComplete(result -> {
                                    delete(file);
                                    if (result.succeeded()) {
                                        Map<String, Object> body = result.result();
                                        int status = (int) body.remove("_status");
                                        answer(context, status, body);
                                    } else {
                                        LOG.error("A trace failed", result.cause());
                                        answer(context, 500, Map.of("error", "The trace failed; see the server log."));
                                    }
                                });
                    });
                    request.resume();
                });
    }

    /** The trace itself, in a request context, audited whatever it concludes. */
    private Map<String, Object> run(RoutingContext context, Viewer admin, long recordingId, Path file, long bytes,
            String sha256) {
        ManagedContext requestContext = Arc.container().requestContext();
        requestContext.activate();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            String upload = bytes + " bytes, SHA-256 " + sha256.substring(0, 16);
            try {
                PreviewTrace.Result result = trace.trace(admin, recordingId, file);
                audit.record(admin, recordingId, AuditLog.Action.TRACE, true, context, result.outcome() + " "
                        + (result.viewerId() == null ? "" : "#" + result.viewerId() + " ") + "(" + upload + ")");
                body.put("_status", 200);
                body.put("outcome", result.outcome().name().toLowerCase().replace('_', '-'));
                body.put("viewerId", result.viewerId());
                body.put("username", result.username());
                body.put("message", result.message());
                body.put("segments", result.segments());
                body.put("segmentsNeeded", result.segmentsNeeded());
                body.put("moreSeconds", result.moreSeconds());
                body.put("agreements", result.agreements());
                body.put("runnerUpId", result.runnerUpId());
                body.put("runnerUpAgreements", result.runnerUpAgreements());
                body.put("coincidence", result.coincidence());
                body.put("candidates", result.candidates());
                body.put("otherRecordings", result.otherRecordings());
                return body;
            } catch (FieldErrors e) {
                audit.record(admin, recordingId, AuditLog.Action.TRACE, false, context, e.getMessage() + " (" + upload
                        + ")");
                body.put("_status", 400);
                body.put("error", e.getMessage());
                body.put("fields", e.fields());
                return body;
            } catch (NotFound e) {
                body.put("_status", 404);
                body.put("error", e.getMessage());
                return body;
            }
        } finally {
            requestContext.terminate();
        }
    }

    private boolean csrfPassed(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        Cookie cookie = context.request().getCookie(CSRF_COOKIE);
        String header = context.request().getHeader("X-CSRF-TOKEN");
        return cookie != null && header != null && MessageDigest.isEqual(cookie.getValue().getBytes(),
                header.getBytes());
    }

    private static void tooLarge(RoutingContext context, long max) {
        Map<String, Object> body = new LinkedHashMap<>();
        String message = "The file is larger than the " + (max >> 20) + " MiB a trace accepts"
                + " (STREAMVCR_PREVIEW_TRACE_MAX_UPLOAD); cut it to the part that matters.";
        body.put("error", message);
        body.put("fields", Map.of("file", message));
        context.response().putHeader("Connection", "close");
        answer(context, 413, body);
    }

    private static void answer(RoutingContext context, int status, Map<String, ?> body) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(Json.encode(body));
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Cannot delete the trace upload %s", file);
        }
    }
}
