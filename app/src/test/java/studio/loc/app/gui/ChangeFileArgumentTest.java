package studio.loc.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Double-clicking a change file starts the window with that file among its arguments. */
class ChangeFileArgumentTest {

    @Test
    void picksTheExistingChangeFileAmongTheArguments(@TempDir Path tmp) throws IOException {
        Path change = Files.writeString(tmp.resolve("look.loc.safetensors"), "x");
        assertEquals(Optional.of(change),
                LocStudioApplication.changeFileArgument(List.of("gui", "--model", "m", change.toString())));
        assertTrue(LocStudioApplication.changeFileArgument(List.of("gui")).isEmpty());
        assertTrue(LocStudioApplication.changeFileArgument(
                List.of(tmp.resolve("gone.loc.safetensors").toString())).isEmpty());
    }
}
