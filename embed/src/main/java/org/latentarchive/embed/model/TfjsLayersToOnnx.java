package org.latentarchive.embed.model;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.latentarchive.embed.model.TfjsToOnnx.ints;
import static org.latentarchive.embed.model.TfjsToOnnx.tensor;

/**
 * Converts a TF.js layers model (a Keras functional convolutional network, channels last) into an ONNX graph (opset
 * 13) with NCHW input, as {@link TfjsToOnnx} does for graph models: kernels are transposed once here, and only the
 * layers the requested output depends on are converted (a classification head beyond it is left out).
 *
 * <p>Layers covered: InputLayer, Conv2D (no dilation, optional bias, linear or relu), BatchNormalization (inference:
 * moving mean and variance, with or without scale and centre), Activation (relu, softmax), MaxPooling2D and
 * AveragePooling2D (valid or same; a pool over the whole map becomes GlobalAveragePool), Concatenate over channels,
 * Flatten, Dense, Dropout (the identity at inference).
 */
public final class TfjsLayersToOnnx {

    private final TfjsLayersModel model;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    /** Channels, height, width of each converted layer's output (height and width 0 once flattened). */
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Map<String, String> emitted = new HashMap<>();

    private TfjsLayersToOnnx(TfjsLayersModel model) {
        this.model = model;
    }

    /**
     * Converts the layers that compute {@code outputLayer}, with a square input of {@code inputSize} pixels. The ONNX
     * graph has one input {@code inputName} [batch, 3, size, size] and one output {@code outputName}.
     */
    public static OnnxMl.ModelProto convert(TfjsLayersModel model, String outputLayer, int inputSize, String inputName,
                                            String outputName, String docString) {
        TfjsLayersToOnnx converter = new TfjsLayersToOnnx(model);
        converter.emitted.put(model.input(), inputName);
        converter.shapes.put(inputName, new int[] {3, inputSize, inputSize});
        String produced = converter.emit(outputLayer);
        converter.graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName(outputName)
            .addInput(produced).addOutput(outputName));
        return TfjsToOnnx.model(converter.graph, inputName, inputSize, outputName, converter.shapes.get(produced), docString);
    }

    /** Converts a layer and everything it depends on; returns the ONNX name of its output. */
    private String emit(String name) {
        String done = emitted.get(name);
        if (done != null) {
            return done;
        }
        TfjsLayersModel.Layer layer = model.layers().get(name);
        if (layer == null) {
            throw new IllegalArgumentException("the model has no layer " + name);
        }
        String format = layer.config().path("data_format").asText("channels_last");
        if (!format.equals("channels_last")) {
            throw new IllegalArgumentException(name + ": data format " + format + " is not supported");
        }
        String out = switch (layer.className()) {
            case "Conv2D" -> convolution(layer);
            case "BatchNormalization" -> batchNormalization(layer);
            case "Activation" -> activation(layer.config().path("activation").asText(), emit(only(layer)), name);
            case "MaxPooling2D" -> pool(layer, "MaxPool");
            case "AveragePooling2D" -> pool(layer, "AveragePool");
            case "Concatenate" -> concatenate(layer);
            case "Flatten" -> flatten(layer);
            case "Dense" -> dense(layer);
            case "Dropout" -> emit(only(layer));
            default -> throw new IllegalArgumentException("layer " + layer.className() + " (" + name + ") is not supported");
        };
        emitted.put(name, out);
        return out;
    }

    private static String only(TfjsLayersModel.Layer layer) {
        if (layer.inputs().size() != 1) {
            throw new IllegalArgumentException(layer.name() + " has " + layer.inputs().size() + " inputs, expected one");
        }
        return layer.inputs().getFirst();
    }

    private TfjsGraphModel.Tensor weight(String name) {
        TfjsGraphModel.Tensor t = model.weights().get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weights " + name);
        }
        return t;
    }

    private String convolution(TfjsLayersModel.Layer layer) {
        var c = layer.config();
        c.path("dilation_rate").forEach(d -> {
            if (d.asInt() != 1) {
                throw new IllegalArgumentException("dilated convolutions are not supported: " + layer.name());
            }
        });
        String x = emit(only(layer));
        int[] in = shapes.get(x);
        TfjsGraphModel.Tensor w = weight(layer.name() + "/kernel");
        int kh = w.shape()[0];
        int kw = w.shape()[1];
        int cout = w.shape()[3];
        if (w.shape()[2] != in[0]) {
            throw new IllegalArgumentException(layer.name() + ": kernel expects " + w.shape()[2] + " channels, input has " + in[0]);
        }
        int sh = c.path("strides").path(0).asInt(1);
        int sw = c.path("strides").path(1).asInt(1);
        String padding = c.path("padding").asText().toUpperCase(java.util.Locale.ROOT);
        int[] padH = TfjsToOnnx.padding(padding, in[1], kh, sh);
        int[] padW = TfjsToOnnx.padding(padding, in[2], kw, sw);
        String kernelName = layer.name() + "/kernel";
        graph.addInitializer(tensor(kernelName, TfjsToOnnx.oihw(w, false), new int[] {cout, w.shape()[2], kh, kw}));
        String activationName = c.path("activation").asText("linear");
        String convOut = activationName.equals("linear") ? layer.name() : layer.name() + "/conv";
        OnnxMl.NodeProto.Builder conv = OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName(convOut).addInput(x).addInput(kernelName)
            .addOutput(convOut)
            .addAttribute(ints("kernel_shape", kh, kw))
            .addAttribute(ints("strides", sh, sw))
            .addAttribute(ints("pads", padH[0], padW[0], padH[1], padW[1]))
            .addAttribute(ints("dilations", 1, 1));
        if (c.path("use_bias").asBoolean(true)) {
            TfjsGraphModel.Tensor b = weight(layer.name() + "/bias");
            graph.addInitializer(tensor(layer.name() + "/bias", b.values(), new int[] {cout}));
            conv.addInput(layer.name() + "/bias");
        }
        graph.addNode(conv);
        shapes.put(convOut, new int[] {cout, (in[1] + padH[0] + padH[1] - kh) / sh + 1, (in[2] + padW[0] + padW[1] - kw) / sw + 1});
        return activationName.equals("linear") ? convOut : activation(activationName, convOut, layer.name());
    }

    private String batchNormalization(TfjsLayersModel.Layer layer) {
        var c = layer.config();
        String x = emit(only(layer));
        int[] in = shapes.get(x);
        int axis = c.path("axis").isArray() ? c.path("axis").path(0).asInt() : c.path("axis").asInt(-1);
        if (axis != -1 && axis != 3) {
            throw new IllegalArgumentException(layer.name() + ": only normalisation over the channels is supported, not axis " + axis);
        }
        int channels = in[0];
        String n = layer.name();
        float[] ones = new float[channels];
        java.util.Arrays.fill(ones, 1f);
        // Keras leaves gamma out with scale=false and beta with center=false: their neutral values stand in.
        float[] gamma = c.path("scale").asBoolean(true) ? weight(n + "/gamma").values() : ones;
        float[] beta = c.path("center").asBoolean(true) ? weight(n + "/beta").values() : new float[channels];
        graph.addInitializer(tensor(n + "/gamma", gamma, new int[] {channels}));
        graph.addInitializer(tensor(n + "/beta", beta, new int[] {channels}));
        graph.addInitializer(tensor(n + "/moving_mean", weight(n + "/moving_mean").values(), new int[] {channels}));
        graph.addInitializer(tensor(n + "/moving_variance", weight(n + "/moving_variance").values(), new int[] {channels}));
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("BatchNormalization").setName(n).addInput(x)
            .addInput(n + "/gamma").addInput(n + "/beta").addInput(n + "/moving_mean").addInput(n + "/moving_variance").addOutput(n)
            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("epsilon").setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF((float) c.path("epsilon").asDouble(0.001))));
        shapes.put(n, in);
        return n;
    }

    private String activation(String kind, String input, String output) {
        String op = switch (kind) {
            case "relu" -> "Relu";
            case "softmax" -> "Softmax";
            case "linear" -> "Identity";
            default -> throw new IllegalArgumentException("activation " + kind + " is not supported");
        };
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addInput(input).addOutput(output));
        shapes.put(output, shapes.get(input));
        return output;
    }

    private String pool(TfjsLayersModel.Layer layer, String op) {
        var c = layer.config();
        String x = emit(only(layer));
        int[] in = shapes.get(x);
        int kh = c.path("pool_size").path(0).asInt();
        int kw = c.path("pool_size").path(1).asInt();
        // Keras's strides default to the pool size
        int sh = c.path("strides").isArray() ? c.path("strides").path(0).asInt() : kh;
        int sw = c.path("strides").isArray() ? c.path("strides").path(1).asInt() : kw;
        String padding = c.path("padding").asText().toUpperCase(java.util.Locale.ROOT);
        OnnxMl.NodeProto.Builder pool = OnnxMl.NodeProto.newBuilder().setName(layer.name()).addInput(x).addOutput(layer.name());
        shapes.put(layer.name(), TfjsToOnnx.pool(pool, op, in, kh, kw, sh, sw, padding));
        graph.addNode(pool);
        return layer.name();
    }

    private String concatenate(TfjsLayersModel.Layer layer) {
        int axis = layer.config().path("axis").asInt(-1);
        if (axis != -1 && axis != 3) {
            throw new IllegalArgumentException(layer.name() + ": only concatenation over the channels is supported, not axis " + axis);
        }
        List<String> inputs = new ArrayList<>();
        int channels = 0;
        int[] first = null;
        for (String in : layer.inputs()) {
            String x = emit(in);
            int[] s = shapes.get(x);
            if (first != null && (s[1] != first[1] || s[2] != first[2])) {
                throw new IllegalArgumentException(layer.name() + ": inputs differ in height or width");
            }
            first = first == null ? s : first;
            channels += s[0];
            inputs.add(x);
        }
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Concat").setName(layer.name()).addAllInput(inputs).addOutput(layer.name())
            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
        shapes.put(layer.name(), new int[] {channels, first[1], first[2]});
        return layer.name();
    }

    private String flatten(TfjsLayersModel.Layer layer) {
        String x = emit(only(layer));
        int[] in = shapes.get(x);
        if (in[1] == 0) {
            return x;
        }
        String source = x;
        if (in[1] != 1 || in[2] != 1) {
            // Keras flattens height, width, channels in that order: back to NHWC first
            source = layer.name() + "/nhwc";
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Transpose").setName(source).addInput(x).addOutput(source)
                .addAttribute(ints("perm", 0, 2, 3, 1)));
        }
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").setName(layer.name()).addInput(source).addOutput(layer.name())
            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
        shapes.put(layer.name(), new int[] {in[0] * in[1] * in[2], 0, 0});
        return layer.name();
    }

    private String dense(TfjsLayersModel.Layer layer) {
        String x = emit(only(layer));
        if (shapes.get(x)[1] != 0) {
            throw new IllegalArgumentException(layer.name() + ": a dense layer needs a flat input");
        }
        TfjsGraphModel.Tensor w = weight(layer.name() + "/kernel");
        int units = w.shape()[1];
        graph.addInitializer(tensor(layer.name() + "/kernel", w.values(), w.shape()));
        float[] bias = layer.config().path("use_bias").asBoolean(true) ? weight(layer.name() + "/bias").values() : new float[units];
        graph.addInitializer(tensor(layer.name() + "/bias", bias, new int[] {units}));
        String activationName = layer.config().path("activation").asText("linear");
        String gemmOut = activationName.equals("linear") ? layer.name() : layer.name() + "/gemm";
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName(gemmOut).addInput(x).addInput(layer.name() + "/kernel")
            .addInput(layer.name() + "/bias").addOutput(gemmOut));
        shapes.put(gemmOut, new int[] {units, 0, 0});
        return activationName.equals("linear") ? gemmOut : activation(activationName, gemmOut, layer.name());
    }
}
