package dev.streamvcr.site.login;

import dev.streamvcr.account.Viewer;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/** site_accounts_show, _create, _replace, _delete, _check: a user's own logins to sites. */
@Path("/account/sites")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SiteAccountsPage {

    @Inject
    SiteAccounts accounts;

    @Inject
    SiteLogin login;

    @Inject
    SecurityIdentity identity;

    /**
     * The accounts; after "Test login" ({@code checked} the account's ID, {@code ok} whether the login worked) also
     * that test's outcome, read from what the login left on the account.
     */
    @GET
    public Response show(@QueryParam("checked") Long checked, @QueryParam("ok") boolean ok) {
        String notice = null;
        String problem = null;
        SiteAccount account = checked == null ? null : accounts.ownOrNull(viewer(), checked);
        if (account != null && ok) {
            notice = "OK: logged in to " + account.site + ".";
        } else if (account != null) {
            // The login's own error already names the site ("login failed for …: …").
            problem = account.lastError != null ? account.lastError : "The login to " + account.site + " failed.";
        }
        return page(SiteAccountTemplates.Form.EMPTY, Map.of(), notice, problem, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String site, @RestForm String username, @RestForm String password,
            @RestForm String loginUrl, @RestForm String allowHttp) {
        var form = new SiteAccountTemplates.Form(orEmpty(site), orEmpty(username), orEmpty(loginUrl), allowHttp != null);
        try {
            SiteAccount account = accounts.create(viewer(), new SiteAccounts.NewSiteAccount(site, username, password,
                    loginUrl, allowHttp != null));
            return page(SiteAccountTemplates.Form.EMPTY, Map.of(), "Stored your account for " + account.site + ".", null, 201);
        } catch (FieldErrors e) {
            return page(form, e.fields(), null, null, 400);
        }
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response replace(@PathParam("id") long id, @RestForm String username, @RestForm String password,
            @RestForm String loginUrl, @RestForm String allowHttp) {
        try {
            SiteAccount account = accounts.update(viewer(), id, new SiteAccounts.SiteAccountChange(username, password,
                    loginUrl, loginUrl == null ? null : allowHttp != null));
            return page(SiteAccountTemplates.Form.EMPTY, Map.of(), "Updated your account for " + account.site + ".", null, 200);
        } catch (FieldErrors e) {
            return page(SiteAccountTemplates.Form.EMPTY, Map.of(), null, e.getMessage(), 400);
        }
    }

    /** What deleting the account means, and the button that does it. */
    @GET
    @Path("{id}/delete")
    public String confirmDelete(@PathParam("id") long id) {
        return SiteAccountTemplates.confirmDeleteAccount(viewer(), SiteAccountView.of(accounts.own(viewer(), id))).render();
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id) {
        String site = accounts.own(viewer(), id).site;
        accounts.delete(viewer(), id);
        return page(SiteAccountTemplates.Form.EMPTY, Map.of(), "Deleted your account for " + site + ".", null, 200);
    }

    @POST
    @Path("{id}/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(@PathParam("id") long id) {
        SiteAccount account = accounts.own(viewer(), id);
        SiteLogin.Outcome outcome = login.verify(account.ownerId, account.site);
        // Post/redirect/get: reloading the page shows the outcome again without logging in again.
        return Response.seeOther(UriBuilder.fromPath("/account/sites").queryParam("checked", id)
                .queryParam("ok", outcome.ok()).fragment("site-account-" + id).build()).build();
    }

    private Response page(SiteAccountTemplates.Form form, Map<String, String> errors, String notice, String problem,
            int status) {
        var views = accounts.listOwn(viewer()).stream().map(SiteAccountView::of).toList();
        return Response.status(status)
                .entity(SiteAccountTemplates.siteAccounts(viewer(), views, form, errors, notice, problem).render()).build();
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
