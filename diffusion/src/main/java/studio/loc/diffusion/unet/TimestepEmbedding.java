package studio.loc.diffusion.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.NDManager;
import studio.loc.diffusion.nn.Activations;
import studio.loc.diffusion.nn.LinearLayer;
import studio.loc.diffusion.nn.ParameterStore;

/** Sinusoidal features of the diffusion step (as in DDPM/transformers) followed by a two-layer SiLU MLP. */
final class TimestepEmbedding {

    private static final double MAX_PERIOD = 10_000;

    private final int frequencies;
    private final LinearLayer first;
    private final LinearLayer second;

    TimestepEmbedding(ParameterStore store, String name, int sinusoidDim, int embedDim) {
        this.frequencies = sinusoidDim / 2;
        this.first = LinearLayer.plain(store, name + ".linear1", 2 * frequencies, embedDim);
        this.second = LinearLayer.plain(store, name + ".linear2", embedDim, embedDim);
    }

    /** @param timesteps [B] float steps → [B, embedDim] */
    NDArray forward(NDArray timesteps) {
        NDManager manager = timesteps.getManager();
        float[] freqs = new float[frequencies];
        for (int i = 0; i < frequencies; i++) {
            freqs[i] = (float) Math.exp(-Math.log(MAX_PERIOD) * i / frequencies);
        }
        NDArray args = timesteps.toType(DataType.FLOAT32, false).expandDims(1)
                .mul(manager.create(freqs).expandDims(0));
        NDArray sinusoid = NDArrays.concat(new NDList(args.cos(), args.sin()), 1);
        return second.forward(Activations.silu(first.forward(sinusoid)));
    }
}
