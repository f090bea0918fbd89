package org.latentarchive.embed.model;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a TF.js graph model of a convolutional image network into an ONNX graph (opset 13). TensorFlow works in
 * NHWC; the ONNX graph takes NCHW input, as DJL and ONNX Runtime expect, so every kernel is transposed once here and
 * no Transpose op is needed at run time. Only the sub-graph that the requested output depends on is converted (the
 * nsfwjs classification head beyond the feature vector is left out).
 *
 * <p>Ops covered: Placeholder, Const, Mul, Sub, AddV2, _FusedConv2D and FusedDepthwiseConv2dNative (BiasAdd,
 * optionally Relu or Relu6), AvgPool, Squeeze of the spatial axes, _FusedMatMul (BiasAdd), Softmax, Identity.
 */
public final class TfjsToOnnx {

    public static final int OPSET = 13;
    /** ONNX IR version 7 is what opset 13 was released with; every ONNX Runtime since 1.6 reads it. */
    private static final int IR_VERSION = 7;

    private final TfjsGraphModel model;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    /** Channels, height, width of each converted tensor (height and width 0 once flattened). */
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Map<String, String> emitted = new HashMap<>();
    private final int inputSize;
    private boolean clipBoundsAdded;

    private TfjsToOnnx(TfjsGraphModel model, int inputSize) {
        this.model = model;
        this.inputSize = inputSize;
    }

    /**
     * Converts the sub-graph that computes {@code outputNode}, with a square input of {@code inputSize} pixels.
     * The ONNX graph has one input {@code inputName} [batch, 3, size, size] and one output {@code outputName}.
     */
    public static OnnxMl.ModelProto convert(TfjsGraphModel model, String outputNode, int inputSize,
                                            String inputName, String outputName, String docString) {
        TfjsToOnnx converter = new TfjsToOnnx(model, inputSize);
        converter.emitted.put(placeholderName(model), inputName);
        converter.shapes.put(inputName, new int[] {3, inputSize, inputSize});
        String produced = converter.emit(outputNode);
        int[] outShape = converter.shapes.get(produced);
        converter.graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").setName(outputName)
            .addInput(produced).addOutput(outputName));

        return model(converter.graph, inputName, inputSize, outputName, outShape, docString);
    }

    /** The finished model around {@code graph}: input [batch, 3, size, size], output [batch, C] or [batch, C, H, W]. */
    static OnnxMl.ModelProto model(OnnxMl.GraphProto.Builder graph, String inputName, int inputSize, String outputName, int[] outShape,
                                   String docString) {
        OnnxMl.GraphProto g = graph.setName("tfjs-import")
            .addInput(valueInfo(inputName, "batch", 3, inputSize, inputSize))
            .addOutput(outShape[1] == 0 ? valueInfo(outputName, "batch", outShape[0])
                : valueInfo(outputName, "batch", outShape[0], outShape[1], outShape[2]))
            .build();
        return OnnxMl.ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName("latent-archive tfjs importer")
            .setDocString(docString)
            .setGraph(g)
            .build();
    }

    private static String placeholderName(TfjsGraphModel model) {
        return model.nodes().values().stream().filter(n -> n.op().equals("Placeholder")).map(TfjsGraphModel.Node::name)
            .reduce((a, b) -> {
                throw new IllegalArgumentException("the graph has more than one input: " + a + ", " + b);
            })
            .orElseThrow(() -> new IllegalArgumentException("the graph has no input"));
    }

    /** Converts a node and everything it depends on; returns the ONNX name of its output. */
    private String emit(String ref) {
        String name = tensorName(ref);
        String done = emitted.get(name);
        if (done != null) {
            return done;
        }
        TfjsGraphModel.Node node = model.nodes().get(name);
        if (node == null) {
            throw new IllegalArgumentException("the graph has no node " + name);
        }
        String out = switch (node.op()) {
            case "Const" -> constant(name);
            case "Identity" -> emit(node.inputs().getFirst());
            case "Mul", "Sub", "AddV2", "Add" -> elementwise(node);
            case "_FusedConv2D" -> convolution(node, false);
            case "FusedDepthwiseConv2dNative" -> convolution(node, true);
            case "AvgPool" -> averagePool(node);
            case "Squeeze" -> squeeze(node);
            case "_FusedMatMul" -> matMul(node);
            case "Softmax" -> simple(node, "Softmax");
            default -> throw new IllegalArgumentException("op " + node.op() + " (node " + name + ") is not supported");
        };
        emitted.put(name, out);
        return out;
    }

    private static String tensorName(String ref) {
        String name = ref.startsWith("^") ? ref.substring(1) : ref;
        int colon = name.lastIndexOf(':');
        return colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit) ? name.substring(0, colon) : name;
    }

    private String constant(String name) {
        TfjsGraphModel.Tensor t = weight(name);
        graph.addInitializer(tensor(name, t.values(), t.shape()));
        shapes.put(name, t.shape().length == 0 ? new int[] {1, 1, 1} : null);
        return name;
    }

    private TfjsGraphModel.Tensor weight(String name) {
        TfjsGraphModel.Tensor t = model.weights().get(name);
        if (t == null) {
            throw new IllegalArgumentException("no weights for constant " + name);
        }
        return t;
    }

    private String elementwise(TfjsGraphModel.Node node) {
        String a = emit(node.inputs().get(0));
        String b = emit(node.inputs().get(1));
        String op = switch (node.op()) {
            case "Mul" -> "Mul";
            case "Sub" -> "Sub";
            default -> "Add";
        };
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(node.name()).addInput(a).addInput(b).addOutput(node.name()));
        int[] shapeA = shapes.get(a);
        int[] shapeB = shapes.get(b);
        shapes.put(node.name(), isScalar(shapeA) ? shapeB : shapeA);
        return node.name();
    }

    private static boolean isScalar(int[] chw) {
        return chw == null || (chw[0] == 1 && chw[1] == 1 && chw[2] == 1);
    }

    private String convolution(TfjsGraphModel.Node node, boolean depthwise) {
        requireNhwc(node);
        if (node.intList("dilations").stream().anyMatch(d -> d != 1)) {
            throw new IllegalArgumentException("dilated convolutions are not supported: " + node.name());
        }
        String x = emit(node.inputs().get(0));
        int[] in = shapes.get(x);
        String weightName = tensorName(node.inputs().get(1));
        String biasName = tensorName(node.inputs().get(2));
        TfjsGraphModel.Tensor w = weight(weightName);
        TfjsGraphModel.Tensor b = weight(biasName);
        int kh = w.shape()[0];
        int kw = w.shape()[1];
        int cin = w.shape()[2];
        int cout = depthwise ? w.shape()[2] * w.shape()[3] : w.shape()[3];
        if (cin != in[0]) {
            throw new IllegalArgumentException(node.name() + ": kernel expects " + cin + " channels, input has " + in[0]);
        }
        int inPerGroup = depthwise ? 1 : cin;
        graph.addInitializer(tensor(weightName, oihw(w, depthwise), new int[] {cout, inPerGroup, kh, kw}));
        graph.addInitializer(tensor(biasName, b.values(), new int[] {b.values().length}));

        List<Long> strides = node.intList("strides");
        int sh = strides.get(1).intValue();
        int sw = strides.get(2).intValue();
        int[] padH = padding(node.string("padding"), in[1], kh, sh);
        int[] padW = padding(node.string("padding"), in[2], kw, sw);
        int outH = (in[1] + padH[0] + padH[1] - kh) / sh + 1;
        int outW = (in[2] + padW[0] + padW[1] - kw) / sw + 1;

        List<String> fused = node.stringList("fused_ops");
        if (fused.isEmpty() || !fused.getFirst().equals("BiasAdd") || fused.size() > 2) {
            throw new IllegalArgumentException(node.name() + ": fused ops " + fused + " are not supported");
        }
        String convOut = fused.size() == 2 ? node.name() + "/conv" : node.name();
        OnnxMl.NodeProto.Builder conv = OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName(convOut)
            .addInput(x).addInput(weightName).addInput(biasName).addOutput(convOut)
            .addAttribute(ints("kernel_shape", kh, kw))
            .addAttribute(ints("strides", sh, sw))
            .addAttribute(ints("pads", padH[0], padW[0], padH[1], padW[1]))
            .addAttribute(ints("dilations", 1, 1));
        if (depthwise) {
            conv.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("group").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(cin));
        }
        graph.addNode(conv);
        if (fused.size() == 2) {
            activation(fused.get(1), convOut, node.name());
        }
        shapes.put(node.name(), new int[] {cout, outH, outW});
        return node.name();
    }

    /** A TensorFlow kernel, HWIO (conv) or HW,C,multiplier (depthwise), as ONNX's OIHW; for depthwise I is 1 and O = C * multiplier. */
    static float[] oihw(TfjsGraphModel.Tensor w, boolean depthwise) {
        int kh = w.shape()[0];
        int kw = w.shape()[1];
        int cin = w.shape()[2];
        int last = w.shape()[3];
        float[] kernel = new float[w.values().length];
        int inPerGroup = depthwise ? 1 : cin;
        for (int h = 0; h < kh; h++) {
            for (int ww = 0; ww < kw; ww++) {
                for (int i = 0; i < cin; i++) {
                    for (int o = 0; o < last; o++) {
                        float v = w.values()[((h * kw + ww) * cin + i) * last + o];
                        int outChannel = depthwise ? i * last + o : o;
                        int inChannel = depthwise ? 0 : i;
                        kernel[((outChannel * inPerGroup + inChannel) * kh + h) * kw + ww] = v;
                    }
                }
            }
        }
        return kernel;
    }

    private void activation(String kind, String input, String output) {
        switch (kind) {
            case "Relu" -> graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName(output).addInput(input).addOutput(output));
            case "Relu6" -> {
                if (!clipBoundsAdded) {
                    graph.addInitializer(tensor("relu6/min", new float[] {0f}, new int[0]));
                    graph.addInitializer(tensor("relu6/max", new float[] {6f}, new int[0]));
                    clipBoundsAdded = true;
                }
                graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Clip").setName(output)
                    .addInput(input).addInput("relu6/min").addInput("relu6/max").addOutput(output));
            }
            default -> throw new IllegalArgumentException("activation " + kind + " is not supported");
        }
    }

    /** TensorFlow's SAME padding puts the odd pixel at the end (bottom/right); VALID pads nothing. */
    static int[] padding(String mode, int in, int kernel, int stride) {
        if ("VALID".equals(mode)) {
            return new int[] {0, 0};
        }
        if (!"SAME".equals(mode)) {
            throw new IllegalArgumentException("padding " + mode + " is not supported");
        }
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + kernel - in, 0);
        return new int[] {total / 2, total - total / 2};
    }

    private String averagePool(TfjsGraphModel.Node node) {
        requireNhwc(node);
        String x = emit(node.inputs().getFirst());
        int[] in = shapes.get(x);
        List<Long> k = node.intList("ksize");
        List<Long> s = node.intList("strides");
        OnnxMl.NodeProto.Builder pool = OnnxMl.NodeProto.newBuilder().setName(node.name()).addInput(x).addOutput(node.name());
        shapes.put(node.name(), pool(pool, "AveragePool", in, k.get(1).intValue(), k.get(2).intValue(), s.get(1).intValue(),
            s.get(2).intValue(), node.string("padding")));
        graph.addNode(pool);
        return node.name();
    }

    /**
     * Makes {@code pool} a MaxPool or AveragePool of TensorFlow's semantics (SAME or VALID padding; an average over the
     * valid pixels only; a VALID average over the whole map as GlobalAveragePool); returns its output's C, H, W.
     */
    static int[] pool(OnnxMl.NodeProto.Builder pool, String op, int[] in, int kh, int kw, int sh, int sw, String padding) {
        if (op.equals("AveragePool") && "VALID".equals(padding) && kh == in[1] && kw == in[2]) {
            pool.setOpType("GlobalAveragePool");
            return new int[] {in[0], 1, 1};
        }
        int[] padH = padding(padding, in[1], kh, sh);
        int[] padW = padding(padding, in[2], kw, sw);
        pool.setOpType(op).addAttribute(ints("kernel_shape", kh, kw)).addAttribute(ints("strides", sh, sw))
            .addAttribute(ints("pads", padH[0], padW[0], padH[1], padW[1]));
        if (op.equals("AveragePool")) {
            pool.addAttribute(OnnxMl.AttributeProto.newBuilder().setName("count_include_pad")
                .setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0));
        }
        return new int[] {in[0], (in[1] + padH[0] + padH[1] - kh) / sh + 1, (in[2] + padW[0] + padW[1] - kw) / sw + 1};
    }

    private String squeeze(TfjsGraphModel.Node node) {
        String x = emit(node.inputs().getFirst());
        int[] in = shapes.get(x);
        List<Long> dims = node.intList("squeeze_dims");
        if (!dims.equals(List.of(1L, 2L)) || in[1] != 1 || in[2] != 1) {
            throw new IllegalArgumentException(node.name() + ": only a squeeze of 1x1 spatial axes is supported");
        }
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Flatten").setName(node.name()).addInput(x).addOutput(node.name())
            .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)));
        shapes.put(node.name(), new int[] {in[0], 0, 0});
        return node.name();
    }

    private String matMul(TfjsGraphModel.Node node) {
        if (node.attr().path("transpose_a").path("b").asBoolean() || node.attr().path("transpose_b").path("b").asBoolean()
            || !node.stringList("fused_ops").equals(List.of("BiasAdd"))) {
            throw new IllegalArgumentException(node.name() + ": only MatMul + BiasAdd without transposes is supported");
        }
        String x = emit(node.inputs().get(0));
        String w = emit(node.inputs().get(1));
        String b = emit(node.inputs().get(2));
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName(node.name()).addInput(x).addInput(w).addInput(b)
            .addOutput(node.name()));
        shapes.put(node.name(), new int[] {weight(w).shape()[1], 0, 0});
        return node.name();
    }

    private String simple(TfjsGraphModel.Node node, String op) {
        String x = emit(node.inputs().getFirst());
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType(op).setName(node.name()).addInput(x).addOutput(node.name()));
        shapes.put(node.name(), shapes.get(x));
        return node.name();
    }

    private static void requireNhwc(TfjsGraphModel.Node node) {
        String format = node.string("data_format");
        if (format != null && !format.equals("NHWC")) {
            throw new IllegalArgumentException(node.name() + ": data format " + format + " is not supported");
        }
    }

    static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name)
            .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static OnnxMl.TensorProto tensor(String name, float[] values, int[] shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
            .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
            .setRawData(ByteString.copyFrom(raw.array()));
        for (int d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    static OnnxMl.ValueInfoProto valueInfo(String name, String batchDim, int... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
            .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batchDim));
        for (int d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
            .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
            .build();
    }

}
