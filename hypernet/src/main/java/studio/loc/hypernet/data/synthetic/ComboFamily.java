package studio.loc.hypernet.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.opencv.core.Mat;
import studio.loc.diffusion.image.MatScope;

/**
 * Two or three colour and tone edits in a row. Real grades (and the LUTs made from them) are rarely one operation;
 * chains of per-pixel colour maps are still a colour map, so the result belongs with the 3D LUTs.
 */
final class ComboFamily {

    /** Families that change a pixel from its own colour only (shadows_highlights looks at neighbours). */
    private static final List<String> EXCLUDED = List.of("shadows_highlights");

    private ComboFamily() {
    }

    static EditFamily of(List<EditFamily> parts) {
        List<EditFamily> pointwise = parts.stream().filter(f -> !EXCLUDED.contains(f.name())).toList();
        return new Family("color_combo", EditCategory.COLOR_LUT, rng -> sample(rng, pointwise));
    }

    private static Edit sample(Random rng, List<EditFamily> pointwise) {
        int count = Rand.intBetween(rng, 2, 3);
        List<Edit> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            steps.add(pointwise.get(rng.nextInt(pointwise.size())).sample(rng));
        }
        String description = "color_combo(steps=" + steps.stream().map(Edit::describe)
                .collect(Collectors.joining(" then ")) + ")";
        return new OpEdit(description, rgb -> {
            try (MatScope scope = new MatScope()) {
                Mat current = scope.add(steps.get(0).apply(rgb));
                for (int i = 1; i < steps.size(); i++) {
                    current = scope.add(steps.get(i).apply(current));
                }
                return scope.keep(current);
            }
        });
    }
}
