package studio.loc.hypernet.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** Between OpenCV RGB float images ([0, 1], HWC) and the networks' tensors ([1, 3, H, W] in [−1, 1]). */
public final class ImageTensors {

    private ImageTensors() {
    }

    /** @param rgb CV_32FC3 in [0, 1] (not modified) */
    public static NDArray fromRgb(Mat rgb, NDManager manager) {
        if (rgb.type() != CvType.CV_32FC3) {
            throw new IllegalArgumentException("expected an RGB float image (CV_32FC3), got type " + rgb.type());
        }
        int height = rgb.rows();
        int width = rgb.cols();
        float[] pixels = new float[height * width * 3];
        Mat source = rgb.isContinuous() ? rgb : rgb.clone();
        try {
            source.get(0, 0, pixels);
        } finally {
            if (source != rgb) {
                source.release();
            }
        }
        return manager.create(pixels, new Shape(height, width, 3)).transpose(2, 0, 1).expandDims(0).mul(2f).sub(1f);
    }

    /** @param image [1, 3, H, W] (or [3, H, W]) in [−1, 1]; values outside are clipped */
    public static Mat toRgb(NDArray image) {
        NDArray chw = image.getShape().dimension() == 4 ? image.get(0) : image;
        int height = Math.toIntExact(chw.getShape().get(1));
        int width = Math.toIntExact(chw.getShape().get(2));
        float[] pixels = chw.add(1f).div(2f).clip(0f, 1f).transpose(1, 2, 0).toFloatArray();
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        rgb.put(0, 0, pixels);
        return rgb;
    }
}
