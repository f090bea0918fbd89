package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.latentarchive.explorer.artwork.ArtworkController;
import org.latentarchive.explorer.artwork.ArtworkService;
import org.latentarchive.explorer.artwork.ImageController;
import org.latentarchive.explorer.artwork.ImageService;
import org.latentarchive.explorer.clusters.ClustersController;
import org.latentarchive.explorer.clusters.ClustersService;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.es.ElasticsearchException;
import org.latentarchive.explorer.fields.FieldsController;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.neighbours.NeighboursController;
import org.latentarchive.explorer.neighbours.NeighboursService;
import org.latentarchive.explorer.search.SearchController;
import org.latentarchive.explorer.search.SearchService;
import org.latentarchive.explorer.status.StatusController;
import org.latentarchive.explorer.status.StatusService;
import org.latentarchive.explorer.walk.WalkController;
import org.latentarchive.explorer.walk.WalkService;
import org.latentarchive.explorer.web.ApiError;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.NotFound;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The explorer: wires services to controllers and serves the static page and its JSON API. Start it with
 * {@link #start(ExplorerConfig)} (the demo does) or from the command line (against any cluster).
 */
public final class ExplorerApp implements AutoCloseable {

    /** Nothing outside this server loads: scripts, styles, images and API calls all come from 'self'. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";

    static final Map<String, String> SECURITY_HEADERS = Map.of(
        "Content-Security-Policy", CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "no-referrer",
        "X-Frame-Options", "DENY");

    private final Javalin app;

    private ExplorerApp(Javalin app) {
        this.app = app;
    }

    public static ExplorerApp start(ExplorerConfig config) {
        Javalin app = create(config);
        app.start(config.host(), config.port());
        return new ExplorerApp(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    static Javalin create(ExplorerConfig config) {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        ElasticsearchClient es = new ElasticsearchClient(config.elasticsearchUrl(), config.apiKey(), config.username(),
            config.password(), config.caCertificate(), json);
        String index = config.index();
        VectorFields fields = new VectorFields(es, index, config.model());
        ArtworkService artworks = new ArtworkService(es, index);
        var artworkController = new ArtworkController(artworks);
        var imageController = new ImageController(new ImageService(es, index, config.imageRoot()));
        var searchController = new SearchController(new SearchService(es, index));
        var fieldsController = new FieldsController(fields);
        var neighboursController = new NeighboursController(new NeighboursService(es, index), fields);
        var walkController = new WalkController(new WalkService(es, artworks, index), artworks, fields);
        var clustersController = new ClustersController(new ClustersService(es, artworks, index), fields);
        var statusController = new StatusController(new StatusService(es, index, config.vectorField()));
        byte[] openApi = resource("/openapi.json");

        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(json, false));
            c.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = SECURITY_HEADERS;
            });
        });
        app.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));
        app.get("/api/status", statusController::get);
        app.get("/api/fields", fieldsController::get);
        app.get("/api/search", searchController::search);
        app.get("/api/artworks/{id}", artworkController::get);
        app.get("/api/artworks/{id}/neighbours", neighboursController::get);
        app.get("/api/walk", walkController::get);
        app.get("/api/clusters", clustersController::get);
        app.get("/images/{id}", imageController::get);
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        org.latentarchive.explorer.annotate.AnnotateController.register(app, es, index, artworks);
        org.latentarchive.explorer.training.TrainingController.register(app, config, es, fields);

        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(ElasticsearchException.class, (e, ctx) -> {
            // Elasticsearch's 400s are about the request (an id without a vector, a filter that cannot apply).
            int status = e.status() == 400 || e.status() == 404 ? e.status() : 502;
            error(ctx, status, (status == 502 ? "Elasticsearch: " : "") + e.getMessage());
        });
        app.exception(Exception.class, (e, ctx) -> {
            org.slf4j.LoggerFactory.getLogger(ExplorerApp.class).error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        return app;
    }

    private static void error(Context ctx, int status, String reason) {
        ctx.status(status).json(new ApiError(status, reason));
    }

    private static byte[] resource(String name) {
        try (InputStream in = ExplorerApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        ExplorerConfig config;
        try {
            config = ExplorerConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("explorer: " + e.getMessage());
            System.exit(2);
            return;
        }
        ExplorerApp explorer = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(explorer::close, "explorer-stop"));
        System.out.println("Latent Archive explorer on http://" + config.host() + ":" + explorer.port()
            + " (Elasticsearch " + config.elasticsearchUrl() + ", index " + config.index() + ")");
    }
}
