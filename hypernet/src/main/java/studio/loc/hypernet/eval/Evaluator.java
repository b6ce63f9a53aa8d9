package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;

/** Runs predictors over a development set and scores every prediction against the tool-made B'. */
public final class Evaluator {

    /**
     * @param predictionsOutDir when not null, each prediction is saved as
     *                          {@code <dir>/<predictor>/<edit>/<k>/b_pred.png}
     * @throws IOException         when an image cannot be read or a prediction cannot be written
     * @throws EvaluationException when a predictor fails or returns an image of the wrong size or type
     */
    public EvaluationReport run(Devset set, List<EditPredictor> predictors, Path predictionsOutDir)
            throws IOException, EvaluationException {
        List<QuadResult> results = new ArrayList<>();
        for (DevsetQuad quad : set.quads()) {
            try (MatScope images = new MatScope()) {
                Mat a = images.add(RgbImages.read(quad.a()));
                Mat aEdit = images.add(RgbImages.read(quad.aEdit()));
                Mat b = images.add(RgbImages.read(quad.b()));
                Mat bEdit = images.add(RgbImages.read(quad.bEdit()));
                for (EditPredictor predictor : predictors) {
                    try (MatScope prediction = new MatScope()) {
                        Mat predicted = predict(prediction, predictor, quad, a, aEdit, b);
                        results.add(new QuadResult(predictor.name(), quad, ImageMetrics.score(predicted, bEdit)));
                        if (predictionsOutDir != null) {
                            RgbImages.write(predictionsOutDir.resolve(predictor.name()).resolve(quad.edit())
                                    .resolve(Integer.toString(quad.index())).resolve("b_pred.png"), predicted);
                        }
                    }
                }
            }
        }
        List<String> names = predictors.stream().map(EditPredictor::name).toList();
        return new EvaluationReport(names, results);
    }

    /** The predictor's output, owned by {@code scope} (also when it is refused). */
    private static Mat predict(MatScope scope, EditPredictor predictor, DevsetQuad quad, Mat a, Mat aEdit, Mat b)
            throws EvaluationException {
        Mat predicted;
        try {
            predicted = scope.add(predictor.predict(a, aEdit, b));
        } catch (Exception e) {
            throw new EvaluationException("Predictor '" + predictor.name() + "' failed on " + quad.id() + ": "
                    + e.getMessage(), e);
        }
        if (predicted == null || predicted.type() != CvType.CV_32FC3 || predicted.rows() != b.rows()
                || predicted.cols() != b.cols()) {
            throw new EvaluationException("Predictor '" + predictor.name() + "' on " + quad.id()
                    + " must return a CV_32FC3 image of " + b.cols() + "x" + b.rows(), null);
        }
        return predicted;
    }
}
