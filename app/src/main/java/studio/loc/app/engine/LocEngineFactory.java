package studio.loc.app.engine;

import java.nio.file.Path;

/** The engine factory the GUI and CLI find through {@link java.util.ServiceLoader}. */
public final class LocEngineFactory implements EngineFactory {

    @Override
    public EditEngine open(Path modelFolder) throws EngineException {
        return LocEditEngine.open(modelFolder);
    }
}
