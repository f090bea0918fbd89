package org.latentarchive.explorer.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.latentarchive.explorer.ExplorerConfig;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.fields.VectorFields;
import org.latentarchive.explorer.web.ApiError;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;
import org.latentarchive.indexer.curator.ArtworkVectors;
import org.latentarchive.indexer.es.EsClients;
import org.latentarchive.indexer.es.EsConfig;

/**
 * The curator loop's API behind train.html:
 * <pre>
 * POST   /api/training                 {field, curator?, hidden?, epochs?, ...}: 202 and the queued job; 409 while one runs
 * GET    /api/training                 the jobs of this explorer run, latest first
 * GET    /api/training/{id}            state, epochs done, history, and when done the model and its mean-rank table
 * DELETE /api/training/{id}            cancel: the run stops at its next epoch and saves nothing
 * GET    /api/models                   the tuned models of the models folder, with their tables; applied or not
 * POST   /api/models/{name}/apply      writes vectors.tuned_&lt;n&gt; for every artwork
 * GET    /api/evaluate?field=&amp;field=&amp;curator=  mean rank of each field over the stored annotations
 * </pre>
 */
public final class TrainingController {

    private final TrainingService training;

    TrainingController(TrainingService training) {
        this.training = training;
    }

    /**
     * Builds the service (the curator code reads and writes vectors with the indexer's Elasticsearch client, made
     * from the same connection settings) and adds the routes: the explorer's one line for training.
     */
    public static void register(Javalin app, ExplorerConfig config, ElasticsearchClient es, VectorFields fields) {
        co.elastic.clients.elasticsearch.ElasticsearchClient client;
        try {
            client = EsClients.connect(new EsConfig(config.elasticsearchUrl(), config.apiKey().orElse(null),
                config.username().orElse(null), config.password().orElse(null), config.caCertificate().orElse(null)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the Elasticsearch client for training: " + e.getMessage(), e);
        }
        TrainingService service = new TrainingService(new StoredAnnotations(es, config.index()),
            new ArtworkVectors(client, config.index()), fields, config.models());
        TrainingController controller = new TrainingController(service);
        app.post("/api/training", controller::start);
        app.get("/api/training", controller::list);
        app.get("/api/training/{id}", controller::get);
        app.delete("/api/training/{id}", controller::cancel);
        app.get("/api/models", controller::models);
        app.post("/api/models/{name}/apply", controller::apply);
        app.get("/api/evaluate", controller::evaluate);
        app.exception(TrainingRunner.Busy.class, (e, ctx) -> ctx.status(409).json(new ApiError(409, e.getMessage())));
        app.events(events -> events.serverStopped(() -> {
            service.close();
            try {
                client.close();
            } catch (IOException e) {
                // the explorer is stopping: a transport that does not close cleanly changes nothing
            }
        }));
    }

    void start(Context ctx) {
        ctx.status(202).json(training.start(Params.body(ctx, JsonNode.class)).status());
    }

    void list(Context ctx) {
        ctx.json(training.jobs().stream().map(TrainingJob::status).toList());
    }

    void get(Context ctx) {
        ctx.json(job(ctx).status());
    }

    void cancel(Context ctx) {
        TrainingJob job = job(ctx);
        if (!job.cancel()) {
            ctx.status(409).json(new ApiError(409, "training " + job.id() + " has already ended: " + job.state()));
            return;
        }
        ctx.status(202).json(job.status());
    }

    void models(Context ctx) throws IOException {
        ctx.json(training.models());
    }

    void apply(Context ctx) throws IOException {
        ctx.json(training.apply(ctx.pathParam("name")));
    }

    void evaluate(Context ctx) throws IOException {
        List<String> fields = ctx.queryParams("field").stream().filter(f -> !f.isBlank()).toList();
        ctx.json(training.evaluate(fields, Params.text(ctx, "curator", 100)));
    }

    private TrainingJob job(Context ctx) {
        String id = ctx.pathParam("id");
        return training.job(id).orElseThrow(() -> new NotFound("no training job '"
            + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "' in this explorer run"));
    }
}
