package studio.loc.app.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.progress.CancellationToken;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.change.ChangeLearner;
import studio.loc.hypernet.engine.EngineException;
import studio.loc.hypernet.engine.LocChangeEngine;
import studio.loc.hypernet.engine.OpenedModel;
import studio.loc.hypernet.eval.Devset;
import studio.loc.hypernet.eval.EditPredictor;
import studio.loc.hypernet.eval.EvaluationException;
import studio.loc.hypernet.eval.EvaluationReport;
import studio.loc.hypernet.eval.Evaluator;
import studio.loc.hypernet.eval.IdentityPredictor;
import studio.loc.hypernet.perpair.PairLearner;
import studio.loc.hypernet.perpair.PairLossMeter;
import studio.loc.hypernet.perpair.PerPairLoraOptimizer;
import studio.loc.hypernet.perpair.PerPairSettings;
import studio.loc.hypernet.perpair.RefinedHypernetLearner;

/**
 * The hypernetwork against its peer baseline, per-pair LoRA optimisation with N steps, on one development set in
 * one run: every method learns each quad's change from (A, A'), the engine applies it to B as the app does, and
 * the evaluator scores B' as {@code eval} does. The identity is scored alongside as the floor.
 */
public final class PerPairComparison {

    private final List<Integer> stepCounts;
    private final PerPairSettings template;
    private final List<Integer> refineCounts;
    private final PerPairSettings refineTemplate;
    private final CancellationToken cancel;
    private final UnaryOperator<EditPredictor> watch;

    /**
     * @param stepCounts the N to run, each a separate method
     * @param template rate, samples per step and seed of the per-pair runs (its step count is replaced)
     * @param refineCounts the N of "hypernetwork, then N steps of per-pair optimisation from its change", each a
     *                     separate method (may be empty)
     * @param refineTemplate the same for the refinements
     * @param watch wraps every predictor before it runs (progress and Ctrl-C in the command line)
     */
    public PerPairComparison(List<Integer> stepCounts, PerPairSettings template, List<Integer> refineCounts,
                             PerPairSettings refineTemplate, CancellationToken cancel,
                             UnaryOperator<EditPredictor> watch) {
        this.stepCounts = List.copyOf(stepCounts);
        this.template = template;
        this.refineCounts = List.copyOf(refineCounts);
        this.refineTemplate = refineTemplate;
        this.cancel = cancel;
        this.watch = watch;
    }

    /**
     * @param predictions where each prediction is written ({@code <method>/<edit>/<k>/b_pred.png}), or null
     * @throws EngineException when the folder is not a usable model with a trained hypernetwork
     * @throws EvaluationException when a method fails on a quad (a cancellation is its cause then)
     */
    public PerPairReport run(Path modelFolder, Devset set, Path predictions)
            throws EngineException, IOException, EvaluationException {
        try (LocChangeEngine engine = LocChangeEngine.open(modelFolder)) {
            OpenedModel opened = engine.networks();
            LoadedModel model = opened.model();
            SamplingOptions sampling = engine.model().defaults();
            PairLossMeter meter = new PairLossMeter(model, PairLossMeter.DEFAULT_SAMPLES, template.seed());
            List<PairLearner> learners = new ArrayList<>();
            ChangeLearner hypernetwork = new ChangeLearner(opened.hypernet(), BaseModelIdentity.of(model));
            learners.add(PairLearner.hypernetwork(hypernetwork));
            for (int steps : stepCounts) {
                learners.add(new PerPairLoraOptimizer(model, template.withSteps(steps)));
            }
            for (int steps : refineCounts) {
                learners.add(new RefinedHypernetLearner(hypernetwork,
                        new PerPairLoraOptimizer(model, refineTemplate.withSteps(steps))));
            }
            List<TimedChangePredictor> timed = new ArrayList<>();
            List<EditPredictor> predictors = new ArrayList<>(List.of(watch.apply(new IdentityPredictor())));
            for (PairLearner learner : learners) {
                TimedChangePredictor predictor = new TimedChangePredictor(learner, engine, sampling, meter, cancel);
                timed.add(predictor);
                predictors.add(watch.apply(predictor));
            }
            EvaluationReport scores = new Evaluator().run(set, predictors, predictions);
            List<PerPairReport.Method> methods = new ArrayList<>();
            for (TimedChangePredictor predictor : timed) {
                methods.add(new PerPairReport.Method(predictor.name(), predictor.timings()));
            }
            return new PerPairReport(opened.describe(), model.config().rank(), model.config().alpha(), sampling,
                    template, refineTemplate, set, scores, methods);
        }
    }
}
