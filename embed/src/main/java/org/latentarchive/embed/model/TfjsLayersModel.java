package org.latentarchive.embed.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TF.js layers model: a Keras functional model's layers (class name, Keras config, the layers feeding each) and
 * its weights by Keras name ({@code conv2d_1/kernel}, {@code batch_normalization_1/beta}), dequantised to float.
 * Read from the JavaScript-module form nsfwjs ships ({@code model.min.js} plus weight shards), as {@link TfjsGraphModel}.
 */
public final class TfjsLayersModel {

    /** One Keras layer; {@code inputs} names the layers of its first (only) inbound node, in order. */
    public record Layer(String name, String className, JsonNode config, List<String> inputs) {
    }

    private final Map<String, Layer> layers;
    private final Map<String, TfjsGraphModel.Tensor> weights;
    private final String input;

    private TfjsLayersModel(Map<String, Layer> layers, Map<String, TfjsGraphModel.Tensor> weights, String input) {
        this.layers = layers;
        this.weights = weights;
        this.input = input;
    }

    public Map<String, Layer> layers() {
        return layers;
    }

    public Map<String, TfjsGraphModel.Tensor> weights() {
        return weights;
    }

    /** The name of the model's one input layer. */
    public String input() {
        return input;
    }

    /** Parses the topology module and the weight shard modules (in manifest order). */
    public static TfjsLayersModel read(String modelModule, List<String> shardModules) {
        JsonNode root = TfjsGraphModel.topology(modelModule);
        String format = root.path("format").asText("layers-model");
        JsonNode topology = root.path("modelTopology");
        // TF.js writes either the Keras model's JSON itself or {keras_version, backend, model_config}.
        JsonNode model = topology.has("model_config") ? topology.path("model_config") : topology;
        if (!format.equals("layers-model") || !model.path("config").has("layers")) {
            throw new IllegalArgumentException("not a TF.js layers model: format=" + format + ", class " + model.path("class_name").asText());
        }
        JsonNode config = model.path("config");
        if (config.path("input_layers").size() != 1) {
            throw new IllegalArgumentException("only models with one input are supported, not " + config.path("input_layers"));
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (JsonNode l : config.path("layers")) {
            JsonNode inbound = l.path("inbound_nodes");
            if (inbound.size() > 1) {
                throw new IllegalArgumentException("layer " + l.path("name").asText() + " is shared (called more than once)");
            }
            List<String> inputs = new ArrayList<>();
            inbound.path(0).forEach(in -> inputs.add(in.path(0).asText()));
            layers.put(l.path("name").asText(), new Layer(l.path("name").asText(), l.path("class_name").asText(), l.path("config"), inputs));
        }
        String input = config.path("input_layers").path(0).path(0).asText();
        return new TfjsLayersModel(layers, TfjsGraphModel.weights(root.path("weightsManifest"), shardModules), input);
    }
}
