package studio.loc.hypernet.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.loc.diffusion.model.LoadedModel;
import studio.loc.diffusion.model.ModelFolder;
import studio.loc.diffusion.model.ModelFormatException;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.hypernet.change.BaseModelIdentity;
import studio.loc.hypernet.train.TinyModelFolder;

class HypernetLoaderTest {

    @Test
    void loadsTheFoldersHypernetworkWithItsWeightsAndIdentity(@TempDir Path dir) throws Exception {
        TinyModelFolder.write(dir, true);
        try (NDManager m = NDManager.newBaseManager(); LoadedModel model = ModelFolder.load(dir, m);
             LocHypernetwork h = HypernetLoader.load(model, m)) {
            assertEquals(model.unet().slots(), h.slots());
            assertEquals(model.config().rank(), h.config().rank());
            var saved = SafeTensors.read(dir.resolve(ModelFolder.HYPERNET_FILE));
            for (String name : h.parameters().names()) {
                assertArrayEquals(saved.get(name).toFloats(), h.parameters().get(name).toFloatArray(), name);
            }
            BaseModelIdentity identity = BaseModelIdentity.of(model);
            assertEquals("tiny-loc", identity.name());
            assertEquals(model.modelSha256(), identity.sha256());
            assertEquals(h.slots(), identity.slots());
        }
    }

    @Test
    void aFolderWithoutAHypernetworkIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        TinyModelFolder.write(dir, false);
        try (NDManager m = NDManager.newBaseManager(); LoadedModel model = ModelFolder.load(dir, m)) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> HypernetLoader.load(model, m));
            assertTrue(e.getMessage().contains("tiny-loc") && e.getMessage().contains("hypernet"), e.getMessage());
            try (LocHypernetwork fresh = HypernetLoader.fresh(model, m, 1)) {
                assertEquals(HypernetConfig.tiny(), fresh.config());
            }
        }
    }
}
