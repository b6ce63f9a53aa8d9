package studio.loc.diffusion.image;

/**
 * Loads the OpenCV native library once per process. An installed app names the library it ships, already
 * unpacked, in the system property {@value #LIBRARY_PROPERTY} (nothing is extracted at start-up); otherwise it is
 * unpacked from the openpnp jar once into a per-user cache folder and reused (see {@link OpenCvLibraryCache}; no
 * download, nothing left in the temporary folder).
 */
public final class OpenCv {

    /** System property naming the absolute path of an unpacked {@code libopencv_java*.so}/{@code .dylib}/{@code .dll}. */
    public static final String LIBRARY_PROPERTY = "loc.opencv.library";

    private static volatile boolean loaded;

    private OpenCv() {
    }

    private static java.nio.file.Path unpackedLibrary() {
        try {
            return OpenCvLibraryCache.unpacked();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot unpack the OpenCV library: " + e.getMessage()
                    + ". Free some disk space or set -D" + OpenCvLibraryCache.CACHE_PROPERTY
                    + "=<a writable folder>.", e);
        }
    }

    public static void ensureLoaded() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    String library = System.getProperty(LIBRARY_PROPERTY, "");
                    if (library.isBlank()) {
                        System.load(unpackedLibrary().toString());
                    } else {
                        // An absent or broken file fails loudly here: a fallback would hide a broken install.
                        System.load(library);
                    }
                    loaded = true;
                }
            }
        }
    }
}
