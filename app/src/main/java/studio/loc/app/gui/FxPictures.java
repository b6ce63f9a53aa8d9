package studio.loc.app.gui;

import java.io.ByteArrayInputStream;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.image.Pictures;

/**
 * Shows a {@link Picture} on screen: 8-bit sRGB pixels copied into a JavaFX image (the picture is already
 * sRGB-encoded RGB, so this is a plain quantisation). Safe to call on a worker thread.
 */
public final class FxPictures {

    private FxPictures() {
    }

    /** The picture at full resolution. */
    public static Image toImage(Picture picture) {
        return toImage(picture.rgb());
    }

    /** A copy whose longer side is at most {@code maxSide} pixels (never enlarged). */
    public static Image thumbnail(Picture picture, int maxSide) {
        if (Math.max(picture.width(), picture.height()) <= maxSide) {
            return toImage(picture.rgb());
        }
        try (Picture small = Pictures.fitWithin(picture, maxSide)) {
            return toImage(small.rgb());
        }
    }

    /** Decodes the PNG thumbnails stored in change files; null when there are none. */
    public static Image fromPng(byte[] png) {
        if (png == null || png.length == 0) {
            return null;
        }
        Image image = new Image(new ByteArrayInputStream(png));
        return image.isError() ? null : image;
    }

    private static Image toImage(Mat rgbFloat) {
        int width = rgbFloat.cols();
        int height = rgbFloat.rows();
        Mat bytes = new Mat();
        try {
            rgbFloat.convertTo(bytes, CvType.CV_8UC3, 255.0);
            byte[] buffer = new byte[width * height * 3];
            bytes.get(0, 0, buffer);
            WritableImage image = new WritableImage(width, height);
            image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getByteRgbInstance(), buffer, 0, width * 3);
            return image;
        } finally {
            bytes.release();
        }
    }
}
