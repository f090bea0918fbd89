package org.latentarchive.explorer.status;

import org.latentarchive.explorer.es.ElasticsearchClient;

/** Counts the artworks the explorer serves. */
public final class StatusService {

    private final ElasticsearchClient es;
    private final String index;
    private final String field;

    public StatusService(ElasticsearchClient es, String index, String field) {
        this.es = es;
        this.index = index;
        this.field = field;
    }

    public Status status() {
        long count = es.send("GET", "/" + index + "/_count", null).path("count").asLong();
        var nodes = es.send("GET", "/_nodes/_local?filter_path=nodes.*.version", null).path("nodes").elements();
        String version = nodes.hasNext() ? nodes.next().path("version").asText() : "";
        return new Status(index, field, count, version);
    }
}
