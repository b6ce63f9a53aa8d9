package studio.loc.diffusion.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.nn.ParameterStore;
import studio.loc.diffusion.train.AdamOptimizer;
import studio.loc.diffusion.unet.TinyNetworks;

class AutoencoderTest {

    @Test
    void shapesFollowTheFactorAndTheScaleFactor() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 1);
             ParameterStore q = new ParameterStore(m, 1)) {
            AutoencoderConfig config = new AutoencoderConfig(List.of(8, 8, 8), 4, 1, 4, 1f);
            Autoencoder codec = new Autoencoder(config, p);
            Autoencoder scaled = new Autoencoder(config.withScaleFactor(0.25f), q);
            assertEquals(4, codec.factor());
            NDArray images = TinyNetworks.normal(m, 1, new Shape(2, 3, 16, 12)).clip(-1, 1);
            NDArray latent = codec.encode(images);
            assertEquals(new Shape(2, 4, 4, 3), latent.getShape());
            assertArrayEquals(latent.mul(0.25f).toFloatArray(), scaled.encode(images).toFloatArray(), 1e-6f);
            assertArrayEquals(codec.decode(latent).toFloatArray(), scaled.decode(latent.mul(0.25f)).toFloatArray(),
                    1e-5f);
            assertEquals(new Shape(2, 3, 16, 12), codec.decode(latent).getShape());
            assertThrows(IllegalArgumentException.class, () -> codec.encode(m.zeros(new Shape(1, 3, 10, 8))));
        }
    }

    @Test
    void learnsToReconstructImages() {
        try (NDManager m = NDManager.newBaseManager(); ParameterStore p = new ParameterStore(m, 2)) {
            Autoencoder codec = new Autoencoder(AutoencoderConfig.tiny(), p);
            // Smooth images (a gradient per channel) that a factor-2 codec can represent.
            NDArray ramp = m.arange(0f, 8f).div(4f).sub(1f);
            NDArray images = ramp.reshape(1, 1, 1, 8).add(ramp.reshape(1, 1, 8, 1).mul(0.5))
                    .broadcast(new Shape(2, 3, 8, 8)).mul(m.create(new float[] {0.9f, -0.6f, 0.3f}).reshape(1, 3, 1, 1))
                    .duplicate();
            double first = Double.NaN;
            double last = Double.NaN;
            try (AdamOptimizer adam = new AdamOptimizer(p, p.names(), 0, 1.0)) {
                for (int i = 0; i < 10; i++) {
                    try (NDManager step = m.newSubManager()) {
                        NDArray x = images.duplicate();
                        x.attach(step);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = codec.decode(codec.encode(x)).sub(x).square().mean();
                            gc.backward(loss);
                            last = loss.getFloat();
                            if (i == 0) {
                                first = last;
                            }
                        }
                        adam.step(1e-2);
                    }
                }
            }
            // Seeded start; over 50 runs the loss fell to 0.034-0.038 of its first value (it varies only with the
            // order of multithreaded sums), so 0.2 leaves a wide margin on every run and every CPU.
            assertTrue(last < first * 0.2, "loss " + first + " -> " + last);
        }
    }

    @Test
    void identityCodecReturnsItsInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            IdentityCodec codec = new IdentityCodec();
            NDArray images = TinyNetworks.normal(m, 3, new Shape(1, 3, 4, 4));
            assertArrayEquals(images.toFloatArray(), codec.decode(codec.encode(images)).toFloatArray());
            assertEquals(1, codec.factor());
            assertEquals(3, codec.latentChannels());
        }
    }
}
