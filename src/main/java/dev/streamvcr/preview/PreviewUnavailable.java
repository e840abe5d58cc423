package dev.streamvcr.preview;

import dev.streamvcr.preview.media.FfmpegException;
import dev.streamvcr.web.ErrorMappers;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** ffmpeg is missing or broken on this node: an operator's problem, said plainly to the viewer and logged with why. */
public class PreviewUnavailable {

    private static final Logger LOG = Logger.getLogger(PreviewUnavailable.class);

    @ServerExceptionMapper
    public Response previewsUnavailable(FfmpegException e, RoutingContext context) {
        LOG.errorf("Previews unavailable: %s", e.getMessage());
        String message = "Previews are not available on this server right now; an administrator can see why in the log.";
        return ErrorMappers.answer(context, 503, Map.of("error", message), message);
    }
}
