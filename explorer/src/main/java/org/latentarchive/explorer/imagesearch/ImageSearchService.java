package org.latentarchive.explorer.imagesearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.latentarchive.curator.TunedModel;
import org.latentarchive.explorer.artwork.ArtworkDocuments;
import org.latentarchive.explorer.artwork.ArtworkFilter;
import org.latentarchive.explorer.es.ElasticsearchClient;
import org.latentarchive.explorer.web.BadRequest;
import org.latentarchive.index.ArtworksIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Search by an image of one's own, and "more like these, less like those": the query image's vector (in the chosen
 * space: a tuned space applies its model to it) and the marked artworks go to the plugin's {@code vector_neighbours}
 * as {@code like} and {@code unlike}, which combines them (Rocchio) and scores exactly under the filters.
 */
public final class ImageSearchService {

    private final ElasticsearchClient es;
    private final String index;
    private final QueryImages images;
    private final Path models;
    private final Map<String, TunedModel> tuned = new ConcurrentHashMap<>();

    public ImageSearchService(ElasticsearchClient es, String index, QueryImages images, Path models) {
        this.es = es;
        this.index = index;
        this.images = images;
        this.models = models;
    }

    /** The query image's vector in {@code field}: the model's own space, or a space tuned from it. */
    public float[] vectorOf(byte[] image, String field) {
        String modelField = ArtworksIndex.vectorField(ArtworksIndex.DEFAULT_SPACE);
        TunedModel model = null;
        if (field.equals(modelField) == false) {
            model = tunedModel(field);
            if (model == null || model.sourceField().equals(modelField) == false) {
                throw new BadRequest("image queries search " + modelField + " or a space tuned from it; " + field
                    + (model == null ? " is neither" : " was tuned from " + model.sourceField()));
            }
        }
        float[] raw = images.embed(image);
        return model == null ? raw : model.projection().apply(raw);
    }

    private TunedModel tunedModel(String field) {
        String prefix = ArtworksIndex.vectorField("tuned_");
        if (field.startsWith(prefix) == false) {
            return null;
        }
        return tuned.computeIfAbsent(field, f -> {
            Path file = TunedModel.file(models, f);
            if (Files.isRegularFile(file) == false) {
                return null;
            }
            try {
                return TunedModel.load(file);
            } catch (IOException e) {
                throw new BadRequest("the model of " + f + " cannot be read: " + e.getMessage());
            }
        });
    }

    /**
     * The {@code size} artworks nearest (or farthest) to the weighted mean of the liked examples (the query vectors
     * and the artworks {@code likeIds}) minus that of the unliked ones; the marked artworks are left out.
     */
    public SimilarHits similar(List<float[]> likeVectors, List<String> likeIds, List<String> unlikeIds, String field,
                               String direction, ArtworkFilter filter, int size) {
        if (likeVectors.isEmpty() && likeIds.isEmpty()) {
            throw new BadRequest("like: mark at least one artwork as like it (or give an image)");
        }
        ObjectNode neighbours = es.object();
        ObjectNode q = neighbours.putObject("vector_neighbours").put("field", field).put("direction", direction);
        ArrayNode like = q.putArray("like");
        for (float[] v : likeVectors) {
            ArrayNode vector = like.addObject().putArray("vector");
            for (float x : v) {
                vector.add(x);
            }
        }
        likeIds.forEach(id -> like.addObject().put("id", id));
        if (unlikeIds.isEmpty() == false) {
            ArrayNode unlike = q.putArray("unlike");
            unlikeIds.forEach(id -> unlike.addObject().put("id", id));
        }
        ObjectNode body = es.object();
        body.put("size", size);
        body.set("query", filter.wrap(es.json(), neighbours));
        ArrayNode source = body.putArray("_source");
        ArtworkDocuments.SUMMARY_FIELDS.forEach(source::add);
        JsonNode answer = es.search(index, body);
        List<SimilarHits.Hit> hits = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            hits.add(new SimilarHits.Hit(hits.size() + 1, hit.path("_score").asDouble(),
                ArtworkDocuments.summary(hit.path("_id").asText(), hit.path("_source"))));
        }
        return new SimilarHits(field, direction, likeIds, unlikeIds, hits);
    }
}
