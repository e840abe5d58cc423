package dev.streamvcr.web;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The start page sends people to their reservations, or to the login first. */
@Path("/")
public class HomePage {

    @Inject
    SecurityIdentity identity;

    @GET
    public Response show() {
        return Response.seeOther(URI.create(identity.isAnonymous() ? "/login" : "/reservations")).build();
    }
}
