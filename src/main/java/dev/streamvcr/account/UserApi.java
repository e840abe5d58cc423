package dev.streamvcr.account;

import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Accounts, for admins. */
@Path("/api/v1/users")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserApi {

    @Inject
    AccountService accounts;

    /** An account as the API shows it (never the password hash). */
    public record UserView(long id, String username, String role, Instant createdAt, boolean disabled,
            boolean mustChangePassword) {
        static UserView of(AppUser user) {
            return new UserView(user.id, user.username, user.role, user.createdAt, user.disabled,
                    user.mustChangePassword);
        }
    }

    @Inject
    SecurityIdentity identity;

    /** What an admin changes on an account; a field left out stays as it is. */
    public record AccountUpdate(String role, Boolean disabled) {
    }

    /** A password an admin sets; the account must replace it at its next login. */
    public record PasswordReset(String password) {
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show an account")
    public UserView show(@PathParam("id") long id) {
        return UserView.of(accounts.find(id));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an account's role or disable/enable it", description = "Disabling ends the account's "
            + "sessions and tokens and refuses its logins. Disabling or demoting the last admin who can log in "
            + "answers 409 with the reason.")
    public UserView update(@PathParam("id") long id, AccountUpdate body) {
        Viewer actor = Viewer.of(identity);
        AccountUpdate update = body == null ? new AccountUpdate(null, null) : body;
        if (update.role() != null) {
            accounts.changeRole(actor, id, update.role());
        }
        if (update.disabled() != null) {
            accounts.setDisabled(actor, id, update.disabled());
        }
        return UserView.of(accounts.find(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an account", description = "recordings=handover&heir=<admin id> hands its "
            + "reservations and recordings to that admin; recordings=delete deletes them, files too. Refused with 409 "
            + "for your own account, the last admin who can log in, or while one of its recordings is going on.")
    public Response delete(@PathParam("id") long id, @QueryParam("recordings") String recordings,
            @QueryParam("heir") String heir) {
        accounts.delete(Viewer.of(identity), id, AccountDeletionChoice.heir(recordings, heir));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset an account's password", description = "The account must choose a new password at its "
            + "next login; its sessions and tokens end. A password under 8 characters answers 400 naming the field.")
    public UserView resetPassword(@PathParam("id") long id, PasswordReset body) {
        accounts.resetPassword(Viewer.of(identity), id, body == null ? null : body.password());
        return UserView.of(accounts.find(id));
    }

    @GET
    @Operation(summary = "List accounts")
    public List<UserView> list() {
        return accounts.list().stream().map(UserView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account", description = "role is 'user' (default) or 'admin'.")
    public Response create(AccountService.NewAccount body) {
        AccountService.NewAccount request = body == null ? new AccountService.NewAccount(null, null, null) : body;
        AppUser user = accounts.create(Viewer.of(identity), request);
        return Response.created(URI.create("/api/v1/users/" + user.id)).entity(UserView.of(user)).build();
    }
}
