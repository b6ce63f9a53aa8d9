package studio.loc.diffusion.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.metadata.ColourManagedFiles;
import studio.loc.diffusion.image.metadata.OutputMetadata;

/**
 * Saves a {@link Picture}. The file is encoded in memory, written to a hidden temporary file in the target's folder
 * and renamed over the target in one step, so a crash, a full disk or a failed encode never leaves a half-written
 * picture — the old file, if any, stays intact until the new one is complete.
 */
public final class PictureWriter {

    /**
     * The JPEG (and WebP) quality the product writes unless told otherwise: exports and batch outputs are for
     * delivery, so they stay visually lossless.
     */
    public static final int DEFAULT_JPEG_QUALITY = 95;

    private PictureWriter() {
    }

    /**
     * Writes {@code picture} as {@code format}. 16-bit pictures stay 16-bit in PNG and TIFF; alpha is kept where the
     * format has it. {@code jpegQuality} (1–100) is the quality of lossy formats: JPEG and WebP.
     */
    public static void write(Picture picture, Path file, ImageFormat format, int jpegQuality) throws IOException {
        write(picture, file, format, jpegQuality, OutputMetadata.KEEP);
    }

    /** {@link #write(Picture, Path, ImageFormat, int)} with the metadata {@code output} asks for. */
    public static void write(Picture picture, Path file, ImageFormat format, int jpegQuality, OutputMetadata output)
            throws IOException {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("jpegQuality must be 1..100, got " + jpegQuality);
        }
        byte[] encoded = encode(picture, format, jpegQuality, PictureReader.displayName(file), output);
        writeAtomically(file, encoded);
    }

    /**
     * The bytes {@link #write} puts in a file, for callers that store them elsewhere (a distributed file system);
     * {@code name} is used in error messages.
     */
    public static byte[] encode(Picture picture, ImageFormat format, int quality, String name) throws IOException {
        return encode(picture, format, quality, name, OutputMetadata.KEEP);
    }

    /**
     * The bytes of {@code picture} in {@code format} with the metadata {@code output} asks for: the photo's own
     * (EXIF, XMP, IPTC) and its colour profile, the pixels converted back into that profile, or none (sRGB).
     */
    public static byte[] encode(Picture picture, ImageFormat format, int quality, String name, OutputMetadata output)
            throws IOException {
        Picture inProfile = ColourManagedFiles.beforeEncoding(picture, output);
        try {
            return ColourManagedFiles.afterEncoding(encodePixels(inProfile, format, quality, name), picture, format,
                    output);
        } finally {
            if (inProfile != picture) {
                inProfile.close();
            }
        }
    }

    private static byte[] encodePixels(Picture picture, ImageFormat format, int quality, String name)
            throws IOException {
        OpenCv.ensureLoaded();
        boolean sixteenBit = picture.bitDepth() == 16 && format.supports16Bit();
        int depth = sixteenBit ? CvType.CV_16U : CvType.CV_8U;
        double scale = sixteenBit ? 65535 : 255;
        try (MatScope scope = new MatScope()) {
            Mat packed = picture.packedBgr();
            Mat toEncode;
            if (packed != null && sixteenBit == (picture.bitDepth() == 16)) {
                toEncode = packed; // the integers are already what the file holds
            } else {
                Mat rgb = scope.newMat();
                picture.rgb().convertTo(rgb, depth, scale); // rounds and saturates to the integer range
                Mat bgr = scope.newMat();
                Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
                toEncode = bgr;
            }
            Mat bgr = toEncode;
            if (picture.hasAlpha() && format.supportsAlpha()) {
                Mat alpha = scope.newMat();
                picture.alpha().convertTo(alpha, depth, scale);
                List<Mat> channels = new ArrayList<>();
                Core.split(bgr, channels);
                scope.addAll(channels);
                channels.add(alpha);
                toEncode = scope.newMat();
                Core.merge(channels, toEncode);
            }
            MatOfInt params = scope.add(new MatOfInt(switch (format) {
                case JPEG -> new int[] {Imgcodecs.IMWRITE_JPEG_QUALITY, quality};
                case WEBP -> new int[] {Imgcodecs.IMWRITE_WEBP_QUALITY, quality};
                default -> new int[0];
            }));
            MatOfByte bytes = scope.add(new MatOfByte());
            boolean ok;
            try {
                ok = Imgcodecs.imencode("." + format.extension(), toEncode, bytes, params);
            } catch (RuntimeException e) {
                throw new IOException("Could not encode " + name + " as " + format + ": " + e.getMessage(), e);
            }
            if (!ok || bytes.empty()) {
                throw new IOException("Could not encode " + name + " as " + format);
            }
            return bytes.toArray();
        }
    }

    /** Temp file in the same folder + atomic rename; the temp file is removed on any failure. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("Cannot save " + target.getFileName() + ": the folder " + folder + " does not exist");
        }
        Path temp = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the folder refused the write in the first place; nothing was left behind
            }
            throw explain(target, folder, e);
        }
    }

    /** Turns the file system's terse error into one a person can act on (package-private for tests). */
    static IOException explain(Path target, Path folder, IOException e) {
        String name = String.valueOf(target.getFileName());
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        String why;
        if (e instanceof AccessDeniedException || message.contains("read-only") || message.contains("permission denied")) {
            why = "the folder " + folder + " is read-only or you do not have permission to write there";
        } else if (message.contains("no space") || message.contains("disk full") || message.contains("not enough space")) {
            why = "the disk holding " + folder + " is full";
        } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
            why = fse.getReason();
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new IOException("Cannot save " + name + ": " + why, e);
    }
}
