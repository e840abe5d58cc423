package dev.streamvcr.site.recipe;

import dev.streamvcr.account.Viewer;
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
import java.net.URI;
import java.util.Collection;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/** sites_show, sites_create, sites_import, site_show, site_save, site_delete, site_test: recipes for admins. */
@Path("/admin/sites")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class RecipeAdminPage {

    static final String SAMPLE = """
            name: Example Live
            urlPattern: ^https://live\\.example\\.com/ch/(?<channel>\\d+)
            login:
              url: https://live.example.com/login
            steps:
              - name: server
                css: "#player"
                attribute: data-server
              - name: stream
                regex: "streamId: \\"([^\\"]+)\\""
              - name: ticket
                url: "{page.origin}/api/ticket/{channel}"
                json: /ticket/value
            output: rtmp://{server}/live/{stream} conn=S:{ticket}
            """;

    @Inject
    RecipeStore store;

    @Inject
    RecipeTester tester;

    @Inject
    SecurityIdentity identity;

    @GET
    public Response list(@QueryParam("deleted") String deleted) {
        return listPage(SAMPLE, "", List.of(), deleted == null ? null : "Deleted the recipe '" + deleted + "'.", 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String definition) {
        try {
            StoredRecipe stored = store.create(viewer(), RecipeFormats.read(definition, RecipeFormats.Format.YAML, "definition"));
            return Response.seeOther(URI.create("/admin/sites/" + stored.id + "?created")).build();
        } catch (FieldErrors e) {
            return listPage(definition, "", e.fields().values(), null, 400);
        }
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importRecipes(@RestForm String recipes) {
        String text = recipes == null ? "" : recipes.strip();
        RecipeFormats.Format format = text.startsWith("[") || text.startsWith("{") ? RecipeFormats.Format.JSON
                : RecipeFormats.Format.YAML;
        try {
            RecipeStore.ImportResult result = store.importAll(viewer(), RecipeFormats.readAll(text, format, "recipes"));
            return listPage(SAMPLE, "", List.of(), "Imported: " + result.created().size() + " new, "
                    + result.updated().size() + " replaced.", 200);
        } catch (FieldErrors e) {
            return listPage(SAMPLE, text, e.fields().values(), null, 400);
        }
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") long id, @QueryParam("created") String created) {
        StoredRecipe stored = store.get(id);
        return sitePage(stored, yaml(stored), List.of(), created == null ? null : "Created.", "", null, 200);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("id") long id, @RestForm String definition) {
        StoredRecipe stored = store.get(id);
        try {
            stored = store.update(viewer(), id, RecipeFormats.read(definition, RecipeFormats.Format.YAML, "definition"));
            return sitePage(stored, yaml(stored), List.of(), "Saved.", "", null, 200);
        } catch (FieldErrors e) {
            return sitePage(stored, definition, e.fields().values(), null, "", null, 400);
        }
    }

    /** What deleting the recipe means, and the button that does it. */
    @GET
    @Path("{id}/delete")
    public String confirmDelete(@PathParam("id") long id) {
        return RecipeTemplates.confirmDeleteRecipe(viewer(), id, store.get(id).name).render();
    }

    @POST
    @Path("{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id) {
        String name = store.get(id).name;
        store.delete(viewer(), id);
        return Response.seeOther(URI.create("/admin/sites?deleted=" + java.net.URLEncoder.encode(name,
                java.nio.charset.StandardCharsets.UTF_8))).build();
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response test(@PathParam("id") long id, @RestForm String url) {
        StoredRecipe stored = store.get(id);
        try {
            RecipeRun run = tester.test(viewer(), RecipeStore.recipe(stored), url);
            return sitePage(stored, yaml(stored), List.of(), null, url, run, 200);
        } catch (FieldErrors e) {
            return sitePage(stored, yaml(stored), e.fields().values(), null, url == null ? "" : url, null, 400);
        }
    }

    private Response listPage(String definition, String importText, Collection<String> errors, String notice, int status) {
        List<RecipeTemplates.Row> rows = store.list().stream().map(s -> {
            Recipe r = RecipeStore.recipe(s);
            return new RecipeTemplates.Row(s.id, s.name, s.urlPattern, s.updatedBy, r.login() != null);
        }).toList();
        return Response.status(status).entity(RecipeTemplates.adminSites(viewer(), rows, definition, importText,
                errors, notice).render()).build();
    }

    private Response sitePage(StoredRecipe stored, String definition, Collection<String> errors, String notice,
            String testUrl, RecipeRun run, int status) {
        return Response.status(status).entity(RecipeTemplates.adminSite(viewer(), stored.id, stored.name, definition,
                errors, notice, testUrl, run).render()).build();
    }

    private static String yaml(StoredRecipe stored) {
        return RecipeFormats.write(RecipeStore.recipe(stored), RecipeFormats.Format.YAML);
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
