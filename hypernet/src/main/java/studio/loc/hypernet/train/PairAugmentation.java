package studio.loc.hypernet.train;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The randomness LoRA Reverse training needs so that H learns the change rather than the look of A':
 * per-sample swaps of A and A', and a flipped/cropped second view of a pair to serve as query and target.
 */
final class PairAugmentation {

    /** Crops keep between this fraction and all of the side. */
    static final double MIN_CROP = 0.6;

    private PairAugmentation() {
    }

    /** Swaps before/after (and query/target) of the samples where {@code swap[i]}; arrays are the same objects if none. */
    static QuadBatch swap(QuadBatch batch, boolean[] swap, NDManager manager) {
        boolean any = false;
        for (boolean s : swap) {
            any |= s;
        }
        if (!any) {
            return batch;
        }
        NDArray mask = mask(swap, manager);
        NDArray keep = mask.neg().add(1);
        NDArray before = batch.before().mul(keep).add(batch.after().mul(mask));
        NDArray after = batch.after().mul(keep).add(batch.before().mul(mask));
        if (!batch.hasQuery()) {
            return QuadBatch.pairs(before, after);
        }
        NDArray query = batch.query().mul(keep).add(batch.target().mul(mask));
        NDArray target = batch.target().mul(keep).add(batch.query().mul(mask));
        return new QuadBatch(before, after, query, target);
    }

    /**
     * A second view of each pair: the same random horizontal flip and crop (resized back to the full size) applied
     * to before and after, returned as (query, target).
     */
    static QuadBatch withView(QuadBatch pairs, Random random) {
        Shape shape = pairs.before().getShape();
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        NDList queries = new NDList();
        NDList targets = new NDList();
        for (int i = 0; i < pairs.size(); i++) {
            boolean flip = random.nextBoolean();
            double scale = MIN_CROP + (1 - MIN_CROP) * random.nextDouble();
            int cropH = Math.max(1, (int) Math.round(height * scale));
            int cropW = Math.max(1, (int) Math.round(width * scale));
            int top = random.nextInt(height - cropH + 1);
            int left = random.nextInt(width - cropW + 1);
            queries.add(view(pairs.before().get(i), flip, top, left, cropH, cropW, height, width));
            targets.add(view(pairs.after().get(i), flip, top, left, cropH, cropW, height, width));
        }
        return new QuadBatch(pairs.before(), pairs.after(), NDArrays.stack(queries), NDArrays.stack(targets));
    }

    private static NDArray view(NDArray image, boolean flip, int top, int left, int cropH, int cropW, int height,
                                int width) {
        NDArray crop = image.get(new NDIndex(":, {}:{}, {}:{}", top, top + cropH, left, left + cropW));
        if (flip) {
            crop = crop.flip(2);
        }
        return resize(crop.expandDims(0), height, width).squeeze(0);
    }

    /** Bilinear resize of [B, C, H, W] images; returns the input when the size already matches. */
    static NDArray resize(NDArray images, int height, int width) {
        Shape shape = images.getShape();
        if (shape.get(2) == height && shape.get(3) == width) {
            return images;
        }
        NDArray nhwc = images.transpose(0, 2, 3, 1);
        return NDImageUtils.resize(nhwc, width, height, Image.Interpolation.BILINEAR).transpose(0, 3, 1, 2);
    }

    /** [B] booleans → a [B, 1, 1, 1] float mask. */
    static NDArray mask(boolean[] values, NDManager manager) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = values[i] ? 1f : 0f;
        }
        return manager.create(floats, new Shape(values.length, 1, 1, 1));
    }
}
