package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import studio.loc.hypernet.data.PhotoCorpus;
import studio.loc.hypernet.data.Quad;
import studio.loc.hypernet.data.QuadSampler;
import studio.loc.hypernet.data.synthetic.EditFamily;

/**
 * Writes synthetic quads in the development set's layout ({@code manifest.csv} plus
 * {@code <edit>/<k>/{a,a_edit,b,b_edit}.png}), so sampler settings can be tuned with {@code eval} on edits the
 * training never drew (fresh random parameters and crops) without ever looking at the real development set, which
 * stays for the final measurement only.
 */
public final class SyntheticDevsetWriter {

    private final QuadSampler sampler;

    public SyntheticDevsetWriter(PhotoCorpus corpus, int size) {
        this.sampler = new QuadSampler(corpus, size);
    }

    /**
     * Writes {@code perFamily} quads for each of {@code families}, drawn from {@code seed}.
     *
     * @return the number of quads written
     */
    public int write(Path folder, List<EditFamily> families, int perFamily, long seed) throws IOException {
        Random rng = new Random(seed);
        List<String> manifest = new ArrayList<>();
        manifest.add("edit,category,k,a_photo,b_photo,tool,command");
        for (EditFamily family : families) {
            String category = family.category().name().toLowerCase(Locale.ROOT);
            for (int k = 0; k < perFamily; k++) {
                try (Quad quad = sampler.sampleWith(rng, family.sample(rng), family.category())) {
                    Path dir = folder.resolve(family.name()).resolve(Integer.toString(k));
                    RgbImages.write(dir.resolve("a.png"), quad.a());
                    RgbImages.write(dir.resolve("a_edit.png"), quad.aEdited());
                    RgbImages.write(dir.resolve("b.png"), quad.b());
                    RgbImages.write(dir.resolve("b_edit.png"), quad.bEdited());
                    manifest.add(String.join(",", family.name(), category, Integer.toString(k), "-", "-",
                            "synthetic", "\"" + quad.editDescription().replace("\"", "'") + "\""));
                }
            }
        }
        Files.write(folder.resolve("manifest.csv"), manifest, StandardCharsets.UTF_8);
        return manifest.size() - 1;
    }
}
