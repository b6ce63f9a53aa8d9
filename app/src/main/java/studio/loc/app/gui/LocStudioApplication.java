package studio.loc.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.stage.Stage;
import studio.loc.app.gui.library.ChangeLibrary;

/** The JavaFX application: one main window around one view-model; started by {@link LocStudioGui#launch}. */
public final class LocStudioApplication extends Application {

    private MainViewModel viewModel;

    @Override
    public void start(Stage stage) {
        LocStudioGui.Launch launch = LocStudioGui.pending();
        GuiSettings settings = launch.settings();
        viewModel = MainViewModel.create(launch.pictureFiles(), settings);
        MainWindow window = MainWindow.create(viewModel,
                folder -> getHostServices().showDocument(folder.toUri().toString()));
        window.showOn(stage, settings);
        viewModel.openEngine(launch.factory(), launch.modelFolder());
        SampleImages.near(launch.modelFolder()).ifPresent(viewModel::loadSamples);
        changeFileArgument(getParameters().getRaw()).ifPresent(viewModel::loadChangeWhenReady);
    }

    /** A {@code *.loc.safetensors} among the arguments: the desktop's "open with" (file association). */
    static Optional<Path> changeFileArgument(List<String> arguments) {
        return arguments.stream().filter(a -> a.endsWith(ChangeLibrary.EXTENSION)).map(Path::of)
                .filter(Files::isRegularFile).findFirst();
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
    }
}
