package org.latentarchive.curator;

import org.latentarchive.vectors.VectorMath;
import org.latentarchive.vectors.Standardizer;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the prototype's network on curator triplets with DJL's training API on the PyTorch CPU engine: z-scored
 * inputs, residual bottleneck, cosine triplet loss, a fresh random negative among the seven others for every line
 * in every epoch, Adam with weight decay, a seeded 75/25 split. Everything random follows the seed.
 */
public final class CuratorTrainer {

    static {
        // The network's matrices are tiny (batch 50 x hidden 8): one thread does each op at once, while a pool of
        // spinning OpenMP threads slows training down many times on a busy machine. -D overrides it.
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /**
     * The properties above only count when this class is the first to load PyTorch; where something else in the same
     * process loaded it earlier (the demo indexes first, then the explorer trains), the loaded engine is told here.
     */
    private static void onePyTorchThread() {
        int wanted = Integer.getInteger("ai.djl.pytorch.num_threads", 1);
        try {
            if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != wanted) {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(wanted);
            }
        } catch (RuntimeException | LinkageError e) {
            System.err.println("could not set PyTorch's thread count to " + wanted + ": " + e.getMessage());
        }
    }

    private CuratorTrainer() {
    }

    /** Hyper-parameters; {@link #defaults()} are the prototype's. */
    public record Options(int hidden, int epochs, float margin, float learningRate, float weightDecay, int batchSize,
                          double trainFraction, long seed, int evaluateEvery) {

        public Options {
            if (hidden < 1 || epochs < 1 || batchSize < 1 || evaluateEvery < 1) {
                throw new IllegalArgumentException("hidden, epochs, batch size and evaluation interval must be positive");
            }
            if (!(margin >= 0) || !(learningRate > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("margin and weight decay must be >= 0, learning rate > 0");
            }
        }

        public static Options defaults() {
            return new Options(8, 300, 0.2f, 1e-4f, 0.01f, 50, 0.75, 0, 10);
        }

        public Options withEpochs(int epochs) {
            return new Options(hidden, epochs, margin, learningRate, weightDecay, batchSize, trainFraction, seed, evaluateEvery);
        }

        public Options withLearningRate(float learningRate) {
            return new Options(hidden, epochs, margin, learningRate, weightDecay, batchSize, trainFraction, seed, evaluateEvery);
        }

        public Options withHidden(int hidden) {
            return new Options(hidden, epochs, margin, learningRate, weightDecay, batchSize, trainFraction, seed, evaluateEvery);
        }

        public Options withMargin(float margin) {
            return new Options(hidden, epochs, margin, learningRate, weightDecay, batchSize, trainFraction, seed, evaluateEvery);
        }

        public Options withSeed(long seed) {
            return new Options(hidden, epochs, margin, learningRate, weightDecay, batchSize, trainFraction, seed, evaluateEvery);
        }

        public Options withEvaluateEvery(int evaluateEvery) {
            return new Options(hidden, epochs, margin, learningRate, weightDecay, batchSize, trainFraction, seed, evaluateEvery);
        }
    }

    /**
     * One epoch's figures: the mean training batch loss, and (every few epochs, else NaN) the held-out loss averaged
     * over all seven negatives of each line and the held-out mean rank.
     */
    public record Epoch(int epoch, double trainLoss, double heldOutLoss, double heldOutMeanRank) {
    }

    /**
     * What a run produced: the network, the lines it trained on and the lines held out (annotations naming
     * artworks without a vector were left out of both and counted in {@code skipped}), its history.
     */
    public record Outcome(TunedProjection projection, AnnotationSet train, AnnotationSet heldOut, int skipped,
                          List<Epoch> history, long millis) {
    }

    public static Outcome train(VectorTable raw, AnnotationSet annotations, Options options, Consumer<Epoch> progress) {
        long started = System.nanoTime();
        List<Annotation> usable = new ArrayList<>();
        for (Annotation annotation : annotations.annotations()) {
            if (MeanRank.rank(annotation, raw).isPresent()) {
                usable.add(annotation);
            }
        }
        int skipped = annotations.size() - usable.size();
        AnnotationSet.Split split = new AnnotationSet(usable).split(options.trainFraction(), options.seed());
        if (split.train().size() == 0) {
            throw new IllegalArgumentException("no annotation to train on: " + annotations.size() + " lines, "
                + skipped + " of them name artworks without a vector");
        }
        Standardizer standardizer = Standardizer.fit(raw.rows());
        VectorTable z = raw.map(standardizer::apply);
        int dims = z.dims();
        int[][] lines = rows(split.train(), z);
        int[][] heldOutLines = rows(split.heldOut(), z);

        Engine engine = Engine.getEngine("PyTorch");
        onePyTorchThread();
        engine.setRandomSeed((int) options.seed());
        Random random = new Random(options.seed());
        List<Epoch> history = new ArrayList<>();
        SimilarityNet net = new SimilarityNet(dims, options.hidden());
        try (Model model = Model.newInstance("curator", Device.cpu(), engine.getEngineName())) {
            model.setBlock(net);
            DefaultTrainingConfig config = new DefaultTrainingConfig(new CosineTripletLoss(options.margin()))
                .optInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT)
                .optOptimizer(Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(options.learningRate()))
                    .optWeightDecays(options.weightDecay())
                    .build());
            TunedProjection projection = null;
            try (Trainer trainer = model.newTrainer(config)) {
                Shape batchShape = new Shape(options.batchSize(), dims);
                trainer.initialize(batchShape, batchShape, batchShape);
                int[] order = new int[lines.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    shuffle(order, random);
                    double lossSum = 0;
                    int batches = 0;
                    for (int start = 0; start < order.length; start += options.batchSize()) {
                        int size = Math.min(options.batchSize(), order.length - start);
                        float[] anchors = new float[size * dims];
                        float[] positives = new float[size * dims];
                        float[] negatives = new float[size * dims];
                        for (int b = 0; b < size; b++) {
                            int[] line = lines[order[start + b]];
                            System.arraycopy(z.vector(line[0]), 0, anchors, b * dims, dims);
                            System.arraycopy(z.vector(line[1]), 0, positives, b * dims, dims);
                            int negative = line[2 + random.nextInt(Annotation.OTHERS)];
                            System.arraycopy(z.vector(negative), 0, negatives, b * dims, dims);
                        }
                        try (NDManager batch = trainer.getManager().newSubManager()) {
                            Shape shape = new Shape(size, dims);
                            NDList input = new NDList(batch.create(anchors, shape), batch.create(positives, shape),
                                batch.create(negatives, shape));
                            try (GradientCollector collector = trainer.newGradientCollector()) {
                                NDArray loss = trainer.getLoss().evaluate(new NDList(), trainer.forward(input));
                                collector.backward(loss);
                                lossSum += loss.getFloat();
                            }
                            trainer.step();
                        }
                        batches++;
                    }
                    double heldOutLoss = Double.NaN;
                    double heldOutRank = Double.NaN;
                    boolean last = epoch == options.epochs();
                    if (last || epoch % options.evaluateEvery() == 0) {
                        projection = projection(net, standardizer);
                        if (heldOutLines.length > 0) {
                            VectorTable tuned = z.map(projection::embed);
                            heldOutLoss = expectedLoss(heldOutLines, tuned, options.margin());
                            heldOutRank = MeanRank.evaluate("held-out", split.heldOut(), tuned).mean();
                        }
                    }
                    Epoch figures = new Epoch(epoch, lossSum / batches, heldOutLoss, heldOutRank);
                    history.add(figures);
                    progress.accept(figures);
                }
            }
            return new Outcome(projection, split.train(), split.heldOut(), skipped, List.copyOf(history),
                (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Each annotation as rows of the table: anchor, positive, the seven others. */
    private static int[][] rows(AnnotationSet annotations, VectorTable table) {
        int[][] rows = new int[annotations.size()][];
        for (int i = 0; i < rows.length; i++) {
            Annotation annotation = annotations.annotations().get(i);
            int[] row = new int[Annotation.OTHERS + 2];
            row[0] = table.row(annotation.anchor()).orElseThrow();
            List<String> candidates = annotation.candidates();
            for (int c = 0; c < candidates.size(); c++) {
                row[c + 1] = table.row(candidates.get(c)).orElseThrow();
            }
            rows[i] = row;
        }
        return rows;
    }

    /**
     * The triplet loss averaged over every one of the seven negatives of each line: the exact expectation of what the
     * prototype estimated by re-drawing negatives ten times.
     */
    static double expectedLoss(int[][] lines, VectorTable embedded, float margin) {
        double sum = 0;
        for (int[] line : lines) {
            float[] anchor = embedded.vector(line[0]);
            double positive = VectorMath.cosine(anchor, embedded.vector(line[1]));
            for (int o = 2; o < line.length; o++) {
                sum += Math.max(0, VectorMath.cosine(anchor, embedded.vector(line[o])) - positive + margin);
            }
        }
        return sum / ((double) lines.length * Annotation.OTHERS);
    }

    /** Reads the block's current weights into a plain projection. */
    static TunedProjection projection(SimilarityNet net, Standardizer standardizer) {
        float[][] w1 = matrix(net.fc1().getParameters().get("weight").getArray());
        float[] b1 = net.fc1().getParameters().get("bias").getArray().toFloatArray();
        float[][] w2 = matrix(net.fc2().getParameters().get("weight").getArray());
        float[] b2 = net.fc2().getParameters().get("bias").getArray().toFloatArray();
        return new TunedProjection(standardizer, w1, b1, w2, b2);
    }

    private static float[][] matrix(NDArray array) {
        long[] shape = array.getShape().getShape();
        float[] flat = array.toFloatArray();
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[][] matrix = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, matrix[r], 0, cols);
        }
        return matrix;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
