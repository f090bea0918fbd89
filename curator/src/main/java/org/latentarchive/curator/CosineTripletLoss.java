package org.latentarchive.curator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The prototype's triplet loss on cosine similarity: {@code mean(max(0, cos(a, n) - cos(a, p) + margin))}. It asks
 * the anchor to be more similar to the curator's positive than to a rejected candidate by at least the margin.
 * Predictions are the embedded (anchor, positive, negative) batches; there are no labels.
 */
final class CosineTripletLoss extends Loss {

    private final float margin;

    CosineTripletLoss(float margin) {
        super("CosineTripletLoss");
        this.margin = margin;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray anchor = predictions.get(0);
        NDArray positive = predictions.get(1);
        NDArray negative = predictions.get(2);
        return cosine(anchor, negative).sub(cosine(anchor, positive)).add(margin).clip(0, Float.MAX_VALUE).mean();
    }

    /** Row-wise cosine similarity; the epsilon keeps a zero row from dividing by zero, as torch's does. */
    static NDArray cosine(NDArray a, NDArray b) {
        NDArray dot = a.mul(b).sum(new int[] {1});
        NDArray norms = a.norm(new int[] {1}).mul(b.norm(new int[] {1})).maximum(1e-8f);
        return dot.div(norms);
    }
}
