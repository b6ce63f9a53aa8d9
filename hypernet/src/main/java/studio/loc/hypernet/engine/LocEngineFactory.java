package studio.loc.hypernet.engine;

import java.nio.file.Path;

/** The engine factory the GUI and CLI find through {@link java.util.ServiceLoader}. */
public final class LocEngineFactory implements EngineFactory {

    @Override
    public ChangeEngine open(Path modelFolder) throws EngineException {
        return LocChangeEngine.open(modelFolder);
    }
}
