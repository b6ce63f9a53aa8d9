package studio.loc.app.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What {@code bench fullres} measured. */
public record FullResResults(String model, String tableChange, String modelChange, List<Photo> photos,
                             String ffmpeg, String imageMagick) {

    /**
     * One photo file through {@code apply}'s steps, and through FFmpeg and ImageMagick with the same look.
     *
     * @param format "JPEG" or "TIFF 16-bit"
     * @param table the change that its colour table carries wholly
     * @param model the change that needs the model (empty when not timed)
     * @param peakResident the process's peak resident memory over this photo's runs
     */
    public record Photo(double megapixels, int width, int height, String format, long fileBytes, Stages table,
                        Optional<Stages> model, Optional<Timing> ffmpeg, Optional<Timing> imageMagick,
                        OptionalLong peakResident, boolean peakReset) {
    }

    /** Medians per stage of apply (each its own median, so they need not add up to the total's). */
    public record Stages(Timing read, Timing preparation, Timing fitted, Timing model, Timing transfer,
                         Timing write, Timing total) {
    }
}
