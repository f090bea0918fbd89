package org.latentarchive.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Runs an {@link ImageModel} with DJL's ONNX Runtime engine, a batch at a time. Preprocessing happens outside (in the
 * decoding threads), so that inference gets whole batches of ready tensors. Thread-safe: each call borrows a
 * predictor (DJL predictors are not thread-safe) from a small pool.
 */
public final class Embedder implements AutoCloseable {

    private final ImageModel model;
    private final ZooModel<NDList, NDList> zooModel;
    private final ConcurrentLinkedDeque<Predictor<NDList, NDList>> predictors = new ConcurrentLinkedDeque<>();
    private final List<Predictor<NDList, NDList>> all = new ArrayList<>();

    private Embedder(ImageModel model, ZooModel<NDList, NDList> zooModel) {
        this.model = model;
        this.zooModel = zooModel;
    }

    /**
     * Loads the model. {@code threads} is ONNX Runtime's intra-op thread count (0 = its default, one per core);
     * {@code gpu} asks for the CUDA provider (needs the {@code gpu} build profile and a GPU).
     */
    public static Embedder open(ImageModel model, int threads, boolean gpu) throws IOException {
        OrtSession.SessionOptions session = new OrtSession.SessionOptions();
        try {
            // ONNX Runtime's worker threads spin between calls by default; in the indexer the decoding threads need
            // those cycles, so the workers sleep instead.
            session.addConfigEntry("session.intra_op.allow_spinning", "0");
            session.addConfigEntry("session.inter_op.allow_spinning", "0");
            session.setInterOpNumThreads(1);
            if (threads > 0) {
                session.setIntraOpNumThreads(threads);
            }
        } catch (OrtException e) {
            session.close();
            throw new IOException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
        // DJL's ONNX Runtime engine takes a ready SessionOptions object under the option key "sessionOptions"; the
        // options map is typed String -> String in the API, hence the raw map.
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> options = (Map) Map.of("sessionOptions", session);
        Criteria<NDList, NDList> criteria = Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(model.onnx())
            .optEngine("OnnxRuntime")
            .optDevice(gpu ? Device.gpu() : Device.cpu())
            .optOptions(options)
            .build();
        try {
            return new Embedder(model, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException e) {
            session.close();
            throw new IOException("cannot load the model " + model.onnx() + ": " + e.getMessage(), e);
        }
    }

    public ImageModel model() {
        return model;
    }

    /**
     * Embeds {@code count} preprocessed images laid out one after another in {@code tensors} (CHW each). Returns raw
     * model outputs; callers normalise where they need cosine geometry.
     */
    public float[][] embed(float[] tensors, int count) {
        Preprocessing p = model.preprocessing();
        if (tensors.length < count * p.tensorLength()) {
            throw new IllegalArgumentException("the batch holds fewer than " + count + " tensors");
        }
        Predictor<NDList, NDList> predictor = predictors.pollFirst();
        if (predictor == null) {
            predictor = zooModel.newPredictor();
            synchronized (all) {
                all.add(predictor);
            }
        }
        try (NDManager manager = zooModel.getNDManager().newSubManager()) {
            NDArray input = manager.create(FloatBuffer.wrap(tensors, 0, count * p.tensorLength()),
                new Shape(count, 3, p.size(), p.size()));
            NDList output = predictor.predict(new NDList(input));
            NDArray features = output.contains(model.outputName()) ? output.get(model.outputName()) : output.head();
            float[] flat = features.toFloatArray();
            int dims = flat.length / count;
            if (dims != model.dims()) {
                throw new IllegalStateException("the model gave " + dims + " values per image, " + model.dims() + " expected");
            }
            float[][] vectors = new float[count][];
            for (int i = 0; i < count; i++) {
                vectors[i] = java.util.Arrays.copyOfRange(flat, i * dims, (i + 1) * dims);
            }
            output.close();
            return vectors;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        } finally {
            predictors.addFirst(predictor);
        }
    }

    /** Embeds one decoded image (for tools and tests; the indexer batches). */
    public float[] embed(RgbImage image) {
        float[] tensor = new float[model.preprocessing().tensorLength()];
        model.preprocessing().apply(image, tensor, 0);
        return embed(tensor, 1)[0];
    }

    @Override
    public void close() {
        synchronized (all) {
            all.forEach(Predictor::close);
            all.clear();
        }
        predictors.clear();
        zooModel.close();
    }
}
