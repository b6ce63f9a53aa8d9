package studio.loc.diffusion.pipeline.fullres;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;

/**
 * A coarse grid of affine colour transforms (out = A * rgb + b, A 3x3, b 3) fitted between a low-resolution image
 * and its edit, applicable at any resolution by bilinear interpolation of the coefficients (the idea of bilateral
 * guided upsampling, without the intensity axis).
 *
 * <p>Per cell the fit is ridge regression towards the identity: A = (C_yx + eps I)(C_xx + eps I)^-1 and
 * b = mean_y - A mean_x, where C are the cell's (co)variances. Flat cells (tiny C_xx) therefore get A close to I
 * and only an offset, instead of an ill-conditioned gain. The moments are Gaussian-smoothed over neighbouring cells
 * before solving (overlapping windows) and the coefficients once more after, so transforms vary smoothly.
 */
final class AffineGrid implements AutoCloseable {

    /** Coefficients per cell as 3 Mats (one per output channel) of CV_32FC4: (a_r, a_g, a_b, offset). */
    private final List<Mat> rows;

    private AffineGrid(List<Mat> rows) {
        this.rows = rows;
    }

    /**
     * @param cells  cells along the longer side of the image
     * @param ridge  variance added on the diagonal; larger values pull towards A = I
     * @param smooth Gaussian sigma, in cells, for smoothing moments and coefficients
     */
    static AffineGrid fit(Mat low, Mat editedLow, int cells, double ridge, double smooth) {
        int longSide = Math.max(low.cols(), low.rows());
        double cellSize = Math.max(1.0, longSide / (double) cells);
        int gx = Math.max(1, (int) Math.round(low.cols() / cellSize));
        int gy = Math.max(1, (int) Math.round(low.rows() / cellSize));
        Size grid = new Size(gx, gy);

        // Cell means of x_i, y_i, x_i x_j and y_i x_j (area-averaged), smoothed across cells.
        double[][] mx = new double[3][];
        double[][] my = new double[3][];
        double[][][] mxx = new double[3][3][];
        double[][][] myx = new double[3][3][];
        try (MatScope scope = new MatScope()) {
            List<Mat> x = scope.addAll(Mats.split(low));
            List<Mat> y = scope.addAll(Mats.split(editedLow));
            Mat prod = scope.newMat();
            for (int i = 0; i < 3; i++) {
                mx[i] = cellMeans(x.get(i), grid, smooth);
                my[i] = cellMeans(y.get(i), grid, smooth);
                for (int j = 0; j < 3; j++) {
                    if (j >= i) {
                        Core.multiply(x.get(i), x.get(j), prod);
                        mxx[i][j] = cellMeans(prod, grid, smooth);
                        mxx[j][i] = mxx[i][j];
                    }
                    Core.multiply(y.get(i), x.get(j), prod);
                    myx[i][j] = cellMeans(prod, grid, smooth);
                }
            }
        }

        int n = gx * gy;
        float[][] coef = new float[3][n * 4];
        double[][] cxx = new double[3][3];
        double[][] cyx = new double[3][3];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    cxx[i][j] = mxx[i][j][c] - mx[i][c] * mx[j][c] + (i == j ? ridge : 0);
                    cyx[i][j] = myx[i][j][c] - my[i][c] * mx[j][c] + (i == j ? ridge : 0);
                }
            }
            double[][] inv = invert3(cxx);
            for (int i = 0; i < 3; i++) {
                double offset = my[i][c];
                for (int j = 0; j < 3; j++) {
                    double a = cyx[i][0] * inv[0][j] + cyx[i][1] * inv[1][j] + cyx[i][2] * inv[2][j];
                    coef[i][c * 4 + j] = (float) a;
                    offset -= a * mx[j][c];
                }
                coef[i][c * 4 + 3] = (float) offset;
            }
        }
        List<Mat> rows = new ArrayList<>(3);
        for (int i = 0; i < 3; i++) {
            Mat m = new Mat(gy, gx, CvType.CV_32FC4);
            m.put(0, 0, coef[i]);
            gaussian(m, smooth);
            rows.add(m);
        }
        return new AffineGrid(rows);
    }

    /** Applies the interpolated transforms to the whole of {@code rgb} (any size); returns a new CV_32FC3 Mat. */
    Mat apply(Mat rgb) {
        try (Upsampled upsampled = upsampledTo(rgb.size())) {
            return upsampled.applyRows(rgb, 0);
        }
    }

    /** The coefficient grid interpolated to {@code full}, ready to be applied band by band. */
    Upsampled upsampledTo(Size full) {
        List<RowUpsampler> maps = new ArrayList<>(3);
        for (Mat row : rows) {
            maps.add(new RowUpsampler(row, full));
        }
        return new Upsampled(maps);
    }

    /** The grid's coefficients at one resolution (native memory: close it). */
    static final class Upsampled implements AutoCloseable {

        private final List<RowUpsampler> maps;

        private Upsampled(List<RowUpsampler> maps) {
            this.maps = maps;
        }

        /** Transforms {@code band}, which holds rows [y0, y0 + band.rows()) of the image; returns a new Mat. */
        Mat applyRows(Mat band, int y0) {
            int y1 = y0 + band.rows();
            // [r, g, b, 1] per pixel so that one 4-channel product and a channel sum give A*rgb + b.
            try (MatScope scope = new MatScope()) {
                Mat homogeneous = scope.newMat();
                try (MatScope split = new MatScope()) {
                    List<Mat> channels = split.addAll(Mats.split(band));
                    channels.add(split.add(new Mat(band.size(), CvType.CV_32FC1, new Scalar(1))));
                    Core.merge(channels, homogeneous);
                }
                Mat sumKernel = scope.add(new Mat(1, 4, CvType.CV_32F, new Scalar(1)));
                List<Mat> out = new ArrayList<>(3);
                for (RowUpsampler map : maps) {
                    try (MatScope step = new MatScope()) {
                        Mat coef = step.add(map.rows(y0, y1));
                        Core.multiply(coef, homogeneous, coef);
                        Mat channel = scope.newMat();
                        Core.transform(coef, channel, sumKernel);
                        out.add(channel);
                    }
                }
                Mat result = scope.newMat();
                Core.merge(out, result);
                return scope.keep(result);
            }
        }

        @Override
        public void close() {
            for (RowUpsampler map : maps) {
                map.close();
            }
        }
    }

    @Override
    public void close() {
        Mats.release(rows);
    }

    private static double[] cellMeans(Mat channel, Size grid, double smooth) {
        try (MatScope scope = new MatScope()) {
            Mat cells = scope.newMat();
            Imgproc.resize(channel, cells, grid, 0, 0, Imgproc.INTER_AREA);
            gaussian(cells, smooth);
            Mat wide = scope.newMat();
            cells.convertTo(wide, CvType.CV_64F);
            double[] v = new double[(int) wide.total()];
            wide.get(0, 0, v);
            return v;
        }
    }

    private static void gaussian(Mat m, double sigma) {
        if (sigma > 0) {
            Imgproc.GaussianBlur(m, m, new Size(0, 0), sigma, sigma, Core.BORDER_REPLICATE);
        }
    }

    private static double[][] invert3(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], k = m[2][2];
        double co00 = e * k - f * h;
        double co01 = -(d * k - f * g);
        double co02 = d * h - e * g;
        double det = a * co00 + b * co01 + c * co02;
        double s = 1.0 / det;
        return new double[][] {
            {co00 * s, -(b * k - c * h) * s, (b * f - c * e) * s},
            {co01 * s, (a * k - c * g) * s, -(a * f - c * d) * s},
            {co02 * s, -(a * h - b * g) * s, (a * e - b * d) * s}};
    }
}
