package dev.streamvcr.account;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own account in the API. */
@Path("/api/v1/account")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account")
public class OwnAccountApi {

    @Inject
    AccountService accounts;

    @Inject
    SecurityIdentity identity;

    /** A password change: the current password, then the new one (8 characters to 72 bytes). */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    @POST
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change my password", description = "Needs the current password. Every browser session of "
            + "yours ends; API tokens stay (revoke them one by one). A wrong current password or a new one under 8 "
            + "characters answers 400 naming the field.")
    public Map<String, Object> changePassword(PasswordChange body) {
        PasswordChange change = body == null ? new PasswordChange(null, null) : body;
        long ended = accounts.changePassword(Viewer.of(identity), change.currentPassword(), change.newPassword());
        return Map.of("changed", true, "sessionsEnded", ended);
    }
}
