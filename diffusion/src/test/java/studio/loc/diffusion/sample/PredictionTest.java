package studio.loc.diffusion.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import studio.loc.diffusion.lora.LoraContext;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.ProgressListener;
import studio.loc.diffusion.testing.OracleDenoiser;
import studio.loc.diffusion.unet.Denoiser;

class PredictionTest {

    private static final NoiseSchedule EPSILON = NoiseSchedule.standard();
    private static final NoiseSchedule V = NoiseSchedule.standard().withPrediction(Prediction.V);

    /** The true velocity v = √ᾱ·ε − √(1 − ᾱ)·x_0 for x_0 = query, from the ε oracle. */
    private record VelocityOracle(OracleDenoiser noise, NoiseSchedule schedule) implements Denoiser {
        @Override
        public NDArray predictNoise(NDArray noisyLatent, NDArray queryLatent, NDArray timesteps, LoraContext lora) {
            NDArray eps = noise.predictNoise(noisyLatent, queryLatent, timesteps, lora);
            int[] t = NoiseSchedule.timestepsOf(timesteps);
            NDManager m = noisyLatent.getManager();
            Shape like = noisyLatent.getShape();
            return eps.mul(schedule.signalScales(m, t, like)).sub(queryLatent.mul(schedule.noiseScales(m, t, like)));
        }

        @Override
        public List<LoraSlot> slots() {
            return List.of();
        }
    }

    @Test
    void aPerfectVelocityNetworkSamplesBackItsConditionOnlyWhenReadAsVelocity() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray query = SeededNoise.normal(m, new Shape(2, 4, 6, 5), 3);
            Denoiser velocity = new VelocityOracle(new OracleDenoiser(EPSILON), EPSILON);
            SamplingOptions options = new SamplingOptions(8, 1, 1.0, 1.0);
            NDArray asV = new DdimSampler(velocity, V).sample(query, options, LoraContext.NONE,
                    ProgressListener.NONE, CancellationToken.NEVER);
            assertArrayEquals(query.toFloatArray(), asV.toFloatArray(), 1e-3f);
            NDArray asEpsilon = new DdimSampler(velocity, EPSILON).sample(query, options, LoraContext.NONE,
                    ProgressListener.NONE, CancellationToken.NEVER);
            assertTrue(asEpsilon.sub(query).abs().max().getFloat() > 0.5f, "misreading v as ε must show");
        }
    }

    @Test
    void weightedNoiseErrorEqualsTheVelocityError() {
        try (NDManager m = NDManager.newBaseManager()) {
            int[] t = {0, 400, 999};
            Shape shape = new Shape(3, 2, 3, 3);
            NDArray x0 = SeededNoise.normal(m, shape, 1);
            NDArray eps = SeededNoise.normal(m, shape, 2);
            NDArray xt = V.addNoise(x0, eps, t);
            NDArray vError = SeededNoise.normal(m, shape, 4).mul(0.1f);
            Denoiser exact = new VelocityOracle(new OracleDenoiser(EPSILON), EPSILON);
            Denoiser off = new Denoiser() {
                @Override
                public NDArray predictNoise(NDArray x, NDArray q, NDArray ts, LoraContext lora) {
                    return exact.predictNoise(x, q, ts, lora).add(vError);
                }

                @Override
                public List<LoraSlot> slots() {
                    return List.of();
                }
            };
            NDArray epsHat = V.noisePredictor(off).predictNoise(xt, x0, NoiseSchedule.timestepArray(m, t),
                    LoraContext.NONE);
            float[] weighted = epsHat.sub(eps).square().mul(V.lossWeights(m, t, shape)).toFloatArray();
            assertArrayEquals(vError.square().toFloatArray(), weighted, 1e-4f);
            assertArrayEquals(new float[] {1, 1, 1}, EPSILON.lossWeights(m, t, shape).toFloatArray());
        }
    }

    @Test
    void modelJsonNamesAreReadBackAndUnknownOnesRefused() {
        for (Prediction p : Prediction.values()) {
            assertEquals(p, Prediction.named(p.configName()));
        }
        assertThrows(IllegalArgumentException.class, () -> Prediction.named("x0"));
    }
}
