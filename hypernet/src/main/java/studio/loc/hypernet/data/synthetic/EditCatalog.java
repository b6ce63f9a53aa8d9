package studio.loc.hypernet.data.synthetic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Every synthetic edit family, by name. Sampling is uniform over families, not over categories. */
public final class EditCatalog {

    private static final List<EditFamily> ALL;
    private static final Map<String, EditFamily> BY_NAME;

    static {
        List<EditFamily> all = new ArrayList<>();
        all.addAll(ColorLutFamilies.all());
        all.addAll(ColorGradeFamilies.all());
        all.addAll(ToneFamilies.all());
        all.addAll(BlurSharpenFamilies.all());
        all.addAll(StylizeFamilies.all());
        all.addAll(LocalFamilies.all());
        List<EditFamily> colorAndTone = new ArrayList<>(ColorLutFamilies.all());
        colorAndTone.addAll(ColorGradeFamilies.all());
        colorAndTone.addAll(ToneFamilies.all());
        all.add(ComboFamily.of(colorAndTone));
        Map<String, EditFamily> byName = new LinkedHashMap<>();
        for (EditFamily family : all) {
            if (byName.put(family.name(), family) != null) {
                throw new IllegalStateException("two edit families are named " + family.name());
            }
        }
        ALL = Collections.unmodifiableList(all);
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private EditCatalog() {
    }

    public static List<EditFamily> all() {
        return ALL;
    }

    /** The family with this name; throws IllegalArgumentException listing the known names if there is none. */
    public static EditFamily byName(String name) {
        EditFamily family = BY_NAME.get(name);
        if (family == null) {
            throw new IllegalArgumentException("no edit family named '" + name + "'; known: " + BY_NAME.keySet());
        }
        return family;
    }

    /** The families of one category. */
    public static List<EditFamily> inCategory(EditCategory category) {
        return ALL.stream().filter(f -> f.category() == category).toList();
    }

    /** An edit from a family chosen uniformly at random, with its parameters drawn from the same generator. */
    public static Edit sampleAny(Random rng) {
        return ALL.get(rng.nextInt(ALL.size())).sample(rng);
    }

    /**
     * A family chosen by first drawing a category uniformly, then a family in it: categories with few families
     * (COLOR_LUT, LOCAL) are then seen as often as COLOR_GRADE.
     */
    public static EditFamily pickCategoryBalanced(Random rng) {
        EditCategory[] categories = EditCategory.values();
        List<EditFamily> inCategory = inCategory(categories[rng.nextInt(categories.length)]);
        return inCategory.get(rng.nextInt(inCategory.size()));
    }
}
