package org.latentarchive.indexer.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.latentarchive.index.ArtworksIndex;
import org.latentarchive.indexer.source.Artwork;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the indexer writes into the artworks index ({@link ArtworksIndex} is the contract): the index or a new
 * space's mapping, the documents, and the deletions of withdrawn works.
 * A document's {@code embedded.<model>} holds the model id and the image's SHA-256, so a re-run knows which
 * vectors are current without reading them.
 */
public final class ArtworkIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ElasticsearchClient client;
    private final String name;

    public ArtworkIndex(ElasticsearchClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** Creates the index with the full mapping, or adds the model's vector field to an existing one. */
    public void ensure(String model, int dims) throws IOException {
        boolean exists = client.indices().exists(e -> e.index(name)).value();
        if (!exists) {
            String body = JSON.writeValueAsString(ArtworksIndex.indexBody(model, dims));
            try {
                client.indices().create(c -> c.index(name).withJson(new StringReader(body)));
                return;
            } catch (ElasticsearchException e) {
                // Another indexer created it meanwhile: fall through and check its mapping.
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
        var mapping = client.indices().getMapping(m -> m.index(name)).mappings();
        var properties = mapping.values().iterator().next().mappings().properties();
        co.elastic.clients.elasticsearch._types.mapping.Property vectors = properties.get("vectors");
        co.elastic.clients.elasticsearch._types.mapping.Property existing =
            vectors == null || !vectors.isObject() ? null : vectors.object().properties().get(model);
        if (existing != null) {
            if (!existing.isDenseVector() || existing.denseVector().dims() == null || existing.denseVector().dims() != dims) {
                throw new IOException("index " + name + " already has vectors." + model + " with other dimensions than " + dims);
            }
            return;
        }
        String body = JSON.writeValueAsString(ArtworksIndex.spaceMapping(model, ArtworksIndex.vectorMapping(dims, null)));
        client.indices().putMapping(p -> p.index(name).withJson(new StringReader(body)));
    }

    /** Object number -> {@code embedded.<model>} of every document in the index (empty when there is no index). */
    public Map<String, String> embeddedTags(String model) throws IOException {
        Map<String, String> tags = new HashMap<>();
        String field = ArtworksIndex.embeddedField(model);
        eachDocument(Query.of(q -> q.matchAll(m -> m)), List.of(field), hit -> {
            Object embedded = hit.source() == null ? null : hit.source().get("embedded");
            Object tag = embedded instanceof Map<?, ?> m ? m.get(model) : null;
            tags.put(hit.id(), tag == null ? "" : tag.toString());
        });
        return tags;
    }

    /** The object numbers of every document a source wrote (its {@code source} field), e.g. "smk" or "local:aic". */
    public List<String> idsOfSource(String source) throws IOException {
        List<String> ids = new ArrayList<>();
        eachDocument(Query.of(q -> q.term(t -> t.field("source").value(source))), List.of(), hit -> ids.add(hit.id()));
        return ids;
    }

    /**
     * Hands every document matching {@code query} to {@code each}, with only {@code includes} of its source (none when
     * empty), in pages ordered by object number; nothing when the index does not exist yet.
     */
    @SuppressWarnings("rawtypes")
    private void eachDocument(Query query, List<String> includes, java.util.function.Consumer<Hit<Map>> each) throws IOException {
        if (!client.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        List<FieldValue> after = null;
        while (true) {
            final List<FieldValue> searchAfter = after;
            SearchResponse<Map> page = client.search(s -> {
                s.index(name).size(5000).trackTotalHits(t -> t.enabled(false)).query(query)
                    .source(src -> includes.isEmpty() ? src.fetch(false) : src.filter(f -> f.includes(includes)))
                    .sort(so -> so.field(f -> f.field("object_number").order(SortOrder.Asc)));
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, Map.class);
            var hits = page.hits().hits();
            if (hits.isEmpty()) {
                return;
            }
            hits.forEach(each);
            after = hits.getLast().sort();
        }
    }

    /** Deletes these documents, in bulks of 1,000, and makes the deletion visible; a failed delete fails the call. */
    public void delete(List<String> ids) throws IOException {
        for (int start = 0; start < ids.size(); start += 1000) {
            List<BulkOperation> deletes = ids.subList(start, Math.min(ids.size(), start + 1000)).stream()
                .map(id -> BulkOperation.of(b -> b.delete(d -> d.index(name).id(id)))).toList();
            BulkResponse response = client.bulk(b -> b.operations(deletes));
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null) {
                    throw new IOException("deleting artwork '" + item.id() + "' failed: " + item.error().reason());
                }
            }
        }
        if (!ids.isEmpty()) {
            refresh();
        }
    }

    /** The full document of an artwork with its image facts and vector. */
    public static Map<String, Object> document(Artwork a, ImageFacts image, String model, float[] vector, String tag) {
        Map<String, Object> doc = metadata(a);
        Map<String, Object> img = new LinkedHashMap<>();
        img.put("sha256", image.sha256());
        img.put("width", image.width());
        img.put("height", image.height());
        if (a.image() != null && a.image().file() != null) {
            img.put("local_path", a.image().file().toAbsolutePath().toString());
        }
        doc.put("image", img);
        doc.put("vectors", Map.of(model, vector));
        doc.put("embedded", Map.of(model, tag));
        return doc;
    }

    /** Width, height and content hash of an artwork's image. */
    public record ImageFacts(String sha256, int width, int height) {
    }

    /** The metadata fields alone (for updating a document whose vector is current). */
    public static Map<String, Object> metadata(Artwork a) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("object_number", a.objectNumber());
        put(doc, "title", a.title());
        put(doc, "artist", a.artists().isEmpty() ? null : a.artists().size() == 1 ? a.artists().getFirst() : a.artists());
        put(doc, "artist_birth_year", a.artistBirthYear());
        put(doc, "artist_death_year", a.artistDeathYear());
        put(doc, "nationality", a.nationality());
        if (a.dating() != null && (a.dating().startYear() != null || a.dating().period() != null)) {
            Map<String, Object> dating = new LinkedHashMap<>();
            put(dating, "start_year", a.dating().startYear());
            put(dating, "end_year", a.dating().endYear());
            put(dating, "period", a.dating().period());
            doc.put("dating", dating);
        }
        putList(doc, "techniques", a.techniques());
        putList(doc, "materials", a.materials());
        putList(doc, "object_names", a.objectNames());
        putList(doc, "colors", a.colors());
        put(doc, "collection", a.collection());
        put(doc, "public_domain", a.publicDomain());
        put(doc, "rights", a.rights());
        put(doc, "description", a.description());
        put(doc, "image_url", a.imageUrl());
        put(doc, "thumbnail_url", a.thumbnailUrl());
        put(doc, "landing_page", a.landingPage());
        put(doc, "source", a.source());
        return doc;
    }

    private static void put(Map<String, Object> doc, String field, Object value) {
        if (value != null) {
            doc.put(field, value);
        }
    }

    private static void putList(Map<String, Object> doc, String field, List<String> values) {
        if (!values.isEmpty()) {
            doc.put(field, new ArrayList<>(values));
        }
    }

    public void refresh() throws IOException {
        client.indices().refresh(r -> r.index(name));
    }
}
