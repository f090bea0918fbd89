package org.latentarchive.explorer.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.latentarchive.explorer.annotate.AnnotationService;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.es.ElasticsearchException;
import org.latentarchive.curator.Annotation;
import org.latentarchive.curator.AnnotationSet;

/**
 * The curators' judgements as training data: the {@code annotations} index read into the prototype's lines
 * (anchor, positive, seven others), everyone's or one curator's, oldest first, and how many of them the network
 * can use on a given vector field (every one of the nine artworks needs a vector there).
 */
public final class StoredAnnotations {

    private static final int PAGE = 1000;

    private final ElasticsearchClient es;
    private final String artworkIndex;

    public StoredAnnotations(ElasticsearchClient es, String artworkIndex) {
        this.es = es;
        this.artworkIndex = artworkIndex;
    }

    /** Every stored judgement (of {@code curator} when given), oldest first; none when nothing was stored yet. */
    AnnotationSet read(Optional<String> curator) {
        List<Annotation> lines = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode body = es.object().put("size", PAGE);
            curator.ifPresentOrElse(c -> body.putObject("query").putObject("term").put("curator", c),
                () -> body.putObject("query").putObject("match_all"));
            ArrayNode sort = body.putArray("sort");
            sort.addObject().put("time", "asc");
            sort.addObject().put("line", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits;
            try {
                hits = es.search(AnnotationService.INDEX, body).path("hits").path("hits");
            } catch (ElasticsearchException e) {
                if (e.status() == 404) {
                    return new AnnotationSet(List.of());
                }
                throw e;
            }
            for (JsonNode hit : hits) {
                JsonNode source = hit.path("_source");
                List<String> others = new ArrayList<>();
                source.path("others").forEach(o -> others.add(o.asText()));
                // the annotation API only stores nine distinct ids; a document written some other way is left out
                try {
                    lines.add(new Annotation(source.path("anchor").asText(), source.path("positive").asText(), others));
                } catch (IllegalArgumentException e) {
                    continue;
                }
            }
            if (hits.size() < PAGE) {
                return new AnnotationSet(lines);
            }
            after = hits.get(hits.size() - 1).path("sort");
        }
    }

    /** The lines whose nine artworks all have a vector in {@code field}: what training can use. */
    AnnotationSet usable(AnnotationSet annotations, String field) {
        Set<String> ids = new LinkedHashSet<>();
        for (Annotation a : annotations.annotations()) {
            ids.add(a.anchor());
            ids.addAll(a.candidates());
        }
        Set<String> withVector = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int start = 0; start < all.size(); start += PAGE) {
            List<String> batch = all.subList(start, Math.min(all.size(), start + PAGE));
            ObjectNode body = es.object().put("size", batch.size());
            body.put("_source", false);
            ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
            ArrayNode values = filter.addObject().putObject("ids").putArray("values");
            batch.forEach(values::add);
            filter.addObject().putObject("exists").put("field", field);
            es.search(artworkIndex, body).path("hits").path("hits").forEach(hit -> withVector.add(hit.path("_id").asText()));
        }
        List<Annotation> usable = new ArrayList<>();
        for (Annotation a : annotations.annotations()) {
            if (withVector.contains(a.anchor()) && withVector.containsAll(a.candidates())) {
                usable.add(a);
            }
        }
        return new AnnotationSet(usable);
    }
}
