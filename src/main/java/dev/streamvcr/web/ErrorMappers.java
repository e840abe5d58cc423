package dev.streamvcr.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.ForbiddenException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One place that turns the failures every feature shares into answers: JSON {@code {"error": …, "fields": {…}}}
 * under {@code /api/}, an HTML page elsewhere. A feature maps its own failures with {@link #answer}. Errors a user cannot cause are logged with a reference number that the answer shows
 * instead of a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response fieldErrors(FieldErrors e, RoutingContext context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("fields", e.fields());
        return answer(context, 400, body, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, RoutingContext context) {
        return answer(context, 404, Map.of("error", e.getMessage()), e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e, RoutingContext context) {
        return answer(context, 409, Map.of("error", e.getMessage()), e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooMany(TooManyRequests e, RoutingContext context) {
        return Response.fromResponse(answer(context, 429, Map.of("error", e.getMessage()), e.getMessage()))
                .header("Retry-After", e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, RoutingContext context) {
        String message = "This needs an administrator.";
        return answer(context, 403, Map.of("error", message), message);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, RoutingContext context) {
        String message = "The request body is not valid JSON for this call: " + e.getOriginalMessage();
        return answer(context, 400, Map.of("error", message), message);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, RoutingContext context) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, context);
        }
        String message = switch (status) {
            case 404 -> "There is nothing at " + context.request().path() + ".";
            case 405 -> "This address does not accept " + context.request().method().name() + ".";
            case 415 -> "Send the body as " + (isApi(context) ? "application/json." : "a form.");
            case 406 -> "This address cannot answer in the format asked for.";
            case 413 -> "What was sent is too large: a form field may hold at most " + limit("max-form-attribute-size")
                    + " and a whole request " + limit("max-body-size") + " (bytes).";
            case 400 -> jsonProblem(e) != null ? "The request body is not valid JSON for this call: "
                    + jsonProblem(e).getOriginalMessage() : "The request was not understood (malformed body or parameters).";
            default -> e.getMessage() == null ? "The request was not understood." : e.getMessage();
        };
        return answer(context, status, Map.of("error", message), message);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, RoutingContext context) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected failure [ref %s] on %s %s", reference, context.request().method(),
                context.request().path());
        String message = "Something went wrong on the server (reference " + reference + ").";
        return answer(context, 500, Map.of("error", message, "reference", reference), message);
    }

    private static JsonProcessingException jsonProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    /** An HTTP size limit as configured ({@code 64K}). */
    private static String limit(String name) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits." + name, String.class).orElse("the configured limit");
    }

    /**
     * The answer for {@code status}: {@code json} under {@code /api/}, else the error page showing {@code message}.
     * Features with failures of their own map them through this, so every error reads the same.
     */
    public static Response answer(RoutingContext context, int status, Map<String, ?> json, String message) {
        if (isApi(context)) {
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(json).build();
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(ErrorTemplates.error(status, message, MenuViewer.of(context)).render()).build();
    }

    /** Whether the request is a JSON API call (answered in JSON) rather than a page. */
    public static boolean isApi(RoutingContext context) {
        return context.request().path().startsWith("/api/");
    }
}
