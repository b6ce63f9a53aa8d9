package studio.loc.hypernet.data.synthetic;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A 3D colour lookup table on an n x n x n grid over the RGB cube, applied with trilinear interpolation — the same
 * kind of object as a .cube file that FFmpeg's lut3d reads. OpenCV has no 3D LUT, so the lookup is plain Java.
 */
final class ColorLut3d {

    /** Maps an RGB colour (each in [0, 1]) to a new one, written into {@code out}. */
    @FunctionalInterface
    interface ColorFunction {
        void map(double r, double g, double b, double[] out);
    }

    private final int n;
    private final float[] grid; // ((r * n + g) * n + b) * 3 + channel

    private ColorLut3d(int n, float[] grid) {
        this.n = n;
        this.grid = grid;
    }

    static ColorLut3d sample(int n, ColorFunction f) {
        float[] grid = new float[n * n * n * 3];
        double[] out = new double[3];
        for (int r = 0; r < n; r++) {
            for (int g = 0; g < n; g++) {
                for (int b = 0; b < n; b++) {
                    f.map((double) r / (n - 1), (double) g / (n - 1), (double) b / (n - 1), out);
                    int at = ((r * n + g) * n + b) * 3;
                    for (int c = 0; c < 3; c++) {
                        grid[at + c] = (float) Math.min(1, Math.max(0, out[c]));
                    }
                }
            }
        }
        return new ColorLut3d(n, grid);
    }

    Mat apply(Mat rgb) {
        float[] data = Img.floats(rgb);
        int last = n - 1;
        for (int i = 0; i < data.length; i += 3) {
            float pr = clamp(data[i]) * last;
            float pg = clamp(data[i + 1]) * last;
            float pb = clamp(data[i + 2]) * last;
            int r0 = Math.min(last - 1, (int) pr);
            int g0 = Math.min(last - 1, (int) pg);
            int b0 = Math.min(last - 1, (int) pb);
            float fr = pr - r0;
            float fg = pg - g0;
            float fb = pb - b0;
            for (int c = 0; c < 3; c++) {
                float c00 = lerp(value(r0, g0, b0, c), value(r0 + 1, g0, b0, c), fr);
                float c10 = lerp(value(r0, g0 + 1, b0, c), value(r0 + 1, g0 + 1, b0, c), fr);
                float c01 = lerp(value(r0, g0, b0 + 1, c), value(r0 + 1, g0, b0 + 1, c), fr);
                float c11 = lerp(value(r0, g0 + 1, b0 + 1, c), value(r0 + 1, g0 + 1, b0 + 1, c), fr);
                data[i + c] = lerp(lerp(c00, c10, fg), lerp(c01, c11, fg), fb);
            }
        }
        return Img.fromFloats(data, rgb.rows(), rgb.cols(), CvType.CV_32FC3);
    }

    private float value(int r, int g, int b, int channel) {
        return grid[((r * n + g) * n + b) * 3 + channel];
    }

    private static float lerp(float a, float b, float t) {
        return a + t * (b - a);
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
