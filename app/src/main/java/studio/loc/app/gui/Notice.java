package studio.loc.app.gui;

/**
 * A message for the notification bar. Each notice is a new object, so the same text shown twice still fires.
 *
 * @param text one or two sentences the user can act on
 * @param error true for problems, false for plain information
 */
public record Notice(String text, boolean error) {
}
