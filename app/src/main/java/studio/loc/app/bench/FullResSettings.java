package studio.loc.app.bench;

import java.util.List;

/**
 * What {@code bench fullres} measures.
 *
 * @param megapixels photo sizes (4:3)
 * @param warmup untimed runs first, per photo and change
 * @param repeats timed runs, per photo and change and tool (medians are reported; at least 5 is the bar)
 * @param withModel whether the change the model carries is timed too (the slow part of the run)
 * @param ffmpeg the FFmpeg executable to compare with (a name on the PATH or a path)
 * @param imageMagick the ImageMagick executable, or null for {@code magick} or else {@code convert}
 */
public record FullResSettings(List<Double> megapixels, int warmup, int repeats, boolean withModel, String ffmpeg,
                              String imageMagick) {

    public static final List<Double> DEFAULT_MEGAPIXELS = List.of(6.0, 24.0, 45.0);
    public static final int DEFAULT_REPEATS = 5;
    public static final int DEFAULT_WARMUP = 1;

    public FullResSettings {
        megapixels = List.copyOf(megapixels);
        java.util.Objects.requireNonNull(ffmpeg, "ffmpeg");
        if (megapixels.isEmpty()) {
            throw new IllegalArgumentException("give at least one photo size");
        }
        for (double mp : megapixels) {
            if (!(mp > 0 && mp <= 400)) {
                throw new IllegalArgumentException("photo sizes must be in (0, 400] megapixels, got " + mp);
            }
        }
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("need --warmup ≥ 0 and --repeats ≥ 1");
        }
    }
}
