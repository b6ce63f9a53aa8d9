package studio.loc.hypernet.engine;

/** Something the user can act on went wrong (bad file, wrong model, full disk); the message says what. */
public class EngineException extends Exception {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
