package studio.loc.diffusion.image;

import java.util.Locale;
import java.util.Optional;

/** The picture formats LoC Studio reads and writes, and what each can store. */
public enum ImageFormat {
    PNG("png", true, true),
    JPEG("jpg", false, false),
    TIFF("tif", true, true),
    WEBP("webp", false, true),
    BMP("bmp", false, false);

    private final String extension;
    private final boolean supports16Bit;
    private final boolean supportsAlpha;

    ImageFormat(String extension, boolean supports16Bit, boolean supportsAlpha) {
        this.extension = extension;
        this.supports16Bit = supports16Bit;
        this.supportsAlpha = supportsAlpha;
    }

    /** The format a file name's extension suggests (for choosing an output format; reading trusts the bytes). */
    public static Optional<ImageFormat> fromFileName(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
            case "png" -> Optional.of(PNG);
            case "jpg", "jpeg", "jpe", "jfif" -> Optional.of(JPEG);
            case "tif", "tiff" -> Optional.of(TIFF);
            case "webp" -> Optional.of(WEBP);
            case "bmp", "dib" -> Optional.of(BMP);
            default -> Optional.empty();
        };
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    public boolean supports16Bit() {
        return supports16Bit;
    }

    public boolean supportsAlpha() {
        return supportsAlpha;
    }
}
