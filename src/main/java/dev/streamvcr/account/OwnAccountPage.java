package dev.streamvcr.account;

import dev.streamvcr.web.FieldErrors;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** account_show, password_change: a person's own account page (password and API tokens). */
@Path("/account")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class OwnAccountPage {

    @Inject
    AccountService accounts;

    @Inject
    SecurityIdentity identity;

    @Inject
    TokenService tokens;

    @GET
    public Response show(@QueryParam("notice") String notice, @QueryParam("revoked") String revoked) {
        String text = "changed".equals(notice) ? "Your password is changed; your other sessions are logged out."
                : revoked != null ? "Revoked the API token" + (revoked.isBlank() ? "" : " '" + revoked + "'")
                        + "; programs using it are refused from now on." : null;
        return page(Map.of(), text, 200);
    }

    @GET
    @Path("tokens/{id}/revoke")
    public String confirmRevoke(@PathParam("id") long id) {
        Viewer viewer = Viewer.of(identity);
        return AccountTemplates.confirmRevoke(viewer, tokens.apiToken(viewer, id)).render();
    }

    @POST
    @Path("tokens/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id) {
        TokenService.TokenView token = tokens.revoke(Viewer.of(identity), id);
        return Response.seeOther(UriBuilder.fromPath("/account")
                .queryParam("revoked", token.name() == null ? "" : token.name()).build()).build();
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@RestForm String currentPassword, @RestForm String newPassword,
            @RestForm String confirmPassword) {
        Viewer viewer = Viewer.of(identity);
        if (newPassword != null && !newPassword.equals(confirmPassword)) {
            return page(Map.of("confirmPassword", "The two new passwords differ; type the same one twice."), null, 400);
        }
        try {
            accounts.changePassword(viewer, currentPassword, newPassword);
        } catch (FieldErrors e) {
            return page(e.fields(), null, 400);
        }
        return Response.seeOther(URI.create("/account?notice=changed")).build();
    }

    @GET
    @Path("new-password")
    public Response newPasswordForm() {
        Viewer viewer = Viewer.of(identity);
        if (!accounts.mustChangePassword(viewer.id())) {
            return Response.seeOther(URI.create("/account")).build();
        }
        return Response.ok(AccountTemplates.newPassword(viewer, Map.of()).render()).build();
    }

    @POST
    @Path("new-password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response newPassword(@RestForm String newPassword, @RestForm String confirmPassword) {
        Viewer viewer = Viewer.of(identity);
        if (!accounts.mustChangePassword(viewer.id())) {
            return Response.seeOther(URI.create("/account")).build();
        }
        if (newPassword != null && !newPassword.equals(confirmPassword)) {
            return Response.status(400).entity(AccountTemplates.newPassword(viewer,
                    Map.of("confirmPassword", "The two passwords differ; type the same one twice.")).render()).build();
        }
        try {
            accounts.replaceResetPassword(viewer, newPassword);
        } catch (FieldErrors e) {
            return Response.status(400).entity(AccountTemplates.newPassword(viewer, e.fields()).render()).build();
        }
        return Response.seeOther(URI.create("/reservations")).build();
    }

    private Response page(Map<String, String> errors, String notice, int status) {
        Viewer viewer = Viewer.of(identity);
        return Response.status(status).entity(AccountTemplates.account(viewer, errors, notice, tokens.apiTokens(viewer.id()))
                .render()).build();
    }
}
