package studio.loc.app.cli;

/** Opens the package-private line test of {@link NativeNoiseFilter} to tests in other packages. */
public final class NativeNoiseFilterAccess {

    private NativeNoiseFilterAccess() {
    }

    public static boolean isNoise(String line) {
        return NativeNoiseFilter.isNoise(line);
    }
}
