package dev.streamvcr.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
    public record UserView(long id, String username, String role, Instant createdAt) {
        static UserView of(AppUser user) {
            return new UserView(user.id, user.username, user.role, user.createdAt);
        }
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
        AppUser user = accounts.create(request);
        return Response.created(URI.create("/api/v1/users/" + user.id)).entity(UserView.of(user)).build();
    }
}
