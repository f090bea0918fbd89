package org.latentarchive.explorer.annotate;

import org.latentarchive.index.ArtworksIndex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.latentarchive.explorer.annotate.AnnotationRecords.ConsistencyAnswer;
import org.latentarchive.explorer.annotate.AnnotationRecords.ConsistencyResult;
import org.latentarchive.explorer.annotate.AnnotationRecords.ConsistencyTrial;
import org.latentarchive.explorer.annotate.AnnotationRecords.Draw;
import org.latentarchive.explorer.annotate.AnnotationRecords.Listing;
import org.latentarchive.explorer.annotate.AnnotationRecords.NewAnnotation;
import org.latentarchive.explorer.annotate.AnnotationRecords.StoredAnnotation;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.artwork.ArtworkService;
import org.latentarchive.explorer.artwork.ArtworkSummary;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.es.ElasticsearchException;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.explorer.web.NotFound;

/**
 * Curator judgements in Elasticsearch: the {@code annotations} index (anchor, positive, the seven others, curator,
 * time, subset) and the {@code annotation_self_ranks} index (the rank an earlier positive got when the curator
 * ordered its candidates again). Knows nothing of HTTP.
 */
public final class AnnotationService {

    public static final String INDEX = "annotations";
    public static final String SELF_RANKS = "annotation_self_ranks";
    static final int SHOWN = 9;
    static final int OTHERS = 7;

    private final ElasticsearchClient es;
    private final ObjectMapper json;
    private final String artworkIndex;
    private final ArtworkService artworks;
    private volatile boolean indicesReady;

    public AnnotationService(ElasticsearchClient es, String artworkIndex, ArtworkService artworks) {
        this.es = es;
        this.json = es.json();
        this.artworkIndex = artworkIndex;
        this.artworks = artworks;
    }

    /** Nine distinct artworks of the subset, in a random order that the seed fixes. */
    public Draw draw(ArtworkFilter filter, long seed) {
        ObjectNode body = json.createObjectNode().put("size", SHOWN).put("track_total_hits", true);
        body.putArray("_source").add("_id");
        ObjectNode functionScore = body.putObject("query").putObject("function_score");
        functionScore.set("query", filter.wrap(json, null));
        functionScore.putObject("random_score").put("seed", seed).put("field", "_seq_no");
        functionScore.put("boost_mode", "replace");
        JsonNode answer = es.search(artworkIndex, body);
        long total = answer.path("hits").path("total").path("value").asLong();
        if (total < SHOWN) {
            throw new BadRequest("the chosen subset holds " + total + " artworks; an annotation needs " + SHOWN);
        }
        List<String> ids = new ArrayList<>();
        answer.path("hits").path("hits").forEach(hit -> ids.add(hit.path("_id").asText()));
        return new Draw(describe(filter), seed, artworks.summaries(ids));
    }

    /** Stores a judgement after checking it names nine distinct indexed artworks. */
    public StoredAnnotation save(NewAnnotation annotation) {
        List<String> ids = nineIds(annotation.anchor(), annotation.positive(), annotation.others());
        Set<String> missing = new LinkedHashSet<>(ids);
        artworks.summaries(ids).forEach(s -> missing.remove(s.id()));
        if (!missing.isEmpty()) {
            throw new BadRequest("no artwork with id " + String.join(", ", missing));
        }
        ensureIndices();
        StoredAnnotation stored = new StoredAnnotation(null, annotation.anchor(), annotation.positive(),
            List.copyOf(annotation.others()), curator(annotation.curator()), Instant.now().toString(),
            annotation.subset() == null || annotation.subset().isBlank() ? "all" : annotation.subset());
        JsonNode answer = es.send("POST", "/" + INDEX + "/_doc?refresh=wait_for", document(stored));
        return withId(stored, answer.path("_id").asText());
    }

    /** The number of judgements and the {@code size} latest, newest first. */
    public Listing list(int size, Optional<String> curator) {
        if (!exists(INDEX)) {
            return new Listing(0, List.of());
        }
        ObjectNode body = json.createObjectNode().put("size", size).put("track_total_hits", true);
        curator.ifPresentOrElse(c -> body.putObject("query").putObject("term").put("curator", c),
            () -> body.putObject("query").putObject("match_all"));
        body.putArray("sort").addObject().put("time", "desc");
        JsonNode answer = es.search(INDEX, body);
        List<StoredAnnotation> latest = new ArrayList<>();
        answer.path("hits").path("hits").forEach(hit -> latest.add(stored(hit)));
        return new Listing(answer.path("hits").path("total").path("value").asLong(), latest);
    }

    /** Every judgement as the prototype's text, oldest first, one line each. */
    public String export() {
        StringBuilder text = new StringBuilder();
        if (!exists(INDEX)) {
            return "";
        }
        JsonNode after = null;
        while (true) {
            ObjectNode body = json.createObjectNode().put("size", 1000);
            body.putObject("query").putObject("match_all");
            ArrayNode sort = body.putArray("sort");
            sort.addObject().put("time", "asc");
            sort.addObject().put("line", "asc");
            if (after != null) {
                body.set("search_after", after);
            }
            JsonNode hits = es.search(INDEX, body).path("hits").path("hits");
            if (hits.isEmpty()) {
                return text.toString();
            }
            for (JsonNode hit : hits) {
                text.append(stored(hit).line()).append('\n');
                after = hit.path("sort");
            }
        }
    }

    /**
     * Stores the lines of a prototype annotation file. Every line is checked first (nine distinct ids of indexed
     * artworks; the prototype's file names such as KMS1.jpg are matched to their object numbers); one bad line
     * refuses the whole file, naming the line, so that nothing is half imported.
     */
    public int importLines(String text, String curator) {
        List<List<String>> lines = new ArrayList<>();
        String[] raw = text.split("\\R");
        Set<String> wanted = new HashSet<>();
        for (int n = 0; n < raw.length; n++) {
            if (raw[n].isBlank()) {
                continue;
            }
            String[] fields = raw[n].trim().split(",", -1);
            if (fields.length != SHOWN) {
                throw new BadRequest("line " + (n + 1) + ": expected " + SHOWN + " comma-separated ids, found " + fields.length);
            }
            List<String> ids = new ArrayList<>();
            for (String field : fields) {
                ids.add(field.trim());
            }
            try {
                nineIds(ids.get(0), ids.get(1), ids.subList(2, SHOWN));
            } catch (BadRequest e) {
                throw new BadRequest("line " + (n + 1) + ": " + e.getMessage());
            }
            lines.add(ids);
            for (String id : ids) {
                wanted.add(id);
                wanted.addAll(prototypeObjectNumbers(id));
            }
        }
        if (lines.isEmpty()) {
            throw new BadRequest("the file holds no annotation line");
        }
        Set<String> known = new HashSet<>();
        List<String> all = new ArrayList<>(wanted);
        for (int start = 0; start < all.size(); start += 1000) {
            artworks.summaries(all.subList(start, Math.min(all.size(), start + 1000))).forEach(s -> known.add(s.id()));
        }
        List<StoredAnnotation> resolvedLines = new ArrayList<>();
        String time = Instant.now().toString();
        for (int n = 0; n < lines.size(); n++) {
            List<String> resolved = new ArrayList<>();
            for (String id : lines.get(n)) {
                String match = known.contains(id) ? id
                    : prototypeObjectNumbers(id).stream().filter(known::contains).findFirst().orElse(null);
                if (match == null) {
                    throw new BadRequest("annotation " + (n + 1) + ": no artwork with id " + id);
                }
                resolved.add(match);
            }
            resolvedLines.add(new StoredAnnotation(null, resolved.get(0), resolved.get(1), resolved.subList(2, SHOWN),
                curator(curator), time, "import"));
        }
        ensureIndices();
        // one request per line keeps to the plain JSON client; a refresh at the end makes them all visible at once
        for (StoredAnnotation stored : resolvedLines) {
            es.send("POST", "/" + INDEX + "/_doc", document(stored));
        }
        es.send("POST", "/" + INDEX + "/_refresh", null);
        return lines.size();
    }

    /** A random earlier judgement with its eight candidates shuffled; the seed fixes both. */
    public ConsistencyTrial trial(long seed, Optional<String> curator) {
        if (!exists(INDEX)) {
            throw new NotFound("there are no annotations yet");
        }
        ObjectNode body = json.createObjectNode().put("size", 1);
        ObjectNode functionScore = body.putObject("query").putObject("function_score");
        curator.ifPresentOrElse(c -> functionScore.putObject("query").putObject("term").put("curator", c),
            () -> functionScore.putObject("query").putObject("match_all"));
        functionScore.putObject("random_score").put("seed", seed).put("field", "_seq_no");
        JsonNode hits = es.search(INDEX, body).path("hits").path("hits");
        if (hits.isEmpty()) {
            throw new NotFound("there are no annotations" + curator.map(c -> " by " + c).orElse("") + " yet");
        }
        StoredAnnotation earlier = stored(hits.get(0));
        List<String> candidates = new ArrayList<>();
        candidates.add(earlier.positive());
        candidates.addAll(earlier.others());
        java.util.Collections.shuffle(candidates, new Random(seed));
        List<String> ids = new ArrayList<>();
        ids.add(earlier.anchor());
        ids.addAll(candidates);
        List<ArtworkSummary> summaries = artworks.summaries(ids);
        if (summaries.size() != SHOWN) {
            throw new NotFound("annotation " + earlier.id() + " names artworks that are no longer indexed");
        }
        return new ConsistencyTrial(earlier.id(), summaries.get(0), summaries.subList(1, SHOWN));
    }

    /** Scores and stores the curator's new order of an earlier judgement's candidates. */
    public ConsistencyResult answer(ConsistencyAnswer answer) {
        if (answer.annotation() == null || !answer.annotation().matches("[A-Za-z0-9_\\-]{1,64}")) {
            throw new BadRequest("annotation is not an annotation id");
        }
        Optional<JsonNode> source = exists(INDEX) ? es.getSource(INDEX, answer.annotation(), List.of(), List.of()) : Optional.empty();
        StoredAnnotation earlier = source.map(s -> stored(answer.annotation(), s))
            .orElseThrow(() -> new NotFound("no annotation with id " + answer.annotation()));
        Set<String> candidates = new HashSet<>(earlier.others());
        candidates.add(earlier.positive());
        if (answer.order() == null || answer.order().size() != OTHERS + 1 || !new HashSet<>(answer.order()).equals(candidates)) {
            throw new BadRequest("order must list the annotation's 8 candidates, each once");
        }
        int rank = answer.order().indexOf(earlier.positive()) + 1;
        ensureIndices();
        String curator = curator(answer.curator());
        ObjectNode doc = json.createObjectNode().put("annotation", earlier.id()).put("rank", rank)
            .put("curator", curator).put("time", Instant.now().toString());
        es.send("POST", "/" + SELF_RANKS + "/_doc?refresh=wait_for", doc);
        ObjectNode stats = json.createObjectNode().put("size", 0);
        stats.putObject("query").putObject("term").put("curator", curator);
        stats.putObject("aggs").putObject("mean").putObject("avg").put("field", "rank");
        JsonNode result = es.search(SELF_RANKS, stats);
        return new ConsistencyResult(rank, result.path("aggregations").path("mean").path("value").asDouble(),
            result.path("hits").path("total").path("value").asLong());
    }

    /**
     * The object numbers a prototype file name may stand for: it wrote the object number with '/' as '_' plus
     * ".jpg", so KKS1_5.jpg is KKS1/5 (or, rarely, a number that really holds '_').
     */
    static List<String> prototypeObjectNumbers(String fileName) {
        if (!fileName.endsWith(".jpg")) {
            return List.of();
        }
        String stem = fileName.substring(0, fileName.length() - 4);
        return stem.contains("_") ? List.of(stem, stem.replace('_', '/')) : List.of(stem);
    }

    private static List<String> nineIds(String anchor, String positive, List<String> others) {
        if (others == null || others.size() != OTHERS) {
            throw new BadRequest("an annotation has " + OTHERS + " others");
        }
        List<String> ids = new ArrayList<>();
        ids.add(anchor);
        ids.add(positive);
        ids.addAll(others);
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank() || id.length() > 128 || id.contains(",")) {
                throw new BadRequest("artwork ids are 1 to 128 characters without commas");
            }
            if (!seen.add(id)) {
                throw new BadRequest("artwork " + id + " appears twice; the nine must be distinct");
            }
        }
        return ids;
    }

    private static String curator(String curator) {
        if (curator == null || curator.isBlank()) {
            return "anonymous";
        }
        if (curator.length() > 100) {
            throw new BadRequest("curator: at most 100 characters");
        }
        return curator.trim();
    }

    private String describe(ArtworkFilter filter) {
        if (filter.isEmpty()) {
            return "all";
        }
        List<String> parts = new ArrayList<>();
        filter.artists().forEach(a -> parts.add("artist=" + a));
        filter.yearFrom().ifPresent(y -> parts.add("yearFrom=" + y));
        filter.yearTo().ifPresent(y -> parts.add("yearTo=" + y));
        filter.technique().ifPresent(t -> parts.add("technique=" + t));
        filter.publicDomain().ifPresent(p -> parts.add("publicDomain=" + p));
        return String.join("; ", parts);
    }

    private ObjectNode document(StoredAnnotation a) {
        ObjectNode doc = json.createObjectNode().put("anchor", a.anchor()).put("positive", a.positive());
        ArrayNode others = doc.putArray("others");
        a.others().forEach(others::add);
        return doc.put("curator", a.curator()).put("time", a.time()).put("subset", a.subset()).put("line", a.line());
    }

    private StoredAnnotation stored(JsonNode hit) {
        return stored(hit.path("_id").asText(), hit.path("_source"));
    }

    private static StoredAnnotation stored(String id, JsonNode source) {
        List<String> others = new ArrayList<>();
        source.path("others").forEach(o -> others.add(o.asText()));
        return new StoredAnnotation(id, source.path("anchor").asText(), source.path("positive").asText(), others,
            source.path("curator").asText(), source.path("time").asText(), source.path("subset").asText());
    }

    private static StoredAnnotation withId(StoredAnnotation a, String id) {
        return new StoredAnnotation(id, a.anchor(), a.positive(), a.others(), a.curator(), a.time(), a.subset());
    }

    private boolean exists(String index) {
        if (indicesReady) {
            return true;
        }
        try {
            es.send("GET", "/" + index + "/_mapping", null);
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private void ensureIndices() {
        if (indicesReady) {
            return;
        }
        create(INDEX, """
            {"mappings": {"properties": {"anchor": {"type": "keyword"}, "positive": {"type": "keyword"},
              "others": {"type": "keyword"}, "curator": {"type": "keyword"}, "time": {"type": "date"},
              "subset": {"type": "keyword"}, "line": {"type": "keyword"}}}}
            """);
        create(SELF_RANKS, """
            {"mappings": {"properties": {"annotation": {"type": "keyword"}, "rank": {"type": "integer"},
              "curator": {"type": "keyword"}, "time": {"type": "date"}}}}
            """);
        indicesReady = true;
    }

    private void create(String index, String body) {
        try {
            ObjectNode request = (ObjectNode) json.readTree(body);
            request.set("settings", ArtworksIndex.replicated());
            es.send("PUT", "/" + index, request);
        } catch (ElasticsearchException e) {
            // another explorer instance (or an earlier run) made it first: that is what we wanted
            if (e.status() != 400 || !e.getMessage().contains("already exists")) {
                throw e;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
