package studio.loc.hypernet.eval;

/** A predictor failed on a quad; the message names both. */
public final class EvaluationException extends Exception {

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
