package studio.loc.diffusion.image;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.metadata.ColourManagedFiles;

/**
 * Reads PNG, JPEG, TIFF, WebP and BMP files into a {@link Picture}. The format comes from the file's magic bytes
 * (not its name) and the size from its header, which is checked against {@link ImageLimits} before anything is
 * decoded. Pixels keep their bit depth and alpha, EXIF orientation is applied, and a photo with an embedded
 * colour profile is converted into sRGB and keeps its metadata ({@link ColourManagedFiles}).
 */
public final class PictureReader {

    private static final String SUPPORTED = "PNG, JPEG, TIFF, WebP, BMP";
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private PictureReader() {
    }

    /** Format and upright size (width and height as the picture will be shown, after EXIF orientation). */
    public static ImageHeader probe(Path file) throws ImageFormatException {
        String name = displayName(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return upright(parseHeader(ByteSource.of(channel), name)).header();
        } catch (IOException e) {
            throw cannotOpen(name, e);
        }
    }

    /** Probes an image held in memory; {@code name} is used in error messages. */
    static ImageHeader probe(byte[] bytes, String name) throws ImageFormatException {
        try {
            return upright(parseHeader(ByteSource.of(bytes), name)).header();
        } catch (IOException e) {
            throw cannotOpen(name, e);
        }
    }

    public static Picture read(Path file, ImageLimits limits) throws ImageFormatException {
        String name = displayName(file);
        ImageHeaderParser.Info info;
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            info = parseHeader(ByteSource.of(channel), name);
            checkLimit(info, limits, name);
            bytes = readAll(channel, name);
        } catch (IOException e) {
            throw cannotOpen(name, e);
        }
        return decode(bytes, info, limits, name);
    }

    /**
     * Decodes an image held in memory exactly as {@link #read(Path, ImageLimits)} decodes the same bytes from a
     * file (for bytes that come from elsewhere, e.g. a distributed file system); {@code name} is used in error
     * messages.
     */
    public static Picture read(byte[] bytes, String name, ImageLimits limits) throws ImageFormatException {
        ImageHeaderParser.Info info;
        try {
            info = parseHeader(ByteSource.of(bytes), name);
        } catch (IOException e) {
            throw cannotOpen(name, e);
        }
        checkLimit(info, limits, name);
        return decode(bytes.clone(), info, limits, name);
    }

    /** {@code bytes} may be modified (TIFF orientation neutralised). */
    private static Picture decode(byte[] bytes, ImageHeaderParser.Info info, ImageLimits limits, String name)
            throws ImageFormatException {
        if (info.format() == ImageFormat.JPEG && !ImageHeaderParser.jpegReachesEnd(bytes)) {
            throw new ImageFormatException(name + " is an incomplete JPEG file (it ends before the picture does;"
                    + " was the download or copy interrupted?)");
        }
        if (info.tiffOrientationField() != null && info.tiffOrientationField().position() + 4 <= bytes.length) {
            info.tiffOrientationField().set(bytes, 1); // libtiff would apply flips itself; we apply all orientations below
        }
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat decoded = scope.add(imdecode(bytes, info.format(), name));
            if (decoded.empty()) {
                throw damaged(name, info.format(), null);
            }
            if ((long) decoded.cols() * decoded.rows() > limits.maxPixels()) { // the header lied about the size
                throw tooLarge(name, decoded.cols(), decoded.rows(), limits);
            }
            int depth = CvType.depth(decoded.type());
            Picture picture;
            if (decoded.channels() == 3 && (depth == CvType.CV_8U || depth == CvType.CV_16U)) {
                // Colour without alpha stays as the file's integers until something asks for floats (Picture):
                // a quarter of the memory, and what the banded full-resolution paths work on.
                Mat upright = scope.keep(Orientation.apply(decoded, info.orientation()));
                picture = Picture.packed(upright, depth == CvType.CV_8U ? 8 : 16);
            } else {
                picture = toPicture(decoded, info.orientation(), name);
            }
            // Metadata and colour profile: the pixels leave here in sRGB, carrying what the file said about itself
            // (a photo with a profile other than sRGB is converted, so it leaves as floats).
            return ColourManagedFiles.afterDecoding(picture, bytes, info.format());
        }
    }

    /** The decoded Mat (the caller's); the encoded copy of the bytes is released before the pixels are used. */
    private static Mat imdecode(byte[] bytes, ImageFormat format, String name) throws ImageFormatException {
        try (MatScope scope = new MatScope()) {
            return Imgcodecs.imdecode(scope.add(new MatOfByte(bytes)), Imgcodecs.IMREAD_UNCHANGED);
        } catch (RuntimeException e) { // OpenCV reports some decoder failures as CvException
            throw damaged(name, format, e);
        }
    }

    /** Turns OpenCV's BGR(A)/grey, 8/16-bit result into an upright RGB float picture with alpha aside. */
    private static Picture toPicture(Mat decoded, int orientation, String name) throws ImageFormatException {
        int depth = CvType.depth(decoded.type());
        double scale;
        int bitDepth;
        switch (depth) {
            case CvType.CV_8U -> {
                scale = 1.0 / 255;
                bitDepth = 8;
            }
            case CvType.CV_16U -> {
                scale = 1.0 / 65535;
                bitDepth = 16;
            }
            case CvType.CV_32F -> { // floating-point TIFF: already in [0, 1] by convention
                scale = 1.0;
                bitDepth = 16;
            }
            default -> throw new ImageFormatException(name + " uses a pixel format LoC Studio cannot read ("
                    + CvType.typeToString(decoded.type()) + "); save it as 8- or 16-bit RGB");
        }
        try (MatScope scope = new MatScope()) {
            List<Mat> channels = new ArrayList<>();
            Core.split(decoded, channels);
            scope.addAll(channels);
            Mat colour = scope.newMat();
            Mat alphaRaw = null;
            switch (channels.size()) {
                case 1 -> Imgproc.cvtColor(channels.get(0), colour, Imgproc.COLOR_GRAY2RGB);
                case 2 -> { // grey + alpha
                    Imgproc.cvtColor(channels.get(0), colour, Imgproc.COLOR_GRAY2RGB);
                    alphaRaw = channels.get(1);
                }
                case 3 -> Imgproc.cvtColor(decoded, colour, Imgproc.COLOR_BGR2RGB);
                case 4 -> {
                    Mat bgr = scope.newMat();
                    Core.merge(channels.subList(0, 3), bgr);
                    Imgproc.cvtColor(bgr, colour, Imgproc.COLOR_BGR2RGB);
                    alphaRaw = channels.get(3);
                }
                default -> throw new ImageFormatException(name + " has " + channels.size()
                        + " colour channels; LoC Studio reads grey, RGB and RGBA pictures");
            }
            Mat rgb = scope.newMat();
            colour.convertTo(rgb, CvType.CV_32F, scale);
            Mat alpha = null;
            if (alphaRaw != null) {
                alpha = scope.newMat();
                alphaRaw.convertTo(alpha, CvType.CV_32F, scale);
            }
            // Orientation.apply returns its input when there is nothing to turn; keep() below then keeps that one.
            Mat uprightRgb = scope.add(Orientation.apply(rgb, orientation));
            Mat uprightAlpha = alpha == null ? null : scope.add(Orientation.apply(alpha, orientation));
            Picture picture = new Picture(uprightRgb, uprightAlpha, bitDepth);
            scope.keep(uprightRgb);
            scope.keep(uprightAlpha);
            return picture;
        }
    }

    private static ImageHeaderParser.Info parseHeader(ByteSource source, String name) throws IOException, ImageFormatException {
        try {
            return ImageHeaderParser.parse(source);
        } catch (ImageHeaderParser.Unrecognised e) {
            throw new ImageFormatException(name + " is not an image LoC Studio can read (" + SUPPORTED + ")");
        } catch (ImageHeaderParser.Damaged e) {
            throw new ImageFormatException(name + " cannot be read: " + e.getMessage());
        }
    }

    private static ImageHeaderParser.Info upright(ImageHeaderParser.Info info) {
        return Orientation.swapsSides(info.orientation())
                ? new ImageHeaderParser.Info(info.format(), info.height(), info.width(), info.orientation())
                : info;
    }

    private static void checkLimit(ImageHeaderParser.Info info, ImageLimits limits, String name) throws ImageFormatException {
        if ((long) info.width() * info.height() > limits.maxPixels()) {
            throw tooLarge(name, info.width(), info.height(), limits);
        }
    }

    private static ImageFormatException tooLarge(String name, int width, int height, ImageLimits limits) {
        return new ImageFormatException(name + " is " + megapixels((long) width * height) + " megapixels (" + width + " × "
                + height + "); the limit is " + megapixels(limits.maxPixels()));
    }

    /** Megapixels to 3 significant digits without trailing zeros: 160, 24.2, 0.0001. */
    static String megapixels(long pixels) {
        return new BigDecimal(pixels).movePointLeft(6).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static byte[] readAll(FileChannel channel, String name) throws IOException, ImageFormatException {
        long size = channel.size();
        if (size > MAX_FILE_BYTES) {
            throw new ImageFormatException(name + " is a " + (size >> 20) + " MB file, larger than LoC Studio can decode");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        long at = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break; // the file shrank while being read: decode what is there and let the decoder judge
            }
            at += n;
        }
        return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static ImageFormatException damaged(String name, ImageFormat format, Throwable cause) {
        return new ImageFormatException(name + " looks like a " + format + " file but its pixels cannot be decoded"
                + " (the file is damaged or incomplete)", cause);
    }

    private static ImageFormatException cannotOpen(String name, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            why = "the file does not exist";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new ImageFormatException(name + " cannot be opened: " + why, e);
    }

    static String displayName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
