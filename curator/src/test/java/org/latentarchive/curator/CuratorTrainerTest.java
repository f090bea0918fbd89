package org.latentarchive.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CuratorTrainerTest {

    // 8 groups written faintly into 4 of 260 dimensions: raw cosine does not see them
    private static final PlantedGroups PLANTED = PlantedGroups.generate(8, 40, 4, 256, 0.5, 400, 11);
    // the prototype's settings, but a higher learning rate so that the test trains for seconds, not minutes
    private static final CuratorTrainer.Options OPTIONS = CuratorTrainer.Options.defaults()
        .withLearningRate(3e-3f).withEpochs(60).withEvaluateEvery(20);

    private static CuratorTrainer.Outcome outcome;
    private static final List<CuratorTrainer.Epoch> progress = new ArrayList<>();

    @BeforeAll
    static void train() {
        outcome = CuratorTrainer.train(PLANTED.vectors(), PLANTED.annotations(), OPTIONS, progress::add);
    }

    @Test
    void trainingLowersHeldOutMeanRankClearlyBelowTheUntrainedSpace() {
        VectorTable raw = PLANTED.vectors();
        VectorTable zScored = raw.map(outcome.projection().standardizer()::apply);
        VectorTable tuned = raw.map(outcome.projection()::apply);

        MeanRank.Result rawHeldOut = MeanRank.evaluate("raw", outcome.heldOut(), raw);
        MeanRank.Result untrainedHeldOut = MeanRank.evaluate("z-scored", outcome.heldOut(), zScored);
        MeanRank.Result trainedHeldOut = MeanRank.evaluate("trained", outcome.heldOut(), tuned);
        System.out.print(MeanRankTable.format(List.of(rawHeldOut, untrainedHeldOut, trainedHeldOut,
            MeanRank.Result.chance(trainedHeldOut.lines()))));

        assertEquals(100, trainedHeldOut.lines());
        // the planted relation is nearly invisible before training ...
        assertTrue(rawHeldOut.mean() > 3.8, "raw held-out mean rank " + rawHeldOut.mean());
        assertTrue(untrainedHeldOut.mean() > 3.5, "untrained held-out mean rank " + untrainedHeldOut.mean());
        // ... and clearly visible after: lower by more than three standard errors of the difference
        double margin = 3 * Math.hypot(untrainedHeldOut.standardError(), trainedHeldOut.standardError());
        assertTrue(trainedHeldOut.mean() < untrainedHeldOut.mean() - margin,
            "trained " + trainedHeldOut.mean() + " vs untrained " + untrainedHeldOut.mean() + " (margin " + margin + ")");
    }

    @Test
    void splitsSeventyFiveToTwentyFiveAndRecordsEveryEpoch() {
        assertEquals(300, outcome.train().size());
        assertEquals(100, outcome.heldOut().size());
        assertEquals(OPTIONS.epochs(), outcome.history().size());
        assertEquals(outcome.history(), progress);
        CuratorTrainer.Epoch first = outcome.history().get(0);
        CuratorTrainer.Epoch last = outcome.history().get(OPTIONS.epochs() - 1);
        assertTrue(last.trainLoss() < first.trainLoss(), "loss " + first.trainLoss() + " -> " + last.trainLoss());
        assertTrue(Double.isNaN(outcome.history().get(0).heldOutMeanRank()));
        assertTrue(last.heldOutMeanRank() >= 1 && last.heldOutMeanRank() <= 8);
    }

    @Test
    void theSameSeedTrainsTheSameNetwork() {
        CuratorTrainer.Outcome again = CuratorTrainer.train(PLANTED.vectors(), PLANTED.annotations(),
            OPTIONS.withEpochs(3), epoch -> { });
        CuratorTrainer.Outcome once = CuratorTrainer.train(PLANTED.vectors(), PLANTED.annotations(),
            OPTIONS.withEpochs(3), epoch -> { });

        assertEquals(once.heldOut(), again.heldOut());
        float[] probe = PLANTED.vectors().vector(0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(once.projection().apply(probe), again.projection().apply(probe), 1e-6f);
    }
}
