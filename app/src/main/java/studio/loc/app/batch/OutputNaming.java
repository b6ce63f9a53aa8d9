package studio.loc.app.batch;

import java.util.Locale;

/**
 * The string rules by which a batch names its outputs, shared by {@link BatchPlanner} and the Spark job so that both
 * give a photo the same output name: the relative path with the output format's extension, the source extension
 * added where two inputs would share an output (a.jpg, a.png → a_jpg.png, a_png.png), -2, -3, ... for what still
 * clashes, compared without letter case.
 */
public final class OutputNaming {

    private OutputNaming() {
    }

    /**
     * @param relative the input's path relative to its folder, '/'-separated
     * @param extension the forced output format's extension, or null to keep the input's
     * @param withSourceExtension whether to add the source extension to the stem (a clash between formats)
     */
    public static String outputName(String relative, String extension, boolean withSourceExtension) {
        if (extension == null && !withSourceExtension) {
            return relative;
        }
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        String stem = dot > slash ? relative.substring(0, dot) : relative;
        String sourceExtension = sourceExtension(relative);
        String suffix = withSourceExtension && !sourceExtension.isEmpty() ? "_" + sourceExtension : "";
        return stem + suffix + "." + (extension != null ? extension : sourceExtension);
    }

    /** The extension of a relative path's file name, without the dot; empty if it has none. */
    public static String sourceExtension(String relative) {
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        return dot > slash ? relative.substring(dot + 1) : "";
    }

    /** {@code suffix} inserted before the file name's extension (or appended when there is none). */
    public static String withSuffix(String name, String suffix) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
    }

    /** The key two output names clash on: file systems that ignore letter case would write them to one file. */
    public static String key(String outputName) {
        return outputName.toLowerCase(Locale.ROOT);
    }
}
