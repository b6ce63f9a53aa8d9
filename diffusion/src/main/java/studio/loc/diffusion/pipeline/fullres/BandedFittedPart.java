package studio.loc.diffusion.pipeline.fullres;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.opencv.core.Mat;
import org.opencv.core.Range;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;
import studio.loc.diffusion.image.PackedPixels;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;

/**
 * A change's fitted part on a photo held as integers ({@link studio.loc.diffusion.image.Picture#packed}), in bands
 * of rows that the machine's cores work on at once: memory beyond the input and the output is a few bands, so a
 * 400-MP photo costs its pixels twice as integers instead of many times as floats, and progress is reported band by
 * band. A colour table alone runs on the integers directly ({@code Lut3d.applyPacked}); a table with a gain map
 * runs on float copies of one band at a time. Either way the output is, to the last bit, what the whole-frame float
 * path gives after the writers' rounding (for fitted parts that {@link FittedBlend#appliesInBands()}).
 */
public final class BandedFittedPart {

    /** Most pixels in one band: 2 MP is 24 MB as floats, and a 24-MP photo still splits into a dozen bands. */
    public static final int MAX_BAND_PIXELS = 1 << 21;

    private BandedFittedPart() {
    }

    /** Rows per band for a picture this wide (at least one). */
    public static int bandRows(int width) {
        return Math.max(1, MAX_BAND_PIXELS / Math.max(1, width));
    }

    /**
     * The fitted part applied to {@code bgr} (the caller's, {@code CV_8UC3}/{@code CV_16UC3}); returns a new Mat of
     * the same type and size.
     *
     * @param progress told after every band (done bands of all bands, with {@code message})
     * @throws CancelledException when {@code cancel} fires (checked before every band); nothing is returned
     */
    public static Mat apply(FittedBlend fitted, Mat bgr, int bitDepth, ProgressListener progress, String message,
                            CancellationToken cancel) throws CancelledException {
        return apply(fitted, bgr, bitDepth, progress, message, cancel, bandRows(bgr.cols()));
    }

    /** As the public apply, with {@code rows} rows per band (tests use small bands on small pictures). */
    static Mat apply(FittedBlend fitted, Mat bgr, int bitDepth, ProgressListener progress, String message,
                     CancellationToken cancel, int rows) throws CancelledException {
        if (!fitted.appliesInBands()) {
            throw new IllegalArgumentException("this fitted part has a filter; apply it to the whole frame");
        }
        OpenCv.ensureLoaded();
        int height = bgr.rows();
        int bands = (height + rows - 1) / rows;
        Mat input = bgr.isContinuous() ? bgr : bgr.clone();
        Mat output = new Mat(bgr.rows(), bgr.cols(), bgr.type());
        AtomicInteger done = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        boolean handedOut = false;
        try {
            progress.onProgress(0, bands, message);
            // The common pool plus this thread: as many workers as cores, shared with the rest of the process.
            IntStream.range(0, bands).parallel().forEach(band -> {
                if (cancel.isCancelled() || failure.get() != null) {
                    return;
                }
                int top = band * rows;
                int bottom = Math.min(height, top + rows);
                try {
                    applyBand(fitted, input, output, bitDepth, top, bottom);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    return;
                }
                int finished = done.incrementAndGet();
                synchronized (progress) {
                    progress.onProgress(finished, bands, message);
                }
            });
            if (failure.get() != null) {
                throw failure.get();
            }
            cancel.throwIfCancelled();
            handedOut = true;
            return output;
        } finally {
            if (!handedOut) {
                output.release();
            }
            if (input != bgr) {
                input.release();
            }
        }
    }

    private static void applyBand(FittedBlend fitted, Mat input, Mat out, int bitDepth, int top, int bottom) {
        if (fitted.isTableAlone()) {
            fitted.table().applyPacked(input, out, top, bottom);
            return;
        }
        try (MatScope scope = new MatScope()) {
            Mat rows = scope.add(input.rowRange(new Range(top, bottom)));
            Mat floats = scope.add(PackedPixels.toFloatRgb(rows, bitDepth));
            Mat edited = scope.addUnlessSame(fitted.apply(floats, top, input.rows()), floats);
            Mat target = scope.add(out.rowRange(new Range(top, bottom)));
            PackedPixels.toPackedBgr(edited, bitDepth, target);
        }
    }
}
