package studio.loc.app.lut;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/** Colours through a {@link Lut3d} exactly as the edit pipeline maps a photo's pixels (its own {@code apply}). */
final class TableSampler {

    private TableSampler() {
    }

    /** {@code colours} (r, g, b triples) mapped by {@code table}; a new array. */
    static float[] map(Lut3d table, float[] colours) {
        OpenCv.ensureLoaded();
        try (MatScope scope = new MatScope()) {
            Mat in = scope.add(new Mat(colours.length / 3, 1, CvType.CV_32FC3));
            in.put(0, 0, colours);
            Mat out = scope.add(table.apply(in));
            float[] mapped = new float[colours.length];
            out.get(0, 0, mapped);
            return mapped;
        }
    }
}
