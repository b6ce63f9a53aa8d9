package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

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
            Mat a = RgbImages.read(quad.a());
            Mat aEdit = RgbImages.read(quad.aEdit());
            Mat b = RgbImages.read(quad.b());
            Mat bEdit = RgbImages.read(quad.bEdit());
            try {
                for (EditPredictor predictor : predictors) {
                    Mat predicted = predict(predictor, quad, a, aEdit, b);
                    try {
                        results.add(new QuadResult(predictor.name(), quad, ImageMetrics.score(predicted, bEdit)));
                        if (predictionsOutDir != null) {
                            RgbImages.write(predictionsOutDir.resolve(predictor.name()).resolve(quad.edit())
                                    .resolve(Integer.toString(quad.index())).resolve("b_pred.png"), predicted);
                        }
                    } finally {
                        predicted.release();
                    }
                }
            } finally {
                a.release();
                aEdit.release();
                b.release();
                bEdit.release();
            }
        }
        List<String> names = predictors.stream().map(EditPredictor::name).toList();
        return new EvaluationReport(names, results);
    }

    private static Mat predict(EditPredictor predictor, DevsetQuad quad, Mat a, Mat aEdit, Mat b)
            throws EvaluationException {
        Mat predicted;
        try {
            predicted = predictor.predict(a, aEdit, b);
        } catch (Exception e) {
            throw new EvaluationException("Predictor '" + predictor.name() + "' failed on " + quad.id() + ": "
                    + e.getMessage(), e);
        }
        if (predicted == null || predicted.type() != CvType.CV_32FC3 || predicted.rows() != b.rows()
                || predicted.cols() != b.cols()) {
            if (predicted != null) {
                predicted.release();
            }
            throw new EvaluationException("Predictor '" + predictor.name() + "' on " + quad.id()
                    + " must return a CV_32FC3 image of " + b.cols() + "x" + b.rows(), null);
        }
        return predicted;
    }
}
