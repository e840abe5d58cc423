package dev.streamvcr.recording;

import dev.streamvcr.web.ErrorMappers;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The whole file or the MP4 of a recording cannot be made on this node (no working ffmpeg, or ffmpeg failed on
 * files it could read): an operator's problem, said plainly and logged with why and a reference.
 */
public class ExportUnavailable extends RuntimeException {

    private static final Logger LOG = Logger.getLogger(ExportUnavailable.class);

    public ExportUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** The answer for it, for pages and the API alike. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response unavailable(ExportUnavailable e, RoutingContext context) {
            String reference = java.util.UUID.randomUUID().toString().substring(0, 8);
            LOG.errorf(e, "[ref %s] %s", reference, e.getMessage());
            String message = e.getMessage() + " An administrator can see why in the log (reference " + reference + ").";
            return ErrorMappers.answer(context, 503, Map.of("error", message, "reference", reference), message);
        }
    }
}
