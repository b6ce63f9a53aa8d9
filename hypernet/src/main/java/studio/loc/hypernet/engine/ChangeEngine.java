package studio.loc.hypernet.engine;

import java.nio.file.Path;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.diffusion.progress.ProgressListener;

/**
 * The one door to the model for every caller (the GUI, the CLI, batch jobs, {@code eval}, the benchmarks): learn a
 * change from a pair, save/load change files, and apply a change to photos. Implementations own the loaded model and
 * its native memory; close when done. All methods may run for seconds and are called off any UI thread.
 */
public interface ChangeEngine extends AutoCloseable {

    /** The most refinement steps one learn may take (minutes on a CPU). */
    int MAX_REFINE_STEPS = 2000;

    /** The weakest strength a change is applied at: −1 applies the reverse change. */
    double MIN_STRENGTH = -1;

    /** The strongest strength a change is applied at: 2 exaggerates it twofold. */
    double MAX_STRENGTH = 2;

    /** The base model this engine runs (name and fingerprint, shown in the UI and written into change files). */
    ModelInfo model();

    /** Learns the change that turns {@code before} into {@code after} (one hypernetwork pass). */
    default LearnedChange learn(Picture before, Picture after, String name, ProgressListener progress,
                                CancellationToken cancel) throws EngineException, CancelledException {
        return learn(before, after, name, 0, progress, cancel);
    }

    /**
     * Learns the change that turns {@code before} into {@code after}, both at their full size: one hypernetwork
     * pass, then, when {@code refineSteps} is positive, that many optimisation steps on the pair starting from it
     * (seconds, not milliseconds: each step is a UNet forward and backward pass). While refining, progress is
     * reported once per refinement step and for nothing else.
     *
     * @throws IllegalArgumentException when {@code refineSteps} is negative or above {@link #MAX_REFINE_STEPS}
     */
    LearnedChange learn(Picture before, Picture after, String name, int refineSteps, ProgressListener progress,
                        CancellationToken cancel) throws EngineException, CancelledException;

    /**
     * A change that is a colour table alone, for a look from another tool (.cube, HaldCLUT): applying it maps
     * every pixel through {@code table} at full resolution, and the model does not run.
     *
     * @param reverse the table that undoes it (negative strengths)
     * @throws EngineException when this engine cannot hold such a change
     */
    default LearnedChange fromColourTable(Lut3d table, Lut3d reverse, String name, byte[] beforeThumbnailPng,
                                          byte[] afterThumbnailPng) throws EngineException {
        throw new EngineException("This engine cannot make a change from a colour table.");
    }

    /** Writes a change file ({@code *.loc.safetensors}) atomically. */
    void save(LearnedChange change, Path file) throws EngineException;

    /** Reads and validates a change file; refuses one made for another base model, naming both. */
    LearnedChange load(Path file) throws EngineException;

    /**
     * Prepares a change at a strength for many photos: the LoRA is merged into the UNet once here, not per image.
     * Only one prepared change is active per engine at a time; close it to restore the base weights.
     *
     * @throws IllegalArgumentException when {@code strength} is outside [{@link #MIN_STRENGTH},
     *                                  {@link #MAX_STRENGTH}]
     */
    PreparedChange prepare(LearnedChange change, double strength) throws EngineException;

    /** Checks a strength against the engine's bounds; the message names them. */
    static double checkStrength(double strength) {
        if (!(strength >= MIN_STRENGTH && strength <= MAX_STRENGTH)) {
            throw new IllegalArgumentException("strength must be between " + MIN_STRENGTH + " and " + MAX_STRENGTH
                    + ", got " + strength);
        }
        return strength;
    }

    @Override
    void close();
}
