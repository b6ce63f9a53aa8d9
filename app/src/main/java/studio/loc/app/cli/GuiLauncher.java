package studio.loc.app.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import studio.loc.hypernet.engine.EngineFactory;

/**
 * Starts the JavaFX window. Looked up by name so the command line works (and builds) without the GUI classes:
 * a headless server install can drop them.
 */
final class GuiLauncher {

    static final String GUI_CLASS = "studio.loc.app.gui.LocStudioGui";

    private GuiLauncher() {
    }

    /** Blocks until the window is closed. */
    static void launch(EngineFactory factory, Path modelFolder, String[] args) throws CliException {
        Method launch;
        try {
            launch = Class.forName(GUI_CLASS).getMethod("launch", EngineFactory.class, Path.class, String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new CliException("The graphical interface is not part of this build (" + GUI_CLASS
                    + ".launch is missing). Use the commands instead: loc-studio --help", ExitCodes.USAGE, e);
        }
        try {
            launch.invoke(null, factory, modelFolder, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedOperationException || cause instanceof ExceptionInInitializerError
                    || cause instanceof UnsatisfiedLinkError) {
                throw new CliException("The window cannot open here (" + cause.getMessage() + "). Is there a "
                        + "display? The commands work without one: loc-studio --help", ExitCodes.USAGE, cause);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new CliException("The window failed: " + cause, ExitCodes.SOME_FAILED, cause);
        } catch (IllegalAccessException e) {
            throw new CliException("The graphical interface cannot be started: " + e.getMessage(), ExitCodes.USAGE, e);
        }
    }
}
