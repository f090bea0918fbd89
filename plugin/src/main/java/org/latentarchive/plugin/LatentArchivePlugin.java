package org.latentarchive.plugin;

import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.SearchPlugin;

/** Registers the query, retriever and aggregation that make visual similarity part of the query DSL. */
public class LatentArchivePlugin extends Plugin implements SearchPlugin {
}
