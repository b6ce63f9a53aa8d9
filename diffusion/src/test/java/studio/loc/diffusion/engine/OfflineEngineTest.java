package studio.loc.diffusion.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** The PyTorch engine must load from the bundled native jar with downloads forbidden. */
class OfflineEngineTest {

    @Test
    void pytorchEngineLoadsOfflineAndComputes() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run with ai.djl.offline=true");
        Engine engine = Engine.getEngine("PyTorch");
        assertEquals("2.5.1", engine.getVersion());
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray product = a.matMul(a);
            assertArrayEquals(new float[] {7, 10, 15, 22}, product.toFloatArray(), 1e-6f);
        }
    }
}
