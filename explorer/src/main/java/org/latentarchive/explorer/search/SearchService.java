package org.latentarchive.explorer.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.explorer.artwork.ArtworkDocuments;
import org.latentarchive.explorer.artwork.ArtworkSummary;
import org.latentarchive.explorer.es.ElasticsearchClient;

import java.util.ArrayList;
import java.util.List;

/** Text and metadata search over the artworks, with facets computed over the same filtered set. */
public final class SearchService {

    private static final List<String> TEXT_FIELDS = List.of("title^3", "artist^2", "dating.period", "techniques",
        "materials", "object_names", "description");

    private final ElasticsearchClient es;
    private final String index;

    public SearchService(ElasticsearchClient es, String index) {
        this.es = es;
        this.index = index;
    }

    public SearchPage search(SearchQuery query) {
        ObjectNode body = es.object();
        body.put("from", query.from()).put("size", query.size()).put("track_total_hits", true);
        body.set("query", query(es, query.text(), query.filter()));
        // Without text every score is equal: a stable order by id keeps pages from shuffling.
        ArrayNode sort = body.putArray("sort");
        sort.add("_score");
        sort.addObject().putObject("object_number").put("order", "asc").put("unmapped_type", "keyword");
        ArrayNode source = body.putArray("_source");
        ArtworkDocuments.SUMMARY_FIELDS.forEach(source::add);
        ObjectNode aggs = body.putObject("aggs");
        aggs.putObject("artists").putObject("terms").put("field", "artist.keyword").put("size", 200);
        aggs.putObject("techniques").putObject("terms").put("field", "techniques").put("size", 50);
        aggs.putObject("min_year").putObject("min").put("field", "dating.start_year");
        aggs.putObject("max_year").putObject("max").put("field", "dating.end_year");
        aggs.putObject("public_domain").putObject("filter").putObject("term").put("public_domain", true);

        JsonNode answer = es.search(index, body);
        List<ArtworkSummary> hits = new ArrayList<>();
        answer.path("hits").path("hits").forEach(hit ->
            hits.add(ArtworkDocuments.summary(hit.path("_id").asText(), hit.path("_source"))));
        JsonNode a = answer.path("aggregations");
        SearchPage.Facets facets = new SearchPage.Facets(counts(a.path("artists")), counts(a.path("techniques")),
            year(a.path("min_year")), year(a.path("max_year")), a.path("public_domain").path("doc_count").asLong());
        return new SearchPage(answer.path("hits").path("total").path("value").asLong(), query.from(), query.size(), hits, facets);
    }

    /**
     * The query of the search page: the free text (all its words, over title, artist, period, techniques, materials,
     * object names and description) inside the shared filters. The map asks for the same subset with it.
     */
    public static ObjectNode query(ElasticsearchClient es, java.util.Optional<String> text, org.latentarchive.explorer.artwork.ArtworkFilter filter) {
        ObjectNode must = null;
        if (text.isPresent()) {
            must = es.object();
            ObjectNode match = must.putObject("multi_match").put("query", text.get()).put("operator", "and");
            ArrayNode fields = match.putArray("fields");
            TEXT_FIELDS.forEach(fields::add);
        }
        return filter.wrap(es.json(), must);
    }

    private static List<SearchPage.Count> counts(JsonNode terms) {
        List<SearchPage.Count> counts = new ArrayList<>();
        terms.path("buckets").forEach(b -> counts.add(new SearchPage.Count(b.path("key").asText(), b.path("doc_count").asLong())));
        return counts;
    }

    private static Integer year(JsonNode metric) {
        JsonNode value = metric.path("value");
        return value.isNumber() ? (int) Math.round(value.asDouble()) : null;
    }
}
