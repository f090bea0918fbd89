package org.latentarchive.explorer.annotate;

import io.javalin.http.Context;
import java.util.Optional;
import org.latentarchive.explorer.access.Access;
import org.latentarchive.explorer.annotate.AnnotationRecords.ConsistencyAnswer;
import org.latentarchive.explorer.annotate.AnnotationRecords.ImportResult;
import org.latentarchive.explorer.annotate.AnnotationRecords.NewAnnotation;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.Params;

/**
 * The annotation API behind annotate.html:
 * <pre>
 * GET  /api/annotate/draw?seed=&lt;n&gt;&amp;(filters)   nine artworks to judge
 * POST /api/annotations                          store {anchor, positive, others[7], subset}, by the signed-in curator
 * GET  /api/annotations?size=&amp;curator=            how many, and the latest
 * GET  /api/annotations/export                   text/plain, the prototype's format
 * POST /api/annotations/import                   text/plain in that format, as the signed-in curator's
 * GET  /api/annotations/consistency?seed=&amp;curator= an earlier judgement, candidates shuffled
 * POST /api/annotations/consistency              {annotation, order[8]}: rank of the earlier positive, the curator's
 * </pre>
 * Every route needs a signed-in curator ({@link org.latentarchive.explorer.access.Role#CURATOR}); what is stored is
 * that curator's.
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
        // the judgement is the signed-in curator's, whatever name the body gives
        NewAnnotation own = new NewAnnotation(body.anchor(), body.positive(), body.others(), Access.curator(ctx), body.subset());
        ctx.status(201).json(annotations.save(own));
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
        // imported lines are the signed-in curator's, whoever made the file
        ctx.status(201).json(new ImportResult(annotations.importLines(ctx.body(), Access.curator(ctx))));
    }

    public void trial(Context ctx) {
        // a curator checks their own consistency: an earlier judgement of theirs
        ctx.json(annotations.trial(seed(ctx), Optional.of(Access.curator(ctx))));
    }

    public void answer(Context ctx) {
        ConsistencyAnswer body = Params.body(ctx, ConsistencyAnswer.class);
        ctx.json(annotations.answer(new ConsistencyAnswer(body.annotation(), body.order(), Access.curator(ctx))));
    }

    private static long seed(Context ctx) {
        Optional<Integer> seed = Params.optionalInteger(ctx, "seed", 0, Integer.MAX_VALUE);
        return seed.map(Integer::longValue).orElseGet(() -> (long) (Math.random() * Integer.MAX_VALUE));
    }
}
