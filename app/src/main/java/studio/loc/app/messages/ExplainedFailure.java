package studio.loc.app.messages;

/**
 * Marks an exception whose message is already a sentence the user can act on, so {@link FailureMessages} shows
 * it as it is instead of wrapping it.
 */
public interface ExplainedFailure {
}
