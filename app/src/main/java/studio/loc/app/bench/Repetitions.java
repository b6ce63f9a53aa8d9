package studio.loc.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.progress.CancelledException;

/**
 * Runs work a number of times after warm-up runs (the first calls pay for native allocation and kernel
 * selection) and times each run. Every run gets its own child manager, closed right after it, so a thousand runs
 * leave no native memory behind and one run's garbage is not freed inside the next run's clock.
 */
final class Repetitions {

    /** One measured unit of work; what it creates belongs to {@code scope}. */
    @FunctionalInterface
    interface Work {
        void run(NDManager scope) throws CancelledException;
    }

    private final int warmup;
    private final int repeats;
    private final CancellationToken cancel;

    Repetitions(int warmup, int repeats, CancellationToken cancel) {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("need warm-up ≥ 0 and at least one repeat");
        }
        this.warmup = warmup;
        this.repeats = repeats;
        this.cancel = cancel;
    }

    Timing time(NDManager parent, Work work) throws CancelledException {
        return interleaved(parent, List.of(work)).getFirst();
    }

    /**
     * Times several variants run by run (A, B, C, A, B, C, …) rather than one after another, so that load from
     * other processes hits them alike and their ratios stay meaningful on a busy machine.
     */
    List<Timing> interleaved(NDManager parent, List<Work> variants) throws CancelledException {
        long[][] nanos = new long[variants.size()][repeats];
        for (int run = -warmup; run < repeats; run++) {
            for (int v = 0; v < variants.size(); v++) {
                cancel.throwIfCancelled();
                try (NDManager scope = parent.newSubManager()) {
                    long start = System.nanoTime();
                    variants.get(v).run(scope);
                    long elapsed = System.nanoTime() - start;
                    if (run >= 0) {
                        nanos[v][run] = elapsed;
                    }
                }
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (long[] variant : nanos) {
            timings.add(Timing.ofNanos(variant));
        }
        return timings;
    }

    /**
     * A view of a long-lived input owned by a run's scope: the results of operations land in their first
     * operand's manager, and must be freed with the run, not pile up in the input's.
     */
    static NDArray inScope(NDArray array, NDManager scope) {
        NDArray view = array.reshape(array.getShape());
        view.attach(scope);
        return view;
    }
}
