package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/** 8-bit PNG reading and writing for the evaluation, in the program's RGB float [0, 1] convention. */
public final class RgbImages {

    private RgbImages() {
    }

    /** Reads an 8-bit colour image as RGB CV_32FC3 in [0, 1]. */
    public static Mat read(Path file) throws IOException {
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat bgr = scope.add(Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR));
            if (bgr.empty()) {
                throw new IOException("Cannot read image " + file);
            }
            Mat rgb8 = scope.newMat();
            Imgproc.cvtColor(bgr, rgb8, Imgproc.COLOR_BGR2RGB);
            Mat rgb = scope.newMat();
            rgb8.convertTo(rgb, CvType.CV_32F, 1.0 / 255.0);
            return scope.keep(rgb);
        }
    }

    /** Writes an RGB CV_32FC3 image in [0, 1] as an 8-bit PNG, creating parent folders. */
    public static void write(Path file, Mat rgb) throws IOException {
        OpenCv.ensureLoaded();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        boolean ok;
        try (MatScope scope = new MatScope()) {
            Mat rgb8 = scope.newMat();
            rgb.convertTo(rgb8, CvType.CV_8U, 255.0);
            Mat bgr = scope.newMat();
            Imgproc.cvtColor(rgb8, bgr, Imgproc.COLOR_RGB2BGR);
            ok = Imgcodecs.imwrite(file.toString(), bgr);
        }
        if (!ok) {
            throw new IOException("Cannot write image " + file);
        }
    }
}
