package dev.streamvcr.account;

import dev.streamvcr.web.Conflict;
import dev.streamvcr.web.FieldErrors;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestForm;

/** user_show, user_disable, user_enable, user_role, user_reset: one account, as an admin manages it. */
@Path("/admin/users/{id}")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class AdminUserPage {

    @Inject
    AccountService accounts;

    @Inject
    SecurityIdentity identity;

    @GET
    public Response show(@PathParam("id") long id, @QueryParam("notice") String notice) {
        return page(id, Map.of(), null, notice, 200);
    }

    @POST
    @Path("disable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response disable(@PathParam("id") long id) {
        return act(id, () -> accounts.setDisabled(Viewer.of(identity), id, true), "Disabled; its sessions and tokens "
                + "are ended and it cannot log in.");
    }

    @POST
    @Path("enable")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") long id) {
        return act(id, () -> accounts.setDisabled(Viewer.of(identity), id, false), "Enabled; it can log in again.");
    }

    @POST
    @Path("role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response role(@PathParam("id") long id, @RestForm String role) {
        return act(id, () -> accounts.changeRole(Viewer.of(identity), id, role), "Role saved.");
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resetPassword(@PathParam("id") long id, @RestForm String password) {
        return act(id, () -> accounts.resetPassword(Viewer.of(identity), id, password), "Password reset; it must be "
                + "changed at the next login. Tell the person the new password.");
    }

    @GET
    @Path("delete")
    public Response confirmDelete(@PathParam("id") long id) {
        return confirmation(id, Map.of(), null, 200);
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, @RestForm String recordings, @RestForm String heir) {
        AppUser deleted;
        try {
            deleted = accounts.delete(Viewer.of(identity), id, AccountDeletionChoice.heir(recordings, heir));
        } catch (FieldErrors e) {
            return confirmation(id, e.fields(), null, 400);
        } catch (Conflict e) {
            return confirmation(id, Map.of(), e.getMessage(), 409);
        }
        return Response.seeOther(UriBuilder.fromPath("/admin/users").queryParam("deleted", deleted.username).build())
                .build();
    }

    private Response confirmation(long id, Map<String, String> errors, String refusal, int status) {
        UserApi.UserView user = UserApi.UserView.of(accounts.find(id));
        var heirs = accounts.list().stream().filter(u -> u.isAdmin() && !u.disabled && u.id != id)
                .map(UserApi.UserView::of).toList();
        return Response.status(status).entity(AccountTemplates.confirmDeleteUser(Viewer.of(identity), user, heirs,
                errors, refusal).render()).build();
    }

    private Response act(long id, Supplier<AppUser> action, String notice) {
        try {
            action.get();
        } catch (FieldErrors e) {
            return page(id, e.fields(), null, null, 400);
        } catch (Conflict e) {
            return page(id, Map.of(), e.getMessage(), null, 409);
        }
        return Response.seeOther(UriBuilder.fromPath("/admin/users/{id}").queryParam("notice", notice).build(id))
                .build();
    }

    private Response page(long id, Map<String, String> errors, String refusal, String notice, int status) {
        UserApi.UserView user = UserApi.UserView.of(accounts.find(id));
        return Response.status(status).entity(AccountTemplates.adminUser(Viewer.of(identity), user, errors, refusal,
                notice).render()).build();
    }
}
