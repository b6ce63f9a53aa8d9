package studio.loc.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import studio.loc.diffusion.image.ImageFormat;

/**
 * The photos of a catalogue and their output names, planned on the driver from the file source's listing (paths
 * only, no photo bytes) so that clashing names are resolved over the whole catalogue exactly as {@code apply}
 * resolves them over one input folder.
 *
 * @param photos the photos to edit, by input path
 * @param otherFiles how many listed files are not photos (by extension) and are skipped, as {@code apply} skips them
 */
record CatalogPlan(Map<String, PlannedPhoto> photos, int otherFiles) {

    /**
     * @param inputRoot the qualified input folder
     * @param listed every file below it, as Hadoop path strings
     * @param format the forced output format, or null to keep each photo's
     */
    static CatalogPlan of(Path inputRoot, List<String> listed, String format) {
        String root = withSlash(inputRoot.toUri().getPath());
        List<String[]> images = new ArrayList<>(); // {listed path, relative path}
        int others = 0;
        for (String file : listed) {
            String path = new Path(file).toUri().getPath();
            if (!path.startsWith(root)) {
                throw new IllegalStateException(file + " was listed but is not below " + inputRoot);
            }
            String relative = path.substring(root.length());
            Optional<ImageFormat> kind = ImageFormat.fromFileName(relative.substring(relative.lastIndexOf('/') + 1));
            if (kind.isPresent()) {
                images.add(new String[] {file, relative});
            } else {
                others++;
            }
        }
        images.sort(Comparator.comparing((String[] image) -> image[1]));
        List<String> relatives = images.stream().map(image -> image[1]).toList();
        List<String> names = OutputNames.of(relatives, format);
        Map<String, PlannedPhoto> photos = new TreeMap<>();
        for (int i = 0; i < images.size(); i++) {
            String input = images.get(i)[0];
            photos.put(input, new PlannedPhoto(input, names.get(i), OutputNames.formatOf(relatives.get(i), format)));
        }
        return new CatalogPlan(photos, others);
    }

    private static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }
}
