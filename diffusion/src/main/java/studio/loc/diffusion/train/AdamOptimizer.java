package studio.loc.diffusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.nn.ParameterStore;

/**
 * AdamW with global-norm gradient clipping. Written here rather than using DJL's optimiser because checkpoints
 * must hold the moment estimates for an exact resume, and DJL keeps them private.
 *
 * <p>Call {@link #step(double)} after {@code GradientCollector.backward}, outside the collector (DJL runs with
 * autograd off there, so the in-place updates are legal on leaf tensors). Gradients are zeroed after each step.
 */
public final class AdamOptimizer implements AutoCloseable {

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double clipNorm;
    private long steps;

    /**
     * @param store where the parameters live
     * @param trainable names of the parameters to update (they are marked as requiring gradients)
     * @param weightDecay decoupled weight decay (AdamW), 0 for none
     * @param clipNorm global gradient-norm limit, ≤ 0 for none
     */
    public AdamOptimizer(ParameterStore store, List<String> trainable, double weightDecay, double clipNorm) {
        this.manager = store.manager().newSubManager();
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.epsilon = 1e-8;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        for (String name : trainable) {
            NDArray p = store.get(name);
            p.setRequiresGradient(true);
            params.put(name, p);
            firstMoments.put(name, manager.zeros(p.getShape()));
            secondMoments.put(name, manager.zeros(p.getShape()));
        }
    }

    /**
     * Applies one update with the gradients accumulated since the last step.
     *
     * @return the global gradient norm before clipping (for logging; NaN means the step was skipped)
     */
    public double step(double learningRate) {
        try (NDManager scratch = manager.newSubManager()) {
            Map<String, NDArray> grads = new LinkedHashMap<>();
            double squared = 0;
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = e.getValue().getGradient();
                g.attach(scratch);
                grads.put(e.getKey(), g);
                squared += g.square().sum().getFloat();
            }
            double norm = Math.sqrt(squared);
            if (!Double.isFinite(norm)) {
                zero(grads);
                return Double.NaN;
            }
            double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
            steps++;
            double correction1 = 1 - Math.pow(beta1, steps);
            double correction2 = 1 - Math.pow(beta2, steps);
            // Every array this update creates lives in the scratch manager. DJL would otherwise put the results of
            // ops on the long-lived moments and parameters, and the scalars of in-place ops with numbers, into
            // their managers: hours of training would leak parameter-sized and scalar arrays every step.
            NDArray keep1 = scratch.create((float) beta1);
            NDArray keep2 = scratch.create((float) beta2);
            NDArray decay = scratch.create((float) (1 - learningRate * weightDecay));
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray p = e.getValue();
                NDArray g = grads.get(e.getKey()).mul(scale);
                NDArray m = firstMoments.get(e.getKey());
                NDArray v = secondMoments.get(e.getKey());
                m.muli(keep1).addi(g.mul(1 - beta1));
                v.muli(keep2).addi(g.square().mul(1 - beta2));
                NDArray mHat = m.div(scratch.create((float) correction1));
                mHat.attach(scratch);
                NDArray vHat = v.div(scratch.create((float) correction2));
                vHat.attach(scratch);
                NDArray update = mHat.div(vHat.sqrt().add(epsilon));
                if (weightDecay > 0 && p.getShape().dimension() > 1) {
                    p.muli(decay);
                }
                p.subi(update.mul(learningRate));
            }
            zero(grads);
            return norm;
        }
    }

    private static void zero(Map<String, NDArray> grads) {
        for (NDArray g : grads.values()) {
            g.subi(g);
        }
    }

    /** Arrays the optimiser holds (moments): constant from step to step, or it leaks. */
    int heldArrays() {
        return manager.getManagedArrays().size();
    }

    public long steps() {
        return steps;
    }

    /** Moment estimates and the step count, for a checkpoint (names {@code adam.m.<param>}, {@code adam.v.<param>}). */
    public Map<String, float[]> state() {
        Map<String, float[]> state = new LinkedHashMap<>();
        for (String name : params.keySet()) {
            state.put("adam.m." + name, firstMoments.get(name).toFloatArray());
            state.put("adam.v." + name, secondMoments.get(name).toFloatArray());
        }
        state.put("adam.steps", new float[] {Float.intBitsToFloat((int) (steps >>> 32)), Float.intBitsToFloat((int) steps)});
        return state;
    }

    /** Restores what {@link #state()} returned; missing moments (a parameter added since) start at zero. */
    public void restore(Map<String, float[]> state) {
        for (String name : params.keySet()) {
            float[] m = state.get("adam.m." + name);
            float[] v = state.get("adam.v." + name);
            if (m != null && v != null) {
                firstMoments.get(name).set(m);
                secondMoments.get(name).set(v);
            }
        }
        float[] s = state.get("adam.steps");
        if (s != null) {
            steps = ((long) Float.floatToRawIntBits(s[0]) << 32) | (Float.floatToRawIntBits(s[1]) & 0xffffffffL);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
