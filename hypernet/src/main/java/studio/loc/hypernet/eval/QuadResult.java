package studio.loc.hypernet.eval;

/** The scores of one predictor on one quad. */
public record QuadResult(String predictor, DevsetQuad quad, QuadScores scores) {
}
