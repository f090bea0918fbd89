package org.latentarchive.curator;

import java.util.ArrayList;
import java.util.List;

/**
 * The prototype's mean-rank table for a tuned model: its source field before training and the tuned space after,
 * each on the lines it trained on and on the held-out lines, then chance for the held-out lines.
 */
public final class CuratorReport {

    private CuratorReport() {
    }

    public static List<MeanRank.Result> rows(String sourceField, VectorTable raw, String tunedName, TunedProjection projection,
                                             AnnotationSet train, AnnotationSet heldOut) {
        VectorTable tuned = raw.map(projection::apply);
        List<MeanRank.Result> rows = new ArrayList<>();
        rows.add(MeanRank.evaluate("before training (" + sourceField + "), training lines", train, raw));
        rows.add(MeanRank.evaluate("before training (" + sourceField + "), held-out lines", heldOut, raw));
        rows.add(MeanRank.evaluate("trained (" + tunedName + "), training lines", train, tuned));
        rows.add(MeanRank.evaluate("trained (" + tunedName + "), held-out lines", heldOut, tuned));
        rows.add(MeanRank.Result.chance(rows.get(3).lines()));
        return rows;
    }

    public static List<MeanRank.Result> rows(TunedModel model, VectorTable raw) {
        return rows(model.sourceField(), raw, model.name(), model.projection(), model.train(), model.heldOut());
    }
}
