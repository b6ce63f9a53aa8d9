package studio.loc.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

    @TempDir
    Path tmp;

    private static Path model(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("model.json"), "{}");
        return folder;
    }

    @Test
    void explicitFolderWinsAndMustBeAModel() throws Exception {
        Path chosen = model(tmp.resolve("chosen"));
        model(tmp.resolve("env"));
        ModelLocator locator = new ModelLocator(Map.of(ModelLocator.ENV_VARIABLE, tmp.resolve("env").toString()), tmp,
                List.of());
        assertEquals(chosen, locator.locate(Path.of("chosen")));
        var error = assertThrows(ModelNotFoundException.class, () -> locator.locate(Path.of("missing")));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        var notModel = assertThrows(ModelNotFoundException.class, () -> locator.locate(tmp.resolve("empty")));
        assertTrue(notModel.getMessage().contains("model.json"), notModel.getMessage());
    }

    @Test
    void environmentVariableComesNext() throws Exception {
        Path fromEnv = model(tmp.resolve("env"));
        model(tmp.resolve("samples/default-model"));
        ModelLocator locator = new ModelLocator(Map.of(ModelLocator.ENV_VARIABLE, fromEnv.toString()), tmp,
                List.of());
        assertEquals(fromEnv, locator.locate(null));
    }

    @Test
    void installFolderOfTheJarOrAppImageComesBeforeTheWorkingDirectory() throws Exception {
        Path install = tmp.resolve("opt/loc-studio");
        Path bundled = model(install.resolve("samples/default-model"));
        Path jar = Files.createDirectories(install.resolve("lib/app")).resolve("loc-app.jar");
        Files.writeString(jar, "");
        Path work = Files.createDirectories(tmp.resolve("home/user/photos"));
        model(tmp.resolve("home/user/samples/default-model"));
        assertEquals(bundled, new ModelLocator(Map.of(), work, List.of(jar)).locate(null));
    }

    @Test
    void sourceTreeIsFoundWalkingUpFromTheWorkingDirectory() throws Exception {
        Path checkout = tmp.resolve("checkout");
        Path bundled = model(checkout.resolve("samples/default-model"));
        Path work = Files.createDirectories(checkout.resolve("app/target/classes"));
        assertEquals(bundled, new ModelLocator(Map.of(), work, List.of()).locate(null));
    }

    @Test
    void notFoundListsEveryPlaceSearched() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("a/b"));
        var error = assertThrows(ModelNotFoundException.class,
                () -> new ModelLocator(Map.of(), work, List.of(tmp.resolve("x.jar"))).locate(null));
        assertTrue(error.getMessage().contains(work.resolve("samples/default-model").toString()), error.getMessage());
        assertTrue(error.getMessage().contains(ModelLocator.ENV_VARIABLE), error.getMessage());
        assertTrue(error.searched().contains(tmp.resolve("a/samples/default-model")));
    }
}
