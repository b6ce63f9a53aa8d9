package studio.loc.diffusion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libtorch's notice goes to descriptor 2 of the process, so each case runs in a child JVM and reads its stderr. */
class LibTorchNoticeTest {

    private static final String NOTICE = "AutoNonVariableTypeMode";

    @TempDir
    Path tmp;

    @Test
    void aNetworksFirstWeightsLoadWithoutTheNoticeAndStderrStillWorks() throws Exception {
        String err = runChild("store");
        assertFalse(err.contains(NOTICE), err);
        assertTrue(err.contains("after the first set"), "stderr is back after the quiet call: " + err);
    }

    /** Without the store's first quiet set the notice is printed: the case above can fail. */
    @Test
    void aPlainFirstSetPrintsTheNotice() throws Exception {
        String err = runChild("plain");
        assertTrue(err.contains(NOTICE), err);
    }

    private String runChild(String mode) throws Exception {
        Path errFile = tmp.resolve(mode + ".err");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode);
        Process child = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(tmp.resolve(mode + ".out").toFile()).redirectError(errFile.toFile()).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        String err = Files.readString(errFile);
        assertEquals(0, child.exitValue(), err);
        return err;
    }

    /** {@code store}: a network's parameters are created and set; {@code plain}: an array is set directly. */
    public static final class Child {
        public static void main(String[] args) {
            try (NDManager root = NDManager.newBaseManager()) {
                if (args[0].equals("store")) {
                    ParameterStore store = new ParameterStore(root, 1);
                    store.create("w", new Shape(2), Init.zeros());
                    store.assign("w", new float[] {1f, 2f});
                } else {
                    NDArray array = root.zeros(new Shape(2));
                    array.set(new float[] {1f, 2f});
                }
                System.err.println("after the first set");
            }
        }
    }
}
