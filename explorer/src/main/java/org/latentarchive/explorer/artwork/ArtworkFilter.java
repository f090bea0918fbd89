package org.latentarchive.explorer.artwork;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * The metadata filters a visitor sets once and every view honours (search, neighbours, walks, maps). A dating
 * range matches the works whose dating overlaps it, since a work "c. 1640-1650" belongs to both the 1630s-40s and
 * the 1650s.
 */
public record ArtworkFilter(List<String> artists, Optional<Integer> yearFrom, Optional<Integer> yearTo,
                            Optional<String> technique, Optional<Boolean> publicDomain) {

    public static final ArtworkFilter NONE = new ArtworkFilter(List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());

    public ArtworkFilter {
        artists = List.copyOf(artists);
    }

    public boolean isEmpty() {
        return artists.isEmpty() && yearFrom.isEmpty() && yearTo.isEmpty() && technique.isEmpty() && publicDomain.isEmpty();
    }

    /** The filter as Elasticsearch filter clauses, for a bool query's {@code filter}. */
    public ArrayNode toClauses(ObjectMapper json) {
        ArrayNode clauses = json.createArrayNode();
        if (!artists.isEmpty()) {
            ArrayNode values = clauses.addObject().putObject("terms").putArray("artist.keyword");
            artists.forEach(values::add);
        }
        yearFrom.ifPresent(year -> clauses.addObject().putObject("range").putObject("dating.end_year").put("gte", year));
        yearTo.ifPresent(year -> clauses.addObject().putObject("range").putObject("dating.start_year").put("lte", year));
        technique.ifPresent(t -> {
            ArrayNode should = clauses.addObject().putObject("bool").put("minimum_should_match", 1).putArray("should");
            should.addObject().putObject("term").put("techniques", t);
            should.addObject().putObject("term").put("materials", t);
        });
        publicDomain.ifPresent(pd -> clauses.addObject().putObject("term").put("public_domain", pd));
        return clauses;
    }

    /** A bool query with these filters around {@code must} (match_all when null). */
    public ObjectNode wrap(ObjectMapper json, ObjectNode must) {
        ObjectNode query = json.createObjectNode();
        ObjectNode bool = query.putObject("bool");
        if (must != null) {
            bool.putArray("must").add(must);
        }
        bool.set("filter", toClauses(json));
        return query;
    }
}
