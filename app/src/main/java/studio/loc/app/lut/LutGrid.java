package studio.loc.app.lut;

import java.util.Arrays;
import studio.loc.diffusion.colour.Lut3d;

/**
 * A 3D colour table as interchange files hold it: {@code size}^3 output colours on a regular grid over the unit
 * cube, red index fastest (the order of .cube files and HaldCLUT images). Any size from 2 to 256, so a 65-node
 * table from a grading tool is read as it is before it becomes a {@link Lut3d}.
 */
public record LutGrid(int size, float[] rgb) {

    /** Largest grid read from a file (a HaldCLUT of level 16 is 256 nodes per side). */
    public static final int MAX_SIZE = 256;

    public LutGrid {
        if (size < 2 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a colour table has 2 to " + MAX_SIZE + " nodes per side, got " + size);
        }
        if (rgb.length != 3 * size * size * size) {
            throw new IllegalArgumentException("a " + size + "^3 table has " + 3 * size * size * size
                    + " values, got " + rgb.length);
        }
        for (float v : rgb) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("a colour table value is " + v);
            }
        }
    }

    /** The identity grid. */
    public static LutGrid identity(int size) {
        float[] rgb = new float[3 * size * size * size];
        for (int b = 0; b < size; b++) {
            for (int g = 0; g < size; g++) {
                for (int r = 0; r < size; r++) {
                    int n = 3 * ((b * size + g) * size + r);
                    rgb[n] = r / (float) (size - 1);
                    rgb[n + 1] = g / (float) (size - 1);
                    rgb[n + 2] = b / (float) (size - 1);
                }
            }
        }
        return new LutGrid(size, rgb);
    }

    /** {@code table} sampled at {@code size} nodes per side (trilinearly between its own nodes). */
    public static LutGrid sampled(Lut3d table, int size) {
        if (size == table.size()) {
            float[] nodes = table.nodes(); // (r * size + g) * size + b
            float[] rgb = new float[nodes.length];
            for (int b = 0; b < size; b++) {
                for (int g = 0; g < size; g++) {
                    for (int r = 0; r < size; r++) {
                        System.arraycopy(nodes, 3 * ((r * size + g) * size + b), rgb, 3 * ((b * size + g) * size + r),
                                3);
                    }
                }
            }
            return new LutGrid(size, rgb);
        }
        LutGrid identity = identity(size);
        return new LutGrid(size, TableSampler.map(table, identity.rgb()));
    }

    /**
     * The table as LoC Studio holds it: at most {@link Lut3d#MAX_SIZE} (65) nodes per side, so a finer grid (a
     * HaldCLUT of level 9 and up) is resampled trilinearly onto 65 nodes.
     */
    public Lut3d toLut3d() {
        int target = Math.min(size, Lut3d.MAX_SIZE);
        float[] nodes = new float[3 * target * target * target];
        float[] colour = new float[3];
        for (int r = 0; r < target; r++) {
            for (int g = 0; g < target; g++) {
                for (int b = 0; b < target; b++) {
                    at(r / (float) (target - 1), g / (float) (target - 1), b / (float) (target - 1), colour);
                    System.arraycopy(colour, 0, nodes, 3 * ((r * target + g) * target + b), 3);
                }
            }
        }
        return Lut3d.of(target, nodes);
    }

    /** The table's colour for input (r, g, b) in [0, 1], trilinearly, into {@code out}. */
    void at(float r, float g, float b, float[] out) {
        float pr = clamp(r) * (size - 1);
        float pg = clamp(g) * (size - 1);
        float pb = clamp(b) * (size - 1);
        int ir = Math.min((int) pr, size - 2);
        int ig = Math.min((int) pg, size - 2);
        int ib = Math.min((int) pb, size - 2);
        float fr = pr - ir;
        float fg = pg - ig;
        float fb = pb - ib;
        Arrays.fill(out, 0);
        for (int corner = 0; corner < 8; corner++) {
            int dr = corner & 1;
            int dg = (corner >> 1) & 1;
            int db = corner >> 2;
            float w = (dr == 1 ? fr : 1 - fr) * (dg == 1 ? fg : 1 - fg) * (db == 1 ? fb : 1 - fb);
            int n = 3 * (((ib + db) * size + ig + dg) * size + ir + dr);
            out[0] += w * rgb[n];
            out[1] += w * rgb[n + 1];
            out[2] += w * rgb[n + 2];
        }
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
