package org.latentarchive.explorer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.latentarchive.curator.ArtworkVectors;
import io.javalin.security.RouteRole;
import org.latentarchive.explorer.access.Access;
import org.latentarchive.explorer.access.Role;
import org.latentarchive.explorer.access.SessionController;
import org.latentarchive.explorer.annotate.AnnotateController;
import org.latentarchive.explorer.annotate.AnnotationService;
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
import org.latentarchive.explorer.training.StoredAnnotations;
import org.latentarchive.explorer.training.TrainingController;
import org.latentarchive.explorer.training.TrainingService;
import org.latentarchive.explorer.walk.WalkController;
import org.latentarchive.explorer.walk.WalkService;
import org.latentarchive.explorer.web.ApiError;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Conflict;
import org.latentarchive.explorer.web.Forbidden;
import org.latentarchive.explorer.web.PayloadTooLarge;
import org.latentarchive.explorer.web.TooManyRequests;
import org.latentarchive.explorer.web.Unauthorized;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Unavailable;
import org.latentarchive.explorer.map.AtlasService;
import org.latentarchive.explorer.map.LayoutCatalog;
import org.latentarchive.explorer.map.LayoutJobs;
import org.latentarchive.explorer.map.MapController;
import org.latentarchive.explorer.map.MapService;
import org.latentarchive.curator.layout.LayoutJob;
import org.latentarchive.curator.layout.LayoutOptions;
import org.latentarchive.explorer.imagesearch.ImageSearchController;
import org.latentarchive.explorer.imagesearch.ImageSearchService;
import org.latentarchive.explorer.imagesearch.QueryImages;
import org.latentarchive.embed.model.NsfwjsModel;
import io.javalin.config.SizeUnit;
import org.latentarchive.index.EsClients;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The explorer: wires services to controllers, declares every route in one place and serves the static pages and
 * their JSON API. Start it with {@link #start(ExplorerConfig)} (the demo does) or from the command line
 * ({@link ExplorerCommand}, against any cluster).
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

    /** The most the map's thumbnail atlases may take on disk. */
    static final long ATLAS_CACHE_BYTES = 1L << 30;

    /** The largest request body of any route: an annotation import. */
    static final int MAX_BODY_BYTES = 8 << 20;

    /** A declared route: its method, path and roles, as Javalin registered it. */
    public record Route(String method, String path, Set<RouteRole> roles) {
    }

    private final Javalin app;
    private final List<Route> routes;

    private ExplorerApp(Javalin app, List<Route> routes) {
        this.app = app;
        this.routes = routes;
    }

    public static ExplorerApp start(ExplorerConfig config) {
        List<Route> routes = new CopyOnWriteArrayList<>();
        Javalin app = create(config, routes);
        app.start(config.host(), config.port());
        return new ExplorerApp(app, routes);
    }

    /** Every route the explorer serves, however it was added: what the access audit checks. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    static Javalin create(ExplorerConfig config, List<Route> routes) {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        ElasticsearchClient es = new ElasticsearchClient(config.es(), json);
        String index = config.index();
        VectorFields fields = new VectorFields(es, index, config.model());
        ArtworkService artworks = new ArtworkService(es, index);
        co.elastic.clients.elasticsearch.ElasticsearchClient curatorClient = curatorClient(config);
        TrainingService training = new TrainingService(new StoredAnnotations(es, index),
            new ArtworkVectors(curatorClient, index), fields, config.models());

        var statusController = new StatusController(new StatusService(es, index, config.vectorField()));
        var spaces = new FieldsController(fields);
        var search = new SearchController(new SearchService(es, index));
        var artwork = new ArtworkController(artworks);
        var neighbours = new NeighboursController(new NeighboursService(es, index), fields);
        var clusters = new ClustersController(new ClustersService(es, artworks, index), fields);
        ImageService imageService = new ImageService(es, index, config.imageRoot());
        var images = new ImageController(imageService);
        LayoutCatalog layoutCatalog = new LayoutCatalog(es, index);
        ArtworkVectors layoutVectors = new ArtworkVectors(curatorClient, index);
        // the layout job runs in the explorer's process, on a thread of its own, as training does
        MapService mapService = new MapService(es, index, layoutCatalog);
        LayoutJobs layoutJobs = new LayoutJobs((field, methods, progress) ->
            LayoutJob.run(layoutVectors, field, LayoutOptions.of(methods), progress), () -> {
                layoutCatalog.changed();
                mapService.warmInBackground(config.vectorField());
            });
        // the first visitor's map comes from memory: the default space's layouts are read at start and after each job
        mapService.warmInBackground(config.vectorField());
        var map = new MapController(mapService,
            new AtlasService(imageService, config.cache().resolve("atlases"), ATLAS_CACHE_BYTES), layoutJobs, fields, json);
        var annotate = new AnnotateController(new AnnotationService(es, index, artworks));
        var train = new TrainingController(training);
        QueryImages queryImages = new QueryImages(NsfwjsModel.defaultCacheDir(), QueryImages.Limits.DEFAULT);
        var imageSearch = new ImageSearchService(es, index, queryImages, config.models());
        int uploadBytes = queryImages.limits().maxBytes();
        var similar = new ImageSearchController(imageSearch, fields, uploadBytes);
        var walk = new WalkController(new WalkService(es, artworks, index), artworks, fields, imageSearch, uploadBytes);
        Access access = new Access(config.access().accounts(),
            config.access().rateLimits() ? Access.defaultLimits(Clock.systemUTC()) : Map.of(), Clock.systemUTC());
        byte[] openApi = resource("/openapi.json");

        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.jsonMapper(new JavalinJackson(json, false));
            // an uploaded query image stays in memory (never on disk) and is bounded in bytes
            long uploadLimit = QueryImages.Limits.DEFAULT.maxBytes();
            c.jetty.multipartConfig.maxFileSize(uploadLimit + 1, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxInMemoryFileSize((int) uploadLimit + 1, SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(uploadLimit + 64 * 1024, SizeUnit.BYTES);
            // the largest body a route takes (an annotation import); each route checks its own, smaller limit
            c.http.maxRequestSize = MAX_BODY_BYTES;
            c.events(events -> events.handlerAdded(added -> {
                if (added.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(added.getHttpMethod().name(), added.getPath(), Set.copyOf(added.getRoles())));
                }
            }));
            c.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = SECURITY_HEADERS;
            });
        });
        app.before(ctx -> SECURITY_HEADERS.forEach(ctx::header));

        // every route of the explorer, in one place; openapi.json documents each. A route without a role is public;
        // Role.CURATOR routes need a signed-in curator and, when they change state, the session's CSRF token.
        app.beforeMatched(access::check);
        app.get("/api/status", statusController::get);
        app.get("/api/fields", spaces::get);
        app.get("/api/search", search::search);
        app.get("/api/artworks/{id}", artwork::get);
        app.get("/api/artworks/{id}/neighbours", neighbours::get);
        app.post("/api/search/image", similar::byImage);
        app.get("/api/similar", similar::byMarks);
        app.get("/api/walk", walk::get);
        app.post("/api/walk/image", walk::fromImage);
        app.get("/api/clusters", clusters::get);
        app.post("/api/clusters/selection", clusters::selection);
        app.get("/api/layouts", map::layouts);
        app.get("/api/map", map::points);
        app.get("/api/map/labels", map::labels);
        app.get("/api/map/atlas", map::atlas);
        app.get("/images/{id}", images::get);
        if (!config.access().readOnly()) {
            var session = new SessionController(access);
            app.get("/api/session", session::get);
            app.post("/api/session", session::signIn);
            app.delete("/api/session", session::signOut, Role.CURATOR);
            app.get("/api/annotate/draw", annotate::draw, Role.CURATOR);
            app.get("/api/annotations", annotate::list, Role.CURATOR);
            app.post("/api/annotations", annotate::save, Role.CURATOR);
            app.get("/api/annotations/export", annotate::export, Role.CURATOR);
            app.post("/api/annotations/import", annotate::importLines, Role.CURATOR);
            app.get("/api/annotations/consistency", annotate::trial, Role.CURATOR);
            app.post("/api/annotations/consistency", annotate::answer, Role.CURATOR);
            app.post("/api/training", train::start, Role.CURATOR);
            app.get("/api/training", train::list, Role.CURATOR);
            app.get("/api/training/defaults", train::defaults, Role.CURATOR);
            app.get("/api/training/{id}", train::get, Role.CURATOR);
            app.delete("/api/training/{id}", train::cancel, Role.CURATOR);
            app.get("/api/models", train::models, Role.CURATOR);
            app.post("/api/models/{name}/apply", train::apply, Role.CURATOR);
            app.get("/api/evaluate", train::evaluate, Role.CURATOR);
            app.post("/api/layouts", map::start, Role.CURATOR);
            app.get("/api/layouts/jobs/{id}", map::job, Role.CURATOR);
        }
        app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        app.events(events -> events.serverStopped(() -> {
            training.close();
            layoutJobs.close();
            queryImages.close();
            try {
                curatorClient.close();
            } catch (IOException e) {
                // the explorer is stopping: a transport that does not close cleanly changes nothing
            }
        }));
        app.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(Conflict.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        app.exception(Unauthorized.class, (e, ctx) -> error(ctx, 401, e.getMessage()));
        app.exception(Forbidden.class, (e, ctx) -> error(ctx, 403, e.getMessage()));
        app.exception(PayloadTooLarge.class, (e, ctx) -> error(ctx, 413, e.getMessage()));
        app.exception(TooManyRequests.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            error(ctx, 429, e.getMessage());
        });
        app.exception(Unavailable.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
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

    /**
     * The curator code reads and writes vectors with the official Java client, made from the same connection
     * settings as the explorer's own.
     */
    private static co.elastic.clients.elasticsearch.ElasticsearchClient curatorClient(ExplorerConfig config) {
        try {
            return EsClients.connect(config.es());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the Elasticsearch client for training: " + e.getMessage(), e);
        }
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
}
