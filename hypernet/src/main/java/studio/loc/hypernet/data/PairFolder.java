package studio.loc.hypernet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
 * Finds a user's own before/after pairs in a folder. Two layouts are understood, and may be mixed:
 *
 * <pre>
 * my-edits/                          my-edits/
 *   before/                            beach_before.jpg
 *     beach.jpg                        beach_after.png
 *     city.png                         city-before.tif
 *   after/                             city-after.tif
 *     beach.png
 *     city.png
 * </pre>
 *
 * <ul>
 *   <li><b>Two subfolders</b> named {@code before} and {@code after} (any letter case): files are matched by base
 *       name, whatever their extensions ({@code before/beach.jpg} with {@code after/beach.png}).</li>
 *   <li><b>Suffixes</b> in the folder itself: {@code NAME_before.EXT} with {@code NAME_after.EXT} ({@code -before}
 *       / {@code -after} too, any letter case, any extensions).</li>
 * </ul>
 * Images are PNG, JPEG, TIFF, WebP or BMP. Every candidate is decoded once to check it. What cannot be used is
 * skipped and reported as a {@link Problem} with a reason a person can act on: an image without its partner, two
 * files claiming the same name, a file that cannot be read, a before and an after of different sizes, and an
 * image in the folder that follows neither layout. Files that are not images (notes, credits) are ignored.
 */
public final class PairFolder {

    /** A matched pair; {@code name} is the shared base name. */
    public record ImagePair(String name, Path before, Path after) {
    }

    /** A file (or pair) that was skipped, and why. */
    public record Problem(Path file, String reason) {
        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }

    /** The outcome of {@link #scan}: usable pairs sorted by name, and everything skipped. */
    public record Scan(Path folder, List<ImagePair> pairs, List<Problem> problems) {
        public Scan {
            pairs = List.copyOf(pairs);
            problems = List.copyOf(problems);
        }
    }

    /** The decoded images of a pair, RGB {@code CV_32FC3} in [0, 1], same size. Close to free them. */
    public record PairImages(Mat before, Mat after) implements AutoCloseable {
        @Override
        public void close() {
            before.release();
            after.release();
        }
    }

    private enum Side { BEFORE, AFTER }

    private PairFolder() {
    }

    /**
     * Lists and checks the pairs in {@code folder}.
     *
     * @throws IOException if the folder does not exist or cannot be listed
     */
    public static Scan scan(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("Pair folder " + folder + " does not exist or is not a folder");
        }
        OpenCv.ensureLoaded();
        List<Problem> problems = new ArrayList<>();
        Map<String, Path> befores = new TreeMap<>();
        Map<String, Path> afters = new TreeMap<>();
        Path beforeDir = null;
        Path afterDir = null;
        for (Path entry : list(folder)) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry)) {
                if (name.equalsIgnoreCase("before")) {
                    beforeDir = entry;
                } else if (name.equalsIgnoreCase("after")) {
                    afterDir = entry;
                }
            } else if (PhotoCorpus.isImageName(entry)) {
                Side side = sideBySuffix(baseName(entry));
                if (side == null) {
                    problems.add(new Problem(entry, "not part of a pair: name it NAME_before." + extension(entry)
                            + " / NAME_after." + extension(entry) + ", or put it in before/ and after/ folders"));
                } else {
                    String base = baseName(entry);
                    String pairName = base.substring(0, base.length() - (side == Side.BEFORE ? 7 : 6));
                    add(side == Side.BEFORE ? befores : afters, pairName, entry, problems);
                }
            }
        }
        if ((beforeDir == null) != (afterDir == null)) {
            Path present = beforeDir != null ? beforeDir : afterDir;
            problems.add(new Problem(present, "there is a '" + present.getFileName() + "' folder but no '"
                    + (beforeDir != null ? "after" : "before") + "' folder next to it"));
        }
        if (beforeDir != null && afterDir != null) {
            collectFolder(beforeDir, befores, problems);
            collectFolder(afterDir, afters, problems);
        }
        List<ImagePair> pairs = new ArrayList<>();
        for (Map.Entry<String, Path> before : befores.entrySet()) {
            Path after = afters.get(before.getKey());
            if (after == null) {
                problems.add(new Problem(before.getValue(), "no matching 'after' image for '" + before.getKey() + "'"));
            } else {
                checkPair(new ImagePair(before.getKey(), before.getValue(), after), pairs, problems);
            }
        }
        for (Map.Entry<String, Path> after : afters.entrySet()) {
            if (!befores.containsKey(after.getKey())) {
                problems.add(new Problem(after.getValue(), "no matching 'before' image for '" + after.getKey() + "'"));
            }
        }
        problems.sort(Comparator.comparing(p -> p.file().toString()));
        return new Scan(folder, pairs, problems);
    }

    /**
     * Decodes a pair, scaling both images alike so the shorter side is at most {@code maxShortSide} (never
     * enlarging), for training.
     */
    public static PairImages read(ImagePair pair, int maxShortSide) throws ImageFormatException {
        try (MatScope scope = new MatScope()) {
            Mat before = scope.add(readScaled(pair.before(), maxShortSide));
            Mat after = scope.add(readScaled(pair.after(), maxShortSide));
            if (!before.size().equals(after.size())) {
                throw new ImageFormatException("before " + pair.before().getFileName() + " and after "
                        + pair.after().getFileName() + " differ in size");
            }
            PairImages images = new PairImages(before, after);
            scope.keep(before);
            scope.keep(after);
            return images;
        }
    }

    private static Mat readScaled(Path file, int maxShortSide) throws ImageFormatException {
        try (Picture picture = PictureReader.read(file, ImageLimits.DEFAULT)) {
            Mat rgb = picture.rgb();
            double scale = Math.min(1, (double) maxShortSide / Math.min(rgb.rows(), rgb.cols()));
            Mat out = new Mat();
            if (scale < 1) {
                Imgproc.resize(rgb, out, new Size(Math.max(1, Math.round(rgb.cols() * scale)),
                        Math.max(1, Math.round(rgb.rows() * scale))), 0, 0, Imgproc.INTER_AREA);
            } else {
                rgb.convertTo(out, CvType.CV_32FC3);
            }
            return out;
        }
    }

    private static void checkPair(ImagePair pair, List<ImagePair> pairs, List<Problem> problems) {
        int[] beforeSize = decodedSize(pair.before(), problems);
        int[] afterSize = decodedSize(pair.after(), problems);
        if (beforeSize == null || afterSize == null) {
            return;
        }
        if (beforeSize[0] != afterSize[0] || beforeSize[1] != afterSize[1]) {
            problems.add(new Problem(pair.after(), "size " + afterSize[0] + "x" + afterSize[1]
                    + " does not match its before image " + pair.before().getFileName() + " (" + beforeSize[0] + "x"
                    + beforeSize[1] + "); a before and its after must show the same pixels"));
            return;
        }
        pairs.add(pair);
    }

    /** Width and height after a full decode (which is what finds truncated files), or null with a problem. */
    private static int[] decodedSize(Path file, List<Problem> problems) {
        try (Picture picture = PictureReader.read(file, ImageLimits.DEFAULT)) {
            return new int[] {picture.width(), picture.height()};
        } catch (ImageFormatException e) {
            problems.add(new Problem(file, "cannot be read: " + e.getMessage()));
            return null;
        }
    }

    private static void collectFolder(Path dir, Map<String, Path> byName, List<Problem> problems) throws IOException {
        for (Path entry : list(dir)) {
            if (Files.isRegularFile(entry) && PhotoCorpus.isImageName(entry)) {
                add(byName, baseName(entry), entry, problems);
            }
        }
    }

    private static void add(Map<String, Path> byName, String name, Path file, List<Problem> problems) {
        Path earlier = byName.putIfAbsent(name, file);
        if (earlier != null) {
            problems.add(new Problem(file, "same name as " + earlier.getFileName() + "; rename one of them (this one"
                    + " is skipped)"));
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static Side sideBySuffix(String baseName) {
        String lower = baseName.toLowerCase(Locale.ROOT);
        if (lower.length() > 7 && (lower.endsWith("_before") || lower.endsWith("-before"))) {
            return Side.BEFORE;
        }
        if (lower.length() > 6 && (lower.endsWith("_after") || lower.endsWith("-after"))) {
            return Side.AFTER;
        }
        return null;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
