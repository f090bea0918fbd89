package org.latentarchive.explorer.annotate;

import io.javalin.http.Context;
import java.util.Optional;
import org.latentarchive.explorer.annotate.AnnotationRecords.ConsistencyAnswer;
import org.latentarchive.explorer.annotate.AnnotationRecords.ImportResult;
import org.latentarchive.explorer.annotate.AnnotationRecords.NewAnnotation;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Params;

/**
 * The annotation API behind annotate.html:
 * <pre>
 * GET  /api/annotate/draw?seed=&lt;n&gt;&amp;(filters)   nine artworks to judge
 * POST /api/annotations                          store {anchor, positive, others[7], curator, subset}
 * GET  /api/annotations?size=&amp;curator=            how many, and the latest
 * GET  /api/annotations/export                   text/plain, the prototype's format
 * POST /api/annotations/import?curator=          text/plain in that format
 * GET  /api/annotations/consistency?seed=&amp;curator= an earlier judgement, candidates shuffled
 * POST /api/annotations/consistency              {annotation, order[8], curator}: rank of the earlier positive
 * </pre>
 */
public final class AnnotateController {

    private static final int MAX_IMPORT_BYTES = 8 << 20;

    private final AnnotationService annotations;

    public AnnotateController(AnnotationService annotations) {
        this.annotations = annotations;
    }

    public void draw(Context ctx) {
        long seed = seed(ctx);
        ctx.json(annotations.draw(Params.filter(ctx), seed));
    }

    public void save(Context ctx) {
        NewAnnotation body = Params.body(ctx, NewAnnotation.class);
        Params.id(ctx, "anchor", body.anchor());
        Params.id(ctx, "positive", body.positive());
        if (body.others() != null) {
            body.others().forEach(id -> Params.id(ctx, "others", id));
        }
        ctx.status(201).json(annotations.save(body));
    }

    public void list(Context ctx) {
        ctx.json(annotations.list(Params.integer(ctx, "size", 20, 0, 1000), Params.text(ctx, "curator", 100)));
    }

    public void export(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8")
            .header("Content-Disposition", "attachment; filename=\"trainingdata.txt\"")
            .result(annotations.export());
    }

    public void importLines(Context ctx) {
        if (ctx.contentLength() > MAX_IMPORT_BYTES) {
            throw new BadRequest("an import holds at most " + (MAX_IMPORT_BYTES >> 20) + " MiB");
        }
        String curator = Params.text(ctx, "curator", 100).orElse("import");
        ctx.status(201).json(new ImportResult(annotations.importLines(ctx.body(), curator)));
    }

    public void trial(Context ctx) {
        ctx.json(annotations.trial(seed(ctx), Params.text(ctx, "curator", 100)));
    }

    public void answer(Context ctx) {
        ctx.json(annotations.answer(Params.body(ctx, ConsistencyAnswer.class)));
    }

    private static long seed(Context ctx) {
        Optional<Integer> seed = Params.optionalInteger(ctx, "seed", 0, Integer.MAX_VALUE);
        return seed.map(Integer::longValue).orElseGet(() -> (long) (Math.random() * Integer.MAX_VALUE));
    }
}
