package org.latentarchive.curator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The prototype's residual bottleneck as a DJL block: {@code 0.5 x + tanh(fc2(relu(fc1(x))))}. The residual half
 * keeps what the backbone already knew; the narrow bottleneck can only add a few directions the curators care
 * about. It embeds every array of its input list with the same weights, so one forward pass takes an (anchor,
 * positive, negative) triple of batches.
 */
final class SimilarityNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Linear fc1;
    private final Linear fc2;

    SimilarityNet(int dims, int hidden) {
        super(VERSION);
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(hidden).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(dims).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = new NDList(inputs.size());
        for (NDArray x : inputs) {
            NDArray hidden = fc1.forward(store, new NDList(x), training).singletonOrThrow().clip(0, Float.MAX_VALUE);
            NDArray added = fc2.forward(store, new NDList(hidden), training).singletonOrThrow().tanh();
            out.add(x.mul(0.5f).add(added));
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        fc1.initialize(manager, dataType, input);
        Shape hidden = fc1.getOutputShapes(new Shape[] {input})[0];
        fc2.initialize(manager, dataType, hidden);
    }

    Linear fc1() {
        return fc1;
    }

    Linear fc2() {
        return fc2;
    }
}
