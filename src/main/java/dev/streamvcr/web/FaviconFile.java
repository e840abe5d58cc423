package dev.streamvcr.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Browsers ask for {@code /favicon.ico} whatever a page links, and logs fill with 404s if nothing answers. This
 * answers with the same SVG icon the layout links from {@code /static/}, from our own origin as the
 * Content-Security-Policy's {@code img-src 'self'} wants; it is public, like the login page that shows it.
 */
@Path("/favicon.ico")
public class FaviconFile {

    static final String TYPE = "image/svg+xml";
    private static final byte[] ICON = read();

    @GET
    public Response icon() {
        return Response.ok(ICON, TYPE).header("Cache-Control", "public, max-age=86400").build();
    }

    private static byte[] read() {
        try (InputStream in = FaviconFile.class.getClassLoader().getResourceAsStream("META-INF/resources/static/favicon.svg")) {
            if (in == null) {
                throw new IllegalStateException("the icon static/favicon.svg is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
