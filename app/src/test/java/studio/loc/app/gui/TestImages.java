package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureWriter;

/** Small generated photos for GUI tests and the screenshot demo: a soft landscape-like scene with a tint. */
public final class TestImages {

    private TestImages() {
    }

    /**
     * Writes a {@code width × height} scene: sky gradient, a sun, hills. {@code warmth} in [-1, 1] shifts the
     * colours (the "after" of a warm grade), {@code variant} moves the sun so queries differ.
     */
    public static Path writeScene(Path file, int width, int height, double warmth, int variant) throws IOException {
        OpenCv.ensureLoaded();
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        float[] row = new float[width * 3];
        double sunX = width * (0.25 + 0.2 * variant);
        double sunY = height * 0.32;
        double sunR = Math.min(width, height) * 0.09;
        for (int y = 0; y < height; y++) {
            double v = (double) y / height;
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double hill = 0.62 + 0.08 * Math.sin(u * 6.5 + variant) + 0.05 * Math.sin(u * 17 + 1.3 * variant);
                double r;
                double g;
                double b;
                if (v < hill) {
                    r = 0.45 + 0.35 * v;
                    g = 0.62 + 0.25 * v;
                    b = 0.92 - 0.2 * v;
                    double d = Math.hypot(x - sunX, y - sunY);
                    double glow = Math.max(0, 1 - d / (sunR * 3));
                    r += 0.5 * glow * glow;
                    g += 0.42 * glow * glow;
                    b += 0.2 * glow * glow;
                    if (d < sunR) {
                        r = 1;
                        g = 0.96;
                        b = 0.82;
                    }
                } else {
                    double depth = (v - hill) / (1 - hill);
                    r = 0.20 + 0.10 * Math.sin(u * 40 + v * 9) * 0.3 - 0.08 * depth;
                    g = 0.42 - 0.15 * depth + 0.04 * Math.sin(u * 55);
                    b = 0.22 - 0.08 * depth;
                }
                r = r + 0.18 * warmth;
                g = g + 0.04 * warmth;
                b = b - 0.16 * warmth;
                row[3 * x] = (float) Math.clamp(r, 0, 1);
                row[3 * x + 1] = (float) Math.clamp(g, 0, 1);
                row[3 * x + 2] = (float) Math.clamp(b, 0, 1);
            }
            rgb.put(y, 0, row);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Picture picture = Picture.of(rgb)) {
            PictureWriter.write(picture, file, ImageFormat.fromFileName(file.toString()).orElse(ImageFormat.PNG), 92);
        }
        return file;
    }

    /** A file with an image name that holds no image. */
    public static Path writeCorrupt(Path file) throws IOException {
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2, 3});
        return file;
    }
}
