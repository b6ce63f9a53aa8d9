package studio.loc.hypernet.data.synthetic;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * An {@link Edit} made of a description and an operation. It owns the contract every family must keep, so the
 * families need not repeat it: the input is checked, the operation sees a continuous input it must not modify, and
 * the result is clamped to [0, 1] and checked for size and type.
 */
final class OpEdit implements Edit {

    private final String description;
    private final UnaryOperator<Mat> operation;

    OpEdit(String description, UnaryOperator<Mat> operation) {
        this.description = Objects.requireNonNull(description, "description");
        this.operation = Objects.requireNonNull(operation, "operation");
    }

    /** Builds "name(key=value, ...)" from alternating keys and values; doubles get 4 significant digits. */
    static String describe(String name, Object... keyValues) {
        StringBuilder text = new StringBuilder(name).append('(');
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (i > 0) {
                text.append(", ");
            }
            Object value = keyValues[i + 1];
            String shown = value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d)
                    : value instanceof double[] array ? formatArray(array) : String.valueOf(value);
            text.append(keyValues[i]).append('=').append(shown);
        }
        return text.append(')').toString();
    }

    private static String formatArray(double[] values) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            text.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3g", values[i]));
        }
        return text.append(']').toString();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Mat apply(Mat rgb) {
        OpenCv.ensureLoaded();
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.type() != CvType.CV_32FC3 || rgb.empty()) {
            throw new IllegalArgumentException("edits need a non-empty CV_32FC3 RGB image, got "
                    + CvType.typeToString(rgb.type()) + " " + rgb.cols() + "x" + rgb.rows());
        }
        // Operations read pixels as one float array, which needs a continuous Mat; a crop (submat) is not.
        try (MatScope scope = new MatScope()) {
            Mat input = scope.continuous(rgb);
            Mat out = operation.apply(input);
            if (out == input || out == rgb) {
                throw new IllegalStateException(description + " returned its input instead of a new Mat");
            }
            if (out.type() != CvType.CV_32FC3 || out.rows() != rgb.rows() || out.cols() != rgb.cols()) {
                throw new IllegalStateException(description + " returned " + CvType.typeToString(out.type()) + " "
                        + out.cols() + "x" + out.rows());
            }
            // A NaN would poison a whole training step; no family should make one, but the guard is cheap.
            Core.patchNaNs(out, 0);
            Core.min(out, new Scalar(1, 1, 1), out);
            Core.max(out, new Scalar(0, 0, 0), out);
            return out;
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
