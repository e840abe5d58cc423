package dev.streamvcr.preview;

import dev.streamvcr.account.Viewer;
import dev.streamvcr.config.StreamVcrConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** trace_show: the page where an administrator uploads a leaked file to {@link TraceUpload} and reads the verdict. */
@Path("/admin/trace")
@RolesAllowed("admin")
public class TracePage {

    @Inject
    SecurityIdentity identity;

    @Inject
    StreamVcrConfig config;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String show() {
        return PreviewTemplates.trace(Viewer.of(identity), config.preview().traceMaxUpload()).render();
    }
}
