package dev.streamvcr.web;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives a reason to the bare 400 that the CSRF filter answers with, so nobody is left with an empty page.
 * (Every other error already carries its message.)
 */
public class EmptyErrorBodies {

    private static final String FORM = "The form was refused: its security token is missing or has expired. "
            + "Reload the page and try again.";
    private static final String API = "The request was refused: API calls send JSON (Content-Type: application/json); "
            + "form posts need the page's security token.";

    @ServerResponseFilter
    public void explain(ContainerResponseContext response, RoutingContext context) {
        if (response.getStatus() != 400 || response.hasEntity()) {
            return;
        }
        if (ErrorMappers.isApi(context)) {
            response.setEntity(Map.of("error", API), null, MediaType.APPLICATION_JSON_TYPE);
        } else {
            response.setEntity(ErrorTemplates.error(400, FORM, MenuViewer.of(context)).render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        }
    }
}
