package studio.loc.diffusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.nn.LinearLayer;
import studio.loc.diffusion.nn.ParameterStore;

/** Training runs for hours: an optimiser step must leave no native array behind anywhere long-lived. */
class AdamOptimizerMemoryTest {

    @Test
    void stepsLeaveNoArraysBehind() {
        try (NDManager root = NDManager.newBaseManager(); ParameterStore store = new ParameterStore(root, 5)) {
            LinearLayer layer = LinearLayer.plain(store, "l", 6, 3);
            AdamOptimizer optimizer = new AdamOptimizer(store, store.names(), 0.01, 1.0);
            NDArray x = root.randomNormal(new Shape(16, 6));
            step(root, layer, x, optimizer);
            int held = optimizer.heldArrays();
            int stored = store.manager().getManagedArrays().size();
            int rooted = root.getManagedArrays().size();
            for (int i = 0; i < 10; i++) {
                step(root, layer, x, optimizer);
            }
            assertEquals(held, optimizer.heldArrays(), "arrays left in the optimiser's manager");
            assertEquals(stored, store.manager().getManagedArrays().size(), "arrays left in the parameter store");
            assertEquals(rooted, root.getManagedArrays().size(), "arrays left in the root manager");
            optimizer.close();
        }
    }

    private static void step(NDManager root, LinearLayer layer, NDArray x, AdamOptimizer optimizer) {
        try (NDManager step = root.newSubManager()) {
            NDArray xs = x.duplicate();
            xs.attach(step);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = layer.forward(xs).square().mean();
                loss.attach(step);
                gc.backward(loss);
            }
            optimizer.step(1e-3);
        }
    }
}
