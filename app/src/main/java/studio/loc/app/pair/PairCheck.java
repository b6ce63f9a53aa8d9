package studio.loc.app.pair;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.Picture;

/**
 * Checks that a before/after pair can teach a change: both pictures of the same shape and of the same scene.
 * An unrelated or differently framed pair still "learns" something, a murky change, so the user is told first.
 *
 * <p>The same-scene test compares the two pictures' structure at a small size: how their brightness and their
 * edges are laid out. A colour grade, a tone curve or a contrast change keeps that layout; another photo does not.
 */
public final class PairCheck {

    /** Aspect ratios further apart than this (relative) are different framings, not one photo resized. */
    static final double ASPECT_TOLERANCE = 0.03;
    /**
     * Below this structural likeness the two are taken for different scenes. The bundled sample pair and the test
     * scenes' warm grades score above 0.99; the sample photos against each other score below 0.02, and a square
     * crop against an unrelated wide scene 0.09.
     */
    static final double SAME_SCENE_THRESHOLD = 0.55;
    private static final int SIDE = 48;

    /** What may be wrong with a pair. */
    public enum Problem { DIFFERENT_SHAPE, DIFFERENT_SCENE }

    /**
     * The outcome: the problems found (none: the pair looks fine) and the numbers behind them.
     *
     * @param likeness structural likeness of the two pictures, −1..1 (1: same layout of light and edges)
     */
    public record Result(List<Problem> problems, int beforeWidth, int beforeHeight, int afterWidth, int afterHeight,
                         double likeness) {

        public Result {
            problems = List.copyOf(problems);
        }

        public boolean looksFine() {
            return problems.isEmpty();
        }

        public boolean has(Problem problem) {
            return problems.contains(problem);
        }

        public boolean sameSize() {
            return beforeWidth == afterWidth && beforeHeight == afterHeight;
        }
    }

    private PairCheck() {
    }

    /** Checks the pair; neither picture is changed or closed. */
    public static Result check(Picture before, Picture after) {
        List<Problem> problems = new ArrayList<>();
        double beforeAspect = (double) before.width() / before.height();
        double afterAspect = (double) after.width() / after.height();
        if (Math.abs(beforeAspect / afterAspect - 1) > ASPECT_TOLERANCE) {
            problems.add(Problem.DIFFERENT_SHAPE);
        }
        double likeness = likeness(before, after);
        if (likeness < SAME_SCENE_THRESHOLD) {
            problems.add(Problem.DIFFERENT_SCENE);
        }
        return new Result(problems, before.width(), before.height(), after.width(), after.height(), likeness);
    }

    /** The better of two correlations at a small size: of brightness, and of edge strength. */
    static double likeness(Picture before, Picture after) {
        try (MatScope scope = new MatScope()) {
            Mat a = smallGrey(before, scope);
            Mat b = smallGrey(after, scope);
            return Math.max(correlation(a, b), correlation(edges(a, scope), edges(b, scope)));
        }
    }

    private static Mat smallGrey(Picture picture, MatScope scope) {
        Mat grey = scope.newMat();
        Mat small = scope.newMat();
        Imgproc.cvtColor(picture.rgb(), grey, Imgproc.COLOR_RGB2GRAY);
        Imgproc.resize(grey, small, new Size(SIDE, SIDE), 0, 0, Imgproc.INTER_AREA);
        return small;
    }

    private static Mat edges(Mat grey, MatScope scope) {
        Mat dx = scope.newMat();
        Mat dy = scope.newMat();
        Mat magnitude = scope.newMat();
        Imgproc.Sobel(grey, dx, CvType.CV_32F, 1, 0);
        Imgproc.Sobel(grey, dy, CvType.CV_32F, 0, 1);
        Core.magnitude(dx, dy, magnitude);
        return magnitude;
    }

    /** Pearson correlation of two single-channel Mats of one size; 0 when either is flat. */
    private static double correlation(Mat a, Mat b) {
        try (MatScope scope = new MatScope()) {
            MatOfDouble meanA = scope.add(new MatOfDouble());
            MatOfDouble devA = scope.add(new MatOfDouble());
            MatOfDouble meanB = scope.add(new MatOfDouble());
            MatOfDouble devB = scope.add(new MatOfDouble());
            Core.meanStdDev(a, meanA, devA);
            Core.meanStdDev(b, meanB, devB);
            double sa = devA.toArray()[0];
            double sb = devB.toArray()[0];
            if (sa < 1e-6 || sb < 1e-6) {
                return 0;
            }
            Mat centredA = scope.newMat();
            Mat centredB = scope.newMat();
            Mat product = scope.newMat();
            Core.subtract(a, new Scalar(meanA.toArray()[0]), centredA);
            Core.subtract(b, new Scalar(meanB.toArray()[0]), centredB);
            Core.multiply(centredA, centredB, product);
            return Core.mean(product).val[0] / (sa * sb);
        }
    }
}
