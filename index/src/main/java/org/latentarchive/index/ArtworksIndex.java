package org.latentarchive.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;

/**
 * The artworks index as its writers (the indexer, the curator's apply and stack) and readers (the explorer, the
 * curator's training and evaluation) agree on it: its default name, how vector spaces are named, and its mapping.
 * One document per artwork, {@code _id} = object number; one {@code vectors.<space>} dense_vector per embedding model
 * or tuned version, with {@code embedded.<space>} saying what wrote it.
 */
public final class ArtworksIndex {

    /** The index the indexer writes and the explorer reads, unless told otherwise. */
    public static final String DEFAULT_NAME = "artworks";
    /** The space of the default model (MobileNetV2 ImageNet features), present in every index the indexer made. */
    public static final String DEFAULT_SPACE = "mobilenet_v2";
    /** Vector fields live under this object: vectors.mobilenet_v2, vectors.tuned_3, ... */
    public static final String VECTORS = "vectors.";
    /** embedded.<space>: what wrote the space's vector (model id and image hash, a tuned model, a stack). */
    public static final String EMBEDDED = "embedded.";

    /**
     * A space's 2-D layouts live under this object: {@code layout.<space>.<method>.x} and {@code .y} (floats in
     * [0, 1], y downwards) for each method, and {@code layout.<space>.cluster}, the artwork's k-means cluster in the
     * space, shared by all its layouts. Not searched, only read (doc values), so none of them is indexed.
     */
    public static final String LAYOUT = "layout.";
    /** The mapping's {@code _meta} key under which the layout job records what it computed: see {@link #layoutMeta}. */
    public static final String LAYOUTS_META = "layouts";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ArtworksIndex() {
    }

    /** {@code vectors.<space>}. */
    public static String vectorField(String space) {
        return VECTORS + space;
    }

    /** {@code embedded.<space>}. */
    public static String embeddedField(String space) {
        return EMBEDDED + space;
    }

    /** The space a request names, as {@code tuned_3} or as its field {@code vectors.tuned_3}. */
    public static String spaceOf(String spaceOrField) {
        return spaceOrField.startsWith(VECTORS) ? spaceOrField.substring(VECTORS.length()) : spaceOrField;
    }

    /** A vector field is {@code vectors.<name>}, one level deep; anything else is refused with the reason. */
    public static String requireVectorField(String field) {
        if (!field.startsWith(VECTORS) || field.length() == VECTORS.length() || field.indexOf('.', VECTORS.length()) >= 0) {
            throw new IllegalArgumentException("a vector field is named vectors.<name>, not '" + field + "'");
        }
        return field;
    }

    /** {@code layout.<space>.<method>}: an object of {@code x} and {@code y}. */
    public static String layoutField(String space, String method) {
        return LAYOUT + space + "." + method;
    }

    /** {@code layout.<space>.cluster}: the artwork's k-means cluster number in the space. */
    public static String clusterField(String space) {
        return LAYOUT + space + ".cluster";
    }

    /**
     * The mapping update that adds a space's layouts: {@code layout.<space>.<method>.{x,y}} as floats and
     * {@code layout.<space>.cluster} as a short, read from doc values, never searched.
     */
    public static ObjectNode layoutMapping(String space, Collection<String> methods) {
        ObjectNode spaceProps = JSON.createObjectNode();
        for (String method : methods) {
            ObjectNode xy = JSON.createObjectNode();
            xy.set("x", type("float").put("index", false));
            xy.set("y", type("float").put("index", false));
            spaceProps.set(method, JSON.createObjectNode().set("properties", xy));
        }
        spaceProps.set("cluster", type("short"));
        ObjectNode layout = JSON.createObjectNode();
        layout.set(space, JSON.createObjectNode().set("properties", spaceProps));
        ObjectNode props = JSON.createObjectNode();
        props.set("layout", JSON.createObjectNode().set("properties", layout));
        return JSON.createObjectNode().set("properties", props);
    }

    /**
     * What the mapping's {@code _meta.layouts.<space>} says the layout job wrote:
     * {@code {"clusters": k, "methods": {"pca": {"count": n, "computedAt": "ISO-8601", "version": "stamp"}, ...}}}.
     * The version changes whenever a layout is recomputed, so readers can cache a layout by it.
     */
    public static ObjectNode layoutMeta(int clusters, java.util.Map<String, ObjectNode> methods) {
        ObjectNode meta = JSON.createObjectNode().put("clusters", clusters);
        ObjectNode byMethod = meta.putObject("methods");
        methods.forEach(byMethod::set);
        return meta;
    }

    /** The body that creates the index: every metadata field, the first space, and {@link #replicated} settings. */
    public static ObjectNode indexBody(String space, int dims) {
        ObjectNode props = JSON.createObjectNode();
        props.set("object_number", keyword());
        props.set("title", textWithKeyword());
        props.set("artist", textWithKeyword());
        props.set("artist_birth_year", type("integer"));
        props.set("artist_death_year", type("integer"));
        props.set("nationality", keyword());
        ObjectNode dating = JSON.createObjectNode();
        dating.set("start_year", type("integer"));
        dating.set("end_year", type("integer"));
        dating.set("period", textWithKeyword());
        props.set("dating", JSON.createObjectNode().set("properties", dating));
        for (String list : List.of("techniques", "materials", "object_names", "colors", "collection", "rights", "landing_page", "source")) {
            props.set(list, keyword());
        }
        props.set("public_domain", type("boolean"));
        props.set("description", type("text"));
        props.set("image_url", keyword().put("index", false));
        props.set("thumbnail_url", keyword().put("index", false));
        ObjectNode image = JSON.createObjectNode();
        image.set("sha256", keyword());
        image.set("width", type("integer"));
        image.set("height", type("integer"));
        image.set("local_path", keyword().put("index", false));
        props.set("image", JSON.createObjectNode().set("properties", image));
        props.setAll(spaceProperties(space, vectorMapping(dims, null)));

        ObjectNode mappings = JSON.createObjectNode();
        mappings.put("dynamic", "false");
        mappings.set("properties", props);
        ObjectNode settings = replicated();
        // Elasticsearch 9 leaves vectors out of _source by default; keeping them lets training and tools read them back
        // with a plain GET or search, as every other field.
        settings.put("index.mapping.exclude_source_vectors", false);
        ObjectNode body = JSON.createObjectNode();
        body.set("settings", settings);
        body.set("mappings", mappings);
        return body;
    }

    /**
     * The same body with a fixed number of primary shards and replicas in place of {@code auto_expand_replicas}: an
     * index laid out for a cluster of known size (the local cluster's check uses 3 primaries and 1 replica).
     */
    public static ObjectNode indexBody(String space, int dims, int shards, int replicas) {
        ObjectNode body = indexBody(space, dims);
        ObjectNode settings = (ObjectNode) body.get("settings");
        settings.remove("index.auto_expand_replicas");
        settings.put("index.number_of_shards", shards).put("index.number_of_replicas", replicas);
        return body;
    }

    /**
     * The settings every index of the project is created with: one replica where the cluster can place it and none
     * on a single node ({@code auto_expand_replicas}), so a development node is green and a cluster keeps a copy of
     * every shard.
     */
    public static ObjectNode replicated() {
        return JSON.createObjectNode().put("index.auto_expand_replicas", "0-1");
    }

    /** The mapping update that adds a space to an existing index: its vector field and its {@code embedded} tag. */
    public static ObjectNode spaceMapping(String space, ObjectNode vectorMapping) {
        return JSON.createObjectNode().set("properties", spaceProperties(space, vectorMapping));
    }

    /**
     * A space's dense_vector: cosine, indexed; with {@code indexOptions} (e.g. copied from the field a tuned space
     * was trained on), or HNSW when null.
     */
    public static ObjectNode vectorMapping(int dims, ObjectNode indexOptions) {
        ObjectNode v = type("dense_vector").put("dims", dims).put("index", true).put("similarity", "cosine");
        v.set("index_options", indexOptions != null ? indexOptions : JSON.createObjectNode().put("type", "hnsw"));
        return v;
    }

    private static ObjectNode spaceProperties(String space, ObjectNode vectorMapping) {
        ObjectNode props = JSON.createObjectNode();
        props.set("vectors", objectWith(space, vectorMapping));
        props.set("embedded", objectWith(space, keyword()));
        return props;
    }

    private static ObjectNode objectWith(String field, ObjectNode mapping) {
        ObjectNode props = JSON.createObjectNode();
        props.set(field, mapping);
        return JSON.createObjectNode().set("properties", props);
    }

    private static ObjectNode type(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static ObjectNode keyword() {
        return type("keyword").put("ignore_above", 4096);
    }

    private static ObjectNode textWithKeyword() {
        ObjectNode text = type("text");
        text.set("fields", JSON.createObjectNode().set("keyword", keyword().put("ignore_above", 1024)));
        return text;
    }
}
