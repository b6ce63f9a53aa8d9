package studio.loc.diffusion.train;

import java.util.Random;

/** Per-step random generators derived from a run seed: resumable because step k always gets the same stream. */
public final class StepSeeds {

    private StepSeeds() {
    }

    public static Random forStep(long runSeed, long step, int stream) {
        long z = runSeed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }
}
