package studio.loc.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The one place every network here convolves: 2-D convolutions (cross-correlation, zero padding, square kernels)
 * with shared weights, and with a different kernel per sample (the per-sample LoRA).
 *
 * <p>They run on libtorch's own kernels once {@link OneDnnConvolutions} has turned oneDNN's off (those are wrong on
 * AVX-512 CPUs). Where that switch cannot be made, they are computed as a product of patch columns and a matrix on
 * the BLAS kernels, which is exact as well, only slower. {@code ConvolutionsReferenceTest} checks both ways against
 * a float64 reference, and CI runs it under the default instruction set and under AVX2.
 */
public final class Convolutions {

    private Convolutions() {
    }

    /**
     * {@code x [B, C, H, W]} convolved with {@code weight [out, C, k, k]}.
     *
     * @param bias [out], or null for none
     * @return [B, out, H', W'] with H' = (H + 2·padding − k) / stride + 1
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        if (OneDnnConvolutions.disabled()) {
            return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                    new Shape(1, 1), 1).singletonOrThrow();
        }
        return patchProduct(x, weight, bias, stride, padding);
    }

    /**
     * Each sample of {@code x [B, C, H, W]} convolved (stride 1) with its own kernels {@code [B, out, C·k·k]}
     * (flattened as a weight [out, C, k, k] is): [B, out, H', W'].
     */
    public static NDArray perSampleConv2d(NDArray x, NDArray kernels, int kernel, int padding) {
        if (OneDnnConvolutions.disabled()) {
            // The batch becomes the group axis: one call whatever the batch.
            Shape shape = x.getShape();
            long batch = shape.get(0);
            long out = kernels.getShape().get(1);
            NDArray stacked = x.reshape(1, batch * shape.get(1), shape.get(2), shape.get(3));
            NDArray grouped = kernels.reshape(batch * out, shape.get(1), kernel, kernel);
            NDArray y = Conv2d.conv2d(stacked, grouped, null, new Shape(1, 1), new Shape(padding, padding),
                    new Shape(1, 1), Math.toIntExact(batch)).singletonOrThrow();
            return y.reshape(batch, out, y.getShape().get(2), y.getShape().get(3));
        }
        return perSamplePatchProduct(x, kernels, kernel, padding);
    }

    /** {@link #conv2d} as patch columns times the flattened weight, on the BLAS kernels. */
    static NDArray patchProduct(NDArray x, NDArray weight, NDArray bias, int stride, int padding) {
        long out = weight.getShape().get(0);
        int kernel = Math.toIntExact(weight.getShape().get(2));
        // [out, C·k·k] broadcast against [B, C·k·k, H'·W'] → [B, out, H'·W']
        NDArray y = weight.reshape(out, -1).matMul(columns(x, kernel, stride, padding));
        if (bias != null) {
            y = y.add(bias.reshape(1, out, 1));
        }
        return unflatten(y, x, kernel, stride, padding);
    }

    /** {@link #perSampleConv2d} as each sample's patch columns times its own kernels, in one batched product. */
    static NDArray perSamplePatchProduct(NDArray x, NDArray kernels, int kernel, int padding) {
        return unflatten(kernels.batchMatMul(columns(x, kernel, 1, padding)), x, kernel, 1, padding);
    }

    /** [B, out, H'·W'] → [B, out, H', W']. */
    private static NDArray unflatten(NDArray y, NDArray x, int kernel, int stride, int padding) {
        Shape shape = y.getShape();
        return y.reshape(shape.get(0), shape.get(1), outputSize(x.getShape().get(2), kernel, stride, padding),
                outputSize(x.getShape().get(3), kernel, stride, padding));
    }

    /**
     * The patch columns of {@code x [B, C, H, W]}: [B, C·k·k, H'·W'], column index c·k² + ky·k + kx, matching a
     * weight [out, C, k, k] flattened to [out, C·k·k].
     */
    static NDArray columns(NDArray x, int kernel, int stride, int padding) {
        long batch = x.getShape().get(0);
        long channels = x.getShape().get(1);
        long height = x.getShape().get(2);
        long width = x.getShape().get(3);
        long outHeight = outputSize(height, kernel, stride, padding);
        long outWidth = outputSize(width, kernel, stride, padding);
        if (kernel == stride && padding == 0 && height % kernel == 0 && width % kernel == 0) {
            // Non-overlapping patches (a patch embedding): a reshape, no copy per offset.
            return x.reshape(batch, channels, outHeight, kernel, outWidth, kernel).transpose(0, 1, 3, 5, 2, 4)
                    .reshape(batch, channels * kernel * kernel, outHeight * outWidth);
        }
        NDArray padded = padding == 0 ? x : x.pad(new Shape(padding, padding, padding, padding), 0);
        NDList shifted = new NDList(kernel * kernel);
        for (int ky = 0; ky < kernel; ky++) {
            for (int kx = 0; kx < kernel; kx++) {
                shifted.add(padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", ky, ky + stride * (outHeight - 1) + 1,
                        stride, kx, kx + stride * (outWidth - 1) + 1, stride)));
            }
        }
        // [B, C, k·k, H', W'] → [B, C·k·k, H'·W']
        return NDArrays.stack(shifted, 2).reshape(batch, channels * kernel * kernel, outHeight * outWidth);
    }

    private static long outputSize(long size, int kernel, int stride, int padding) {
        long out = (size + 2L * padding - kernel) / stride + 1;
        if (out < 1) {
            throw new IllegalArgumentException("a " + kernel + "×" + kernel + " convolution with padding " + padding
                    + " does not fit an input of size " + size);
        }
        return out;
    }
}
