package studio.loc.hypernet.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one PyTorch intra-op thread, restoring the previous count afterwards. Multi-threaded
 * reductions are not bitwise reproducible and Adam turns noise-level gradients into learning-rate-sized steps, so
 * exact resume is only defined on a deterministic engine; on a busy 2-core machine one thread is also far faster
 * (no OpenMP spin-waiting).
 */
public final class SingleThreadedEngine implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SingleThreadedEngine.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Engine.getInstance(); // loads the native library JniUtils talks to
        context.getStore(NAMESPACE).put("threads", JniUtils.getNumThreads());
        JniUtils.setNumThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer threads = context.getStore(NAMESPACE).get("threads", Integer.class);
        if (threads != null) {
            JniUtils.setNumThreads(threads);
        }
    }
}
