package studio.loc.diffusion.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;

/**
 * The boundary between pictures and tensors: an RGB {@code CV_32FC3} Mat in [0, 1] (row-major, interleaved) ↔ an
 * NDArray [1, 3, h, w] in [−1, 1] (planar), the range the codec and the denoiser work in.
 */
public final class PictureTensors {

    private PictureTensors() {
    }

    /** A new [1, 3, h, w] array in {@code manager}. */
    public static NDArray toTensor(Mat rgb, NDManager manager) {
        if (rgb.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("expected CV_32FC3, got " + CvType.typeToString(rgb.type()));
        }
        float[] interleaved = new float[Math.multiplyExact(rgb.rows() * rgb.cols(), 3)];
        try (MatScope scope = new MatScope()) {
            scope.continuous(rgb).get(0, 0, interleaved);
        }
        NDArray hwc = manager.create(interleaved, new Shape(rgb.rows(), rgb.cols(), 3));
        return hwc.transpose(2, 0, 1).expandDims(0).mul(2f).sub(1f);
    }

    /** A new Mat (caller owns it) from [1, 3, h, w] in [−1, 1]; values outside are clipped to [0, 1]. */
    public static Mat toMat(NDArray image) {
        Shape s = image.getShape();
        if (s.dimension() != 4 || s.get(0) != 1 || s.get(1) != 3) {
            throw new IllegalArgumentException("expected an image tensor [1, 3, h, w], got " + s);
        }
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        float[] interleaved;
        try (NDManager scratch = image.getManager().newSubManager()) {
            NDArray planar = image.duplicate();
            planar.attach(scratch);
            interleaved = planar.add(1f).div(2f).clip(0f, 1f).get(0).transpose(1, 2, 0).toFloatArray();
        }
        Mat rgb = new Mat(h, w, CvType.CV_32FC3);
        rgb.put(0, 0, interleaved);
        return rgb;
    }
}
