package studio.loc.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.ImageFormat;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureWriter;

/** Generated product photos in nested folders, in every format and bit depth, with a few bad files among them. */
final class Catalogue {

    /** Good photos beside the generated ones: the whole twin of the truncated file, one with URI-hostile characters. */
    static final int EXTRA_PHOTOS = 2;

    /** The bad files each catalogue holds: both formats' failures, by relative path. */
    static final List<String> BAD = List.of("shop-0/broken.jpg", "shop-1/aisle-2/truncated.png");

    private Catalogue() {
    }

    /** Writes {@code photos} photos of about {@code size} px below {@code root}, the extra photos, {@link #BAD}, a note
     * and a hidden file. */
    static Path write(Path root, int photos, int size) throws IOException {
        ImageFormat[] formats = {ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.TIFF, ImageFormat.PNG,
            ImageFormat.WEBP, ImageFormat.BMP};
        for (int i = 0; i < photos; i++) {
            ImageFormat format = formats[i % formats.length];
            int bitDepth = format.supports16Bit() && i % 4 == 0 ? 16 : 8;
            boolean alpha = format.supportsAlpha() && i % 5 == 0;
            Path file = root.resolve("shop-" + i % 3).resolve("aisle-" + i % 4)
                    .resolve(String.format("photo-%04d.%s", i, format.extension()));
            write(file, picture(size + i % 3 * 4, size - i % 2 * 8, i, bitDepth, alpha), format);
        }
        Files.writeString(root.resolve(BAD.get(0)), "this is not a JPEG");
        Path good = root.resolve("shop-1/aisle-2/whole.png");
        write(good, picture(size, size, 1, 8, false), ImageFormat.PNG);
        byte[] bytes = Files.readAllBytes(good);
        Files.write(root.resolve(BAD.get(1)), Arrays.copyOf(bytes, bytes.length / 2));
        write(root.resolve("shop-2/summer sale/photo #1 50%.png"), picture(size, size, 5, 8, false), ImageFormat.PNG);
        Files.writeString(root.resolve("shop-2/notes.txt"), "prices go here");
        Files.writeString(root.resolve("shop-2/.hidden.png"), "an editor's lock file");
        return root;
    }

    static void write(Path file, Picture picture, ImageFormat format) throws IOException {
        Files.createDirectories(file.getParent());
        try (picture) {
            PictureWriter.write(picture, file, format, 90);
        }
    }

    /** A smooth colourful picture that differs with {@code variant}. */
    static Picture picture(int width, int height, int variant, int bitDepth, boolean alpha) {
        OpenCv.ensureLoaded();
        Mat rgb = new Mat(height, width, CvType.CV_32FC3);
        float[] pixels = new float[width * height * 3];
        float hue = (variant % 17) / 17f;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                pixels[i] = 0.15f + 0.6f * x / width * (0.5f + hue);
                pixels[i + 1] = 0.2f + 0.5f * y / height;
                pixels[i + 2] = 0.3f + 0.4f * hue;
            }
        }
        rgb.put(0, 0, pixels);
        Mat alphaMat = null;
        if (alpha) {
            alphaMat = new Mat(height, width, CvType.CV_32FC1);
            float[] a = new float[width * height];
            for (int i = 0; i < a.length; i++) {
                a[i] = 0.5f + 0.5f * (i % width) / width;
            }
            alphaMat.put(0, 0, a);
        }
        return new Picture(rgb, alphaMat, bitDepth);
    }

    /** Every file below {@code root} by relative path, leaving out the given top-level names. */
    static Map<String, byte[]> files(Path root, String... leftOut) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (Arrays.stream(leftOut).noneMatch(relative::startsWith)) {
                    files.put(relative, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }
}
