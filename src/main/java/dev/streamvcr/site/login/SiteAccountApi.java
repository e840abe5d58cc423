package dev.streamvcr.site.login;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The viewer's own site accounts; passwords go in and never come out. */
@Path("/api/v1/site-accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Site accounts")
public class SiteAccountApi {

    @Inject
    SiteAccounts accounts;

    @Inject
    SiteLogin login;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(summary = "List your site accounts", description = "Passwords are never returned; passwordStored says one is kept.")
    public List<SiteAccountView> list() {
        return accounts.listOwn(viewer()).stream().map(SiteAccountView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a site account", description = "site is a host name or a recipe's name; loginUrl, the only "
            + "origin the password is ever sent to, is needed for a recipe's name and defaults to https://<site>/; "
            + "allowHttp allows plain http for a login page on your own network.")
    public Response create(SiteAccounts.NewSiteAccount body) {
        SiteAccounts.NewSiteAccount request = body == null ? new SiteAccounts.NewSiteAccount(null, null, null, null, null) : body;
        SiteAccount account = accounts.create(viewer(), request);
        return Response.created(URI.create("/api/v1/site-accounts/" + account.id)).entity(SiteAccountView.of(account)).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the user name, password or login page of a site account")
    public SiteAccountView update(@PathParam("id") long id, SiteAccounts.SiteAccountChange body) {
        SiteAccounts.SiteAccountChange change = body == null ? new SiteAccounts.SiteAccountChange(null, null, null, null) : body;
        return SiteAccountView.of(accounts.update(viewer(), id, change));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a site account and its kept cookies")
    public Response delete(@PathParam("id") long id) {
        accounts.delete(viewer(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/check")
    @Operation(summary = "Log in to the site now", description = "Reuses kept cookies while they work; says why a login failed.")
    public SiteLogin.Outcome check(@PathParam("id") long id) {
        SiteAccount account = accounts.own(viewer(), id);
        return login.verify(account.ownerId, account.site);
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
