package org.latentarchive.embed.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TF.js graph model: its nodes (TensorFlow ops with their attributes) and its constant tensors, dequantised to
 * float. Read from the JavaScript-module form nsfwjs ships ({@code model.min.js} plus weight shards).
 */
public final class TfjsGraphModel {

    /** One op of the graph; {@code attr} is the TensorFlow attribute map as TF.js serialises it. */
    public record Node(String name, String op, List<String> inputs, JsonNode attr) {

        public List<Long> intList(String key) {
            List<Long> values = new ArrayList<>();
            attr.path(key).path("list").path("i").forEach(v -> values.add(v.asLong()));
            return values;
        }

        /** String attributes are base64 of their bytes in TF.js's JSON. */
        public String string(String key) {
            JsonNode s = attr.path(key).path("s");
            return s.isMissingNode() ? null : new String(Base64.getDecoder().decode(s.asText()), StandardCharsets.UTF_8);
        }

        public List<String> stringList(String key) {
            List<String> values = new ArrayList<>();
            attr.path(key).path("list").path("s")
                .forEach(v -> values.add(new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8)));
            return values;
        }
    }

    /** A constant tensor in TensorFlow's layout, row-major. */
    public record Tensor(int[] shape, float[] values) {
    }

    private final Map<String, Node> nodes;
    private final Map<String, Tensor> weights;

    private TfjsGraphModel(Map<String, Node> nodes, Map<String, Tensor> weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    public Map<String, Node> nodes() {
        return nodes;
    }

    public Map<String, Tensor> weights() {
        return weights;
    }

    /** Parses the topology module and the weight shard modules (in manifest order). */
    public static TfjsGraphModel read(String modelModule, List<String> shardModules) {
        JsonNode root = topology(modelModule);
        if (!"graph-model".equals(root.path("format").asText())) {
            throw new IllegalArgumentException("not a TF.js graph model: format=" + root.path("format").asText());
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (JsonNode n : root.path("modelTopology").path("node")) {
            List<String> inputs = new ArrayList<>();
            n.path("input").forEach(in -> inputs.add(in.asText()));
            nodes.put(n.path("name").asText(), new Node(n.path("name").asText(), n.path("op").asText(), inputs, n.path("attr")));
        }

        return new TfjsGraphModel(nodes, weights(root.path("weightsManifest"), shardModules));
    }

    /** The JSON object a TF.js {@code model.json} module exports: format, modelTopology, weightsManifest. */
    static JsonNode topology(String modelModule) {
        try {
            return new ObjectMapper().readTree(JsModuleText.exportedObjectAsJson(modelModule));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the TF.js model topology is not a readable literal: " + e.getMessage(), e);
        }
    }

    /**
     * The weights a TF.js manifest describes, from its shard modules in manifest order: float32, or uint8-quantised
     * (dequantised here). Shared by graph models and layers models, which store weights alike.
     */
    static Map<String, Tensor> weights(JsonNode weightsManifest, List<String> shardModules) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String shard : shardModules) {
            bytes.writeBytes(Base64.getDecoder().decode(JsModuleText.exportedString(shard)));
        }
        byte[] data = bytes.toByteArray();

        Map<String, Tensor> weights = new LinkedHashMap<>();
        int offset = 0;
        for (JsonNode group : weightsManifest) {
            for (JsonNode w : group.path("weights")) {
                int[] shape = new int[w.path("shape").size()];
                int count = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = w.path("shape").get(d).asInt();
                    count *= shape[d];
                }
                float[] values = new float[count];
                JsonNode q = w.path("quantization");
                String dtype = w.path("dtype").asText();
                if (!"float32".equals(dtype)) {
                    throw new IllegalArgumentException("unsupported weight dtype " + dtype + " for " + w.path("name").asText());
                }
                if (q.isMissingNode()) {
                    java.nio.ByteBuffer.wrap(data, offset, count * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(values);
                    offset += count * 4;
                } else if ("uint8".equals(q.path("dtype").asText())) {
                    // TF.js dequantises as byte * scale + min, computed in double and stored as float32.
                    double scale = q.path("scale").asDouble();
                    double min = q.path("min").asDouble();
                    for (int i = 0; i < count; i++) {
                        values[i] = (float) ((data[offset + i] & 0xff) * scale + min);
                    }
                    offset += count;
                } else {
                    throw new IllegalArgumentException("unsupported quantisation " + q.path("dtype").asText());
                }
                weights.put(w.path("name").asText(), new Tensor(shape, values));
            }
        }
        if (offset != data.length) {
            throw new IllegalArgumentException("weight shards hold " + data.length + " bytes, the manifest describes " + offset);
        }
        return weights;
    }
}
