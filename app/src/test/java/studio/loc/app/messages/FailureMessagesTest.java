package studio.loc.app.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import studio.loc.app.batch.BatchSetupException;
import studio.loc.diffusion.pipeline.UnusableEditException;
import studio.loc.diffusion.progress.CancelledException;
import studio.loc.hypernet.engine.EngineException;

/** One wording of failures for the GUI and the CLI: sentences, no Java class names, bugs told apart. */
class FailureMessagesTest {

    @Test
    void explainedFailuresAreShownAsTheyAreWithoutClassNames() {
        EngineException engine = new EngineException(
                "Cannot open the model in /models/tiny: java.nio.file.NoSuchFileException: /models/tiny/config.json");
        assertEquals("Cannot open the model in /models/tiny: /models/tiny/config.json",
                FailureMessages.describe(engine));
        assertEquals("The output folder is inside the input folder.",
                FailureMessages.describe(new BatchSetupException("The output folder is inside the input folder.")));
        assertFalse(FailureMessages.isUnexpected(engine));
        UnusableEditException flat = new UnusableEditException("The edit turned the whole photo one flat colour.");
        assertEquals("The edit turned the whole photo one flat colour.", FailureMessages.describe(flat));
        assertFalse(FailureMessages.isUnexpected(flat));
    }

    @Test
    void fileProblemsNameTheFile() {
        assertEquals("The file /photos/a.png does not exist (any more).",
                FailureMessages.describe(new NoSuchFileException("/photos/a.png")));
        assertEquals("A file could not be read or written: disk full",
                FailureMessages.describe(new IOException("java.io.IOException: disk full")));
        assertEquals("Cancelled.", FailureMessages.describe(new CancelledException()));
    }

    @Test
    void bugsAreToldApartAndStillGetASentence() {
        IllegalStateException bug = new IllegalStateException("java.lang.NullPointerException: x was null");
        assertTrue(FailureMessages.isUnexpected(bug));
        assertEquals("Something went wrong: x was null", FailureMessages.describe(bug));
        String withoutMessage = FailureMessages.describe(new NullPointerException());
        assertTrue(withoutMessage.startsWith("Something went wrong: "), withoutMessage);
        assertFalse(withoutMessage.contains("NullPointerException"), withoutMessage);
        assertFalse(FailureMessages.isUnexpected(new OutOfMemoryError()));
    }
}
