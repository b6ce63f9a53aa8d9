package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The development set on disk: {@code manifest.csv} plus {@code <edit>/<k>/{a,a_edit,b,b_edit}.png}. */
public final class Devset {

    private final Path folder;
    private final List<DevsetQuad> quads;

    private Devset(Path folder, List<DevsetQuad> quads) {
        this.folder = folder;
        this.quads = List.copyOf(quads);
    }

    /**
     * Reads the manifest and checks that every quad's four images exist.
     *
     * @throws IOException when the folder, the manifest or an image is missing, or the manifest is malformed
     */
    public static Devset open(Path folder) throws IOException {
        Path manifest = folder.resolve("manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("No development set at " + folder + ": manifest.csv is missing");
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(manifest + " is empty");
        }
        List<String> header = Csv.parseLine(lines.get(0));
        int editCol = column(header, "edit", manifest);
        int categoryCol = column(header, "category", manifest);
        int indexCol = column(header, "k", manifest);
        List<DevsetQuad> quads = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> row = Csv.parseLine(lines.get(i));
            if (row.size() < header.size()) {
                throw new IOException(manifest + " line " + (i + 1) + " has " + row.size() + " fields, expected "
                        + header.size());
            }
            String edit = row.get(editCol);
            int index;
            try {
                index = Integer.parseInt(row.get(indexCol).trim());
            } catch (NumberFormatException e) {
                throw new IOException(manifest + " line " + (i + 1) + ": k is not a number: " + row.get(indexCol));
            }
            Path dir = folder.resolve(edit).resolve(Integer.toString(index));
            DevsetQuad quad = new DevsetQuad(edit, row.get(categoryCol), index, dir.resolve("a.png"),
                    dir.resolve("a_edit.png"), dir.resolve("b.png"), dir.resolve("b_edit.png"));
            for (Path p : List.of(quad.a(), quad.aEdit(), quad.b(), quad.bEdit())) {
                if (!Files.isRegularFile(p)) {
                    throw new IOException("Development set image missing: " + p);
                }
            }
            quads.add(quad);
        }
        return new Devset(folder, quads);
    }

    public Path folder() {
        return folder;
    }

    public List<DevsetQuad> quads() {
        return quads;
    }

    /**
     * The same set cut to the first {@code perEdit} quads of each edit, in manifest order: a shorter run (per-pair
     * optimisation on a CPU) that still covers every edit and category.
     */
    public Devset firstOfEachEdit(int perEdit) {
        if (perEdit < 1) {
            throw new IllegalArgumentException("need at least one quad per edit, got " + perEdit);
        }
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        List<DevsetQuad> kept = new ArrayList<>();
        for (DevsetQuad quad : quads) {
            if (taken.merge(quad.edit(), 1, Integer::sum) <= perEdit) {
                kept.add(quad);
            }
        }
        return new Devset(folder, kept);
    }

    private static int column(List<String> header, String name, Path manifest) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException(manifest + " has no '" + name + "' column (header: " + header + ")");
        }
        return i;
    }
}
