package studio.loc.hypernet.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Times tiny training steps (forward+backward) to spot pathologies. Run with -Dloc.bench=true. */
@EnabledIfSystemProperty(named = "loc.bench", matches = "true")
class StepTimingBenchmark {

    @Test
    void tinyStep() {
        TrainingConfig config = TrainingConfig.standard(1, 1, 2, 1)
                .withStages(List.of(new TrainingConfig.Stage("joint", 10, true, 1e-3)));
        QuadSource quad = TinySetup.fixedQuad(1);
        try (NDManager m = NDManager.newBaseManager(); TinySetup s = new TinySetup(m, 1)) {
            s.hypernet.parameters().trainable();
            s.unetStore.trainable();
            LocObjective objective = s.objective(config);
            for (int i = 0; i < 8; i++) {
                try (NDManager scratch = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    QuadBatch batch = quad.batch(i, 2, scratch);
                    long t1;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        var loss = objective.loss(i, batch, true, scratch);
                        t1 = System.nanoTime();
                        gc.backward(loss.total());
                    }
                    long t2 = System.nanoTime();
                    System.out.printf("step %d: forward %.1f ms, backward %.1f ms%n", i, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
                }
            }
        }
    }
}
