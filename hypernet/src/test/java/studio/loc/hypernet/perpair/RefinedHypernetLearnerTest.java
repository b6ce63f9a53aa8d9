package studio.loc.hypernet.perpair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.Change;
import studio.loc.hypernet.change.ChangeLearner;
import studio.loc.hypernet.net.HypernetLoader;
import studio.loc.hypernet.net.LocHypernetwork;
import studio.loc.hypernet.train.SingleThreadedEngine;
import studio.loc.hypernet.train.TinyModelFolder;

/** The hypernetwork's change refined by per-pair steps, on the tiny model folder with its (random) hypernetwork. */
@ExtendWith(SingleThreadedEngine.class)
class RefinedHypernetLearnerTest {

    @TempDir
    Path tmp;

    private NDManager manager;
    private LoadedModel model;
    private LocHypernetwork hypernet;
    private ChangeLearner learner;

    @BeforeEach
    void openTinyModel() throws Exception {
        TinyModelFolder.write(tmp, true);
        manager = NDManager.newBaseManager();
        model = ModelFolder.load(tmp, manager);
        hypernet = HypernetLoader.load(model, manager);
        learner = new ChangeLearner(hypernet, BaseModelIdentity.of(model));
    }

    @AfterEach
    void close() {
        hypernet.close();
        model.close();
        manager.close();
    }

    @Test
    void aLoraStartedFromAChangeHoldsExactlyItsFactors() throws Exception {
        try (Picture before = PerPairLoraOptimizerTest.smooth(16, 16, 5);
             Picture after = PerPairLoraOptimizerTest.graded(before)) {
            Change predicted = learner.learn(before, after, "h");
            try (NDManager scope = manager.newSubManager();
                 TrainableLora lora = TrainableLora.startingFrom(scope, predicted)) {
                Change copy = Change.fromLoraSet(lora.asSet(scope), "copy", BaseModelIdentity.of(model), 1f,
                        predicted.source(), null, null);
                for (String slot : predicted.factors().keySet()) {
                    assertArrayEquals(predicted.factors().get(slot).down(), copy.factors().get(slot).down(), slot);
                    assertArrayEquals(predicted.factors().get(slot).up(), copy.factors().get(slot).up(), slot);
                }
            }
        }
    }

    @Test
    void refiningLowersThePairLossOfTheHypernetworksChangeAndReportsEveryStep() throws Exception {
        try (Picture before = PerPairLoraOptimizerTest.smooth(24, 20, 6);
             Picture after = PerPairLoraOptimizerTest.graded(before)) {
            RefinedHypernetLearner refined = new RefinedHypernetLearner(learner,
                    new PerPairLoraOptimizer(model, new PerPairSettings(30, 1e-2, 4, 3)));
            assertEquals("loc-hypernet+30", refined.name());
            List<Long> reported = new ArrayList<>();
            Change change = refined.learn(before, after, "warm",
                    (done, total, message) -> reported.add(done), CancellationToken.NEVER);

            PairLossMeter meter = new PairLossMeter(model, 32, 99);
            double predicted = meter.measure(learner.learn(before, after, "h"), before, after);
            double refinedLoss = meter.measure(change, before, after);
            assertTrue(refinedLoss < predicted, "pair loss " + predicted + " -> " + refinedLoss);
            assertEquals(30, reported.size());
            assertEquals(30L, reported.getLast());
            assertEquals("warm", change.name());
            assertEquals(model.modelSha256(), change.baseModelSha256());
        }
    }

    @Test
    void aCancelledRefinementStops() throws Exception {
        try (Picture before = PerPairLoraOptimizerTest.smooth(16, 16, 7);
             Picture after = PerPairLoraOptimizerTest.graded(before)) {
            CancellationToken cancel = new CancellationToken();
            RefinedHypernetLearner refined = new RefinedHypernetLearner(learner,
                    new PerPairLoraOptimizer(model, PerPairSettings.ofSteps(1000)));
            assertThrows(CancelledException.class, () -> refined.learn(before, after, "c",
                    (done, total, message) -> cancel.cancel(), cancel));
        }
    }
}
