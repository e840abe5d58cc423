package dev.streamvcr.site.recipe;

import dev.streamvcr.account.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Site recipes for admins: CRUD, import/export as YAML or JSON, and the test run. */
@Path("/api/v1/admin/sites")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Site recipes")
public class RecipeAdminApi {

    private static final String YAML_TYPES = "application/yaml";

    @Inject
    RecipeStore store;

    @Inject
    RecipeTester tester;

    @Inject
    SecurityIdentity identity;

    /** A stored recipe with its bookkeeping. */
    public record RecipeView(long id, String name, Instant updatedAt, String updatedBy, Recipe recipe) {
        static RecipeView of(StoredRecipe stored) {
            return new RecipeView(stored.id, stored.name, stored.updatedAt, stored.updatedBy, RecipeStore.recipe(stored));
        }
    }

    /** The body of a test run: the page URL, and for POST /test also the (unsaved) recipe. */
    public record TestRequest(String url, Recipe recipe) {
    }

    @GET
    @Operation(summary = "List site recipes")
    public List<RecipeView> list() {
        return store.list().stream().map(RecipeView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a site recipe", description = "Validated first; errors name the step (steps[2].css).")
    public Response create(Recipe recipe) {
        StoredRecipe stored = store.create(viewer(), orEmpty(recipe));
        return Response.created(URI.create("/api/v1/admin/sites/" + stored.id)).entity(RecipeView.of(stored)).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One site recipe")
    public RecipeView get(@PathParam("id") long id) {
        return RecipeView.of(store.get(id));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a site recipe")
    public RecipeView update(@PathParam("id") long id, Recipe recipe) {
        return RecipeView.of(store.update(viewer(), id, orEmpty(recipe)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a site recipe")
    public Response delete(@PathParam("id") long id) {
        store.delete(viewer(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a stored recipe against a page", description = "Shows every value, or the error naming the step.")
    public RecipeRun test(@PathParam("id") long id, TestRequest body) {
        return tester.test(viewer(), RecipeStore.recipe(store.get(id)), body == null ? null : body.url());
    }

    @POST
    @Path("test")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run an unsaved recipe against a page")
    public RecipeRun testUnsaved(TestRequest body) {
        TestRequest request = body == null ? new TestRequest(null, null) : body;
        return tester.test(viewer(), orEmpty(request.recipe()), request.url());
    }

    @GET
    @Path("export")
    @Produces({MediaType.APPLICATION_JSON, YAML_TYPES})
    @Operation(summary = "Export every recipe", description = "format=yaml or json (default json).")
    public Response export(@QueryParam("format") String format) {
        RecipeFormats.Format f = RecipeFormats.Format.of(format);
        return Response.ok(RecipeFormats.writeAll(store.exportAll(), f), f.mediaType())
                .header("Content-Disposition", "attachment; filename=\"streamvcr-sites." + f.name().toLowerCase() + "\"")
                .build();
    }

    @POST
    @Path("import")
    @Consumes({MediaType.APPLICATION_JSON, YAML_TYPES, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Import recipes", description = "A YAML or JSON list (or one recipe); existing names are replaced. "
            + "All or nothing.")
    public RecipeStore.ImportResult importRecipes(String body, @HeaderParam("Content-Type") String contentType) {
        return store.importAll(viewer(), RecipeFormats.readAll(body, RecipeFormats.Format.of(contentType), "recipes"));
    }

    private static Recipe orEmpty(Recipe recipe) {
        return recipe == null ? new Recipe(null, null, null, null, null) : recipe;
    }

    private Viewer viewer() {
        return Viewer.of(identity);
    }
}
