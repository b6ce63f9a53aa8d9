package studio.loc.hypernet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import studio.loc.hypernet.data.synthetic.TestImages;

/** Writes small generated images (and broken ones) into a test folder. */
final class TestFiles {

    private TestFiles() {
    }

    /** Writes an RGB float image as an 8-bit file; the format follows the extension. */
    static Path write(Path file, Mat rgb) throws IOException {
        Files.createDirectories(file.getParent());
        Mat bgr = new Mat();
        rgb.convertTo(bgr, CvType.CV_8UC3, 255);
        Imgproc.cvtColor(bgr, bgr, Imgproc.COLOR_RGB2BGR);
        boolean ok = Imgcodecs.imwrite(file.toString(), bgr);
        bgr.release();
        if (!ok) {
            throw new IOException("could not write " + file);
        }
        return file;
    }

    static Path writeScene(Path file, int width, int height) throws IOException {
        Mat image = TestImages.gradientWithShapes(height, width);
        try {
            return write(file, image);
        } finally {
            image.release();
        }
    }

    static Path writeChecker(Path file, int width, int height, long seed) throws IOException {
        Mat image = TestImages.checker(height, width, seed);
        try {
            return write(file, image);
        } finally {
            image.release();
        }
    }

    /** A file with an image extension whose content is not an image. */
    static Path writeGarbage(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, "this is not a picture at all, just some text".getBytes());
    }

    /** A real JPEG cut in half, as from an interrupted copy. */
    static Path writeTruncatedJpeg(Path file, int width, int height) throws IOException {
        writeScene(file, width, height);
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    }
}
