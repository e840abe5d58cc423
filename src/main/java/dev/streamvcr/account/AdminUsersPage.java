package dev.streamvcr.account;

import dev.streamvcr.web.FieldErrors;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** users_show, users_create: the admin's account page. */
@Path("/admin/users")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class AdminUsersPage {

    @Inject
    AccountService accounts;

    @Inject
    SecurityIdentity identity;

    @GET
    public Response show(@jakarta.ws.rs.QueryParam("deleted") String deleted) {
        return page(AccountTemplates.AccountForm.EMPTY, Map.of(), deleted == null ? null
                : "Deleted the account '" + deleted + "'.", 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String username, @RestForm String password, @RestForm String role) {
        AccountTemplates.AccountForm form = new AccountTemplates.AccountForm(username == null ? "" : username, role == null ? "user" : role);
        try {
            AppUser user = accounts.create(Viewer.of(identity), new AccountService.NewAccount(username, password, role));
            return page(AccountTemplates.AccountForm.EMPTY, Map.of(), "Created " + user.role + " account '" + user.username + "'.", 201);
        } catch (FieldErrors e) {
            return page(form, e.fields(), null, 400);
        }
    }

    private Response page(AccountTemplates.AccountForm form, Map<String, String> errors, String notice, int status) {
        var users = accounts.list().stream().map(UserApi.UserView::of).toList();
        return Response.status(status)
                .entity(AccountTemplates.adminUsers(Viewer.of(identity), users, form, errors, notice).render()).build();
    }
}
