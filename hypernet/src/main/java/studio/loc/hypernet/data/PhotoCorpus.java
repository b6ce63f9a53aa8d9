package studio.loc.hypernet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.ImageFormatException;
import studio.loc.diffusion.image.ImageLimits;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.PictureReader;

/**
 * The photos of one folder, decoded once and kept in memory as downscaled 8-bit RGB copies (shorter side
 * {@code cacheShortSide}), so that training can draw random crops at every step without decoding JPEGs.
 * 107 photos at 320 px take about 45 MB. Files that cannot be read are skipped and listed in {@link #skipped()}.
 * Only the folder itself is listed (no subfolders); files other than images (credits.csv, README) are ignored.
 */
public final class PhotoCorpus implements AutoCloseable {

    public static final int DEFAULT_CACHE_SHORT_SIDE = 320;
    /** Random crops cover between this fraction and all of a photo's shorter side. */
    public static final double DEFAULT_MIN_CROP_FRACTION = 0.5;

    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "tif", "tiff", "webp", "bmp");

    private final List<Path> files;
    private final List<Mat> photos;
    private final List<String> skipped;
    private final double minCropFraction;

    private PhotoCorpus(List<Path> files, List<Mat> photos, List<String> skipped, double minCropFraction) {
        this.files = List.copyOf(files);
        this.photos = photos;
        this.skipped = List.copyOf(skipped);
        this.minCropFraction = minCropFraction;
    }

    public static PhotoCorpus load(Path folder) throws IOException {
        return load(folder, DEFAULT_CACHE_SHORT_SIDE, DEFAULT_MIN_CROP_FRACTION);
    }

    /**
     * Decodes every image in {@code folder} (sorted by name, so the order is the same on every machine).
     *
     * @throws IOException if the folder cannot be listed or holds no readable image
     */
    public static PhotoCorpus load(Path folder, int cacheShortSide, double minCropFraction) throws IOException {
        if (cacheShortSide < 16) {
            throw new IllegalArgumentException("cacheShortSide must be at least 16, got " + cacheShortSide);
        }
        if (!(minCropFraction > 0 && minCropFraction <= 1)) {
            throw new IllegalArgumentException("minCropFraction must be in (0, 1], got " + minCropFraction);
        }
        if (!Files.isDirectory(folder)) {
            throw new IOException("Photo folder " + folder + " does not exist or is not a folder");
        }
        OpenCv.ensureLoaded();
        List<Path> candidates;
        try (Stream<Path> listing = Files.list(folder)) {
            candidates = listing.filter(Files::isRegularFile).filter(PhotoCorpus::isImageName).sorted().toList();
        }
        List<Path> loaded = new ArrayList<>();
        List<Mat> photos = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : candidates) {
            try {
                photos.add(readDownscaled(file, cacheShortSide));
                loaded.add(file);
            } catch (ImageFormatException e) {
                skipped.add(e.getMessage());
            }
        }
        if (photos.isEmpty()) {
            throw new IOException("No readable photos (" + String.join(", ", IMAGE_EXTENSIONS) + ") in " + folder
                    + (skipped.isEmpty() ? "" : "; skipped: " + skipped));
        }
        return new PhotoCorpus(loaded, photos, skipped, minCropFraction);
    }

    static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** RGB 8-bit, shorter side at most {@code shortSide} (never enlarged). */
    private static Mat readDownscaled(Path file, int shortSide) throws ImageFormatException {
        try (Picture picture = PictureReader.read(file, ImageLimits.DEFAULT); MatScope scope = new MatScope()) {
            Mat rgb = picture.rgb();
            double scale = Math.min(1, (double) shortSide / Math.min(rgb.rows(), rgb.cols()));
            Mat small = scope.newMat();
            if (scale < 1) {
                Imgproc.resize(rgb, small, new Size(Math.max(1, Math.round(rgb.cols() * scale)),
                        Math.max(1, Math.round(rgb.rows() * scale))), 0, 0, Imgproc.INTER_AREA);
            } else {
                rgb.copyTo(small);
            }
            Mat bytes = scope.newMat();
            small.convertTo(bytes, CvType.CV_8UC3, 255);
            return scope.keep(bytes);
        }
    }

    public int size() {
        return photos.size();
    }

    /** The files that were loaded, in index order. */
    public List<Path> files() {
        return files;
    }

    /** One message per file that could not be read, naming the file and the reason. */
    public List<String> skipped() {
        return skipped;
    }

    /** Width and height of the cached copy of photo {@code index}. */
    public int width(int index) {
        return photos.get(index).cols();
    }

    public int height(int index) {
        return photos.get(index).rows();
    }

    /** A random crop + flip of a random photo, {@code size} x {@code size}, as a new CV_32FC3 Mat in [0, 1]. */
    public Mat randomCrop(Random rng, int size) {
        return randomCrop(rng.nextInt(photos.size()), rng, size);
    }

    /** A random crop + flip of photo {@code index}. */
    public Mat randomCrop(int index, Random rng, int size) {
        return crop(index, randomAugmentation(index, rng), size);
    }

    /** A crop window for photo {@code index}, drawn with this corpus's minimum crop fraction. */
    public CropAugmentation randomAugmentation(int index, Random rng) {
        Mat photo = photos.get(index);
        return CropAugmentation.random(rng, photo.cols(), photo.rows(), minCropFraction);
    }

    /** Applies a given crop window to photo {@code index}. */
    public Mat crop(int index, CropAugmentation augmentation, int size) {
        return augmentation.apply(photos.get(index), size);
    }

    @Override
    public void close() {
        photos.forEach(Mat::release);
    }
}
