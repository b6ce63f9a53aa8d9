package studio.loc.app.gui;

import javafx.application.Application;
import javafx.stage.Stage;

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
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
    }
}
