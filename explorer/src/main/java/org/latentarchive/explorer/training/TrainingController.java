package org.latentarchive.explorer.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import org.latentarchive.explorer.web.ApiError;
import org.latentarchive.explorer.web.NotFound;
import org.latentarchive.explorer.web.Params;
import org.latentarchive.curator.CuratorTrainer;

/**
 * The curator loop's API behind train.html:
 * <pre>
 * POST   /api/training                 {field, curator?, hidden?, epochs?, ...}: 202 and the queued job; 409 while one runs
 * GET    /api/training                 the jobs of this explorer run, latest first
 * GET    /api/training/defaults        the options a start without them uses
 * GET    /api/training/{id}            state, epochs done, history, and when done the model and its mean-rank table
 * DELETE /api/training/{id}            cancel: the run stops at its next epoch and saves nothing
 * GET    /api/models                   the tuned models of the models folder, with their tables; applied or not
 * POST   /api/models/{name}/apply      writes vectors.tuned_&lt;n&gt; for every artwork
 * GET    /api/evaluate?field=&amp;field=&amp;curator=  mean rank of each field over the stored annotations
 * </pre>
 */
public final class TrainingController {

    private final TrainingService training;

    public TrainingController(TrainingService training) {
        this.training = training;
    }

    public void start(Context ctx) {
        ctx.status(202).json(training.start(Params.body(ctx, JsonNode.class)).status());
    }

    public void defaults(Context ctx) {
        ctx.json(TrainingOptions.of(CuratorTrainer.Options.defaults()));
    }

    public void list(Context ctx) {
        ctx.json(training.jobs().stream().map(TrainingJob::status).toList());
    }

    public void get(Context ctx) {
        ctx.json(job(ctx).status());
    }

    public void cancel(Context ctx) {
        TrainingJob job = job(ctx);
        if (!job.cancel()) {
            ctx.status(409).json(new ApiError(409, "training " + job.id() + " has already ended: " + job.state()));
            return;
        }
        ctx.status(202).json(job.status());
    }

    public void models(Context ctx) throws IOException {
        ctx.json(training.models());
    }

    public void apply(Context ctx) throws IOException {
        ctx.json(training.apply(ctx.pathParam("name")));
    }

    public void evaluate(Context ctx) throws IOException {
        List<String> fields = ctx.queryParams("field").stream().filter(f -> !f.isBlank()).toList();
        ctx.json(training.evaluate(fields, Params.text(ctx, "curator", 100)));
    }

    private TrainingJob job(Context ctx) {
        String id = ctx.pathParam("id");
        return training.job(id).orElseThrow(() -> new NotFound("no training job '"
            + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "' in this explorer run"));
    }
}
