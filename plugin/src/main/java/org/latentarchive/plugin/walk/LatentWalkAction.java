package org.latentarchive.plugin.walk;

import org.elasticsearch.action.ActionType;

/** The walk runs as an action on the coordinating node, where the results of all shards meet. */
public final class LatentWalkAction {

    public static final String NAME = "indices:data/read/latent_walk";
    public static final ActionType<LatentWalkResponse> INSTANCE = new ActionType<>(NAME);

    private LatentWalkAction() {}
}
