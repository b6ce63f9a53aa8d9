package studio.loc.diffusion.pipeline.fullres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.OpenCv;

class RowUpsamplerTest {

    @ParameterizedTest
    @CsvSource({"7, 5, 100, 61", "16, 12, 64, 48", "3, 9, 50, 20", "10, 10, 10, 10"})
    void bandsReassembleToOpenCvsBilinearResize(int lowCols, int lowRows, int fullCols, int fullRows) {
        OpenCv.ensureLoaded();
        Mat low = new Mat(lowRows, lowCols, CvType.CV_32FC4);
        Core.randu(low, 0, 1);
        Size full = new Size(fullCols, fullRows);
        Mat expected = new Mat();
        Imgproc.resize(low, expected, full, 0, 0, Imgproc.INTER_LINEAR);

        RowUpsampler up = new RowUpsampler(low, full);
        Mat assembled = new Mat(full, CvType.CV_32FC4);
        int band = 13;
        for (int y0 = 0; y0 < fullRows; y0 += band) {
            int y1 = Math.min(fullRows, y0 + band);
            Mat rows = up.rows(y0, y1);
            rows.copyTo(assembled.rowRange(y0, y1));
            rows.release();
        }
        assertEquals(0.0, Core.norm(expected, assembled, Core.NORM_INF), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> up.rows(0, fullRows + 1));
        up.close();
        Mats.release(low, expected, assembled);
    }
}
