package studio.loc.diffusion.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import studio.loc.diffusion.nn.Convolutions;

/**
 * Applies a different LoRA to every sample of a batch without touching the weights: what hypernetwork training
 * needs (gradients flow into the LoRA tensors) and what a batch of differently-strengthened edits uses.
 *
 * <p>Linear slot: delta = s·(α/r)·(x·downᵀ)·upᵀ per sample via batched matmul. Conv slot (LoCon): the k×k down
 * convolutions of all samples run as one per-sample convolution ({@link Convolutions#perSampleConv2d}) and the 1×1
 * up as a batched matmul, so the cost does not grow with the number of Java calls per sample. A LoRA batch of 1 is
 * shared by all samples.
 */
public final class PerSampleLoraContext implements LoraContext {

    private final LoraSet set;
    private final NDArray strengths;
    private final float uniformStrength;

    /**
     * @param set       the LoRAs, batch 1 or the input batch B
     * @param strengths per-sample strength [B] (kept by reference, may require gradients)
     */
    public PerSampleLoraContext(LoraSet set, NDArray strengths) {
        if (strengths.getShape().dimension() != 1) {
            throw new IllegalArgumentException("strengths must be [B], got " + strengths.getShape());
        }
        this.set = set;
        this.strengths = strengths;
        this.uniformStrength = Float.NaN;
    }

    /** The same strength for every sample. */
    public PerSampleLoraContext(LoraSet set, float strength) {
        this.set = set;
        this.strengths = null;
        this.uniformStrength = strength;
    }

    public LoraSet set() {
        return set;
    }

    @Override
    public NDArray delta(LoraSlot slot, NDArray input) {
        LoraSet.Factors factors = set.get(slot.name());
        if (factors == null) {
            return null;
        }
        long batch = input.getShape().get(0);
        NDManager manager = input.getManager();
        NDArray down = perSample(view(factors.down(), manager), batch, slot);
        NDArray up = scaledUp(perSample(view(factors.up(), manager), batch, slot), batch);
        return slot.kind() == SlotKind.LINEAR ? linear(input, down, up) : conv(slot, input, down, up);
    }

    /**
     * A view of a LoRA tensor owned by the input's (per-step) manager, so the arrays derived from it here are freed
     * with the step rather than piling up in the manager of the long-lived LoRA.
     */
    private static NDArray view(NDArray factor, NDManager manager) {
        NDArray view = factor.reshape(factor.getShape());
        view.attach(manager);
        return view;
    }

    /** Broadcasts a shared (batch-1) factor to the input batch. */
    private static NDArray perSample(NDArray factor, long batch, LoraSlot slot) {
        long have = factor.getShape().get(0);
        if (have == batch) {
            return factor;
        }
        if (have == 1) {
            Shape s = factor.getShape();
            return factor.broadcast(new Shape(batch, s.get(1), s.get(2)));
        }
        throw new IllegalArgumentException("slot " + slot.name() + ": LoRA batch " + have + " does not match input batch "
                + batch);
    }

    /** Folds strength·α/r into the up factor [B, out, r]: cheaper than scaling the (larger) output. */
    private NDArray scaledUp(NDArray up, long batch) {
        if (strengths == null) {
            return up.mul(uniformStrength * set.scale());
        }
        if (strengths.getShape().get(0) != batch) {
            throw new IllegalArgumentException(strengths.getShape().get(0) + " strengths for a batch of " + batch);
        }
        NDArray perSample = strengths.reshape(batch, 1, 1);
        perSample.attach(up.getManager());
        return up.mul(perSample.mul(set.scale()));
    }

    /** x [B, ..., in] → [B, ..., out]. */
    private static NDArray linear(NDArray input, NDArray down, NDArray up) {
        Shape shape = input.getShape();
        long batch = shape.get(0);
        long in = shape.get(shape.dimension() - 1);
        NDArray tokens = input.reshape(batch, -1, in);
        NDArray low = tokens.batchMatMul(down.transpose(0, 2, 1));
        NDArray delta = low.batchMatMul(up.transpose(0, 2, 1));
        long out = up.getShape().get(1);
        long[] outShape = shape.getShape();
        outShape[outShape.length - 1] = out;
        return delta.reshape(new Shape(outShape));
    }

    /** x [B, in, H, W] → [B, out, H, W]: the k×k down kernels per sample, then the 1×1 up as a batched product. */
    private static NDArray conv(LoraSlot slot, NDArray input, NDArray down, NDArray up) {
        Shape shape = input.getShape();
        int k = slot.kernel();
        NDArray low = Convolutions.perSampleConv2d(input, down, k, k / 2);
        NDArray delta = up.batchMatMul(low.reshape(shape.get(0), down.getShape().get(1), -1));
        return delta.reshape(shape.get(0), up.getShape().get(1), shape.get(2), shape.get(3));
    }
}
