package studio.loc.hypernet.change;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.lora.LoraSet;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.pairfit.FittedBlend;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.GaussianMixFilter;

/**
 * One learned change, as held in memory and in a {@code .loc.safetensors} file: a LoRA (rank r, alpha, per-slot
 * factors), the part of the change fitted directly on the example (optional), plus what a person needs to recognise
 * and reuse it. Factors are plain float arrays, so a change outlives the NDManager of the hypernetwork pass that made
 * it.
 *
 * @param name what the user called it
 * @param baseModel name of the model it was made for
 * @param baseModelSha256 that model's fingerprint ("" when unknown)
 * @param slots the model's LoRA slots, in order
 * @param rank LoRA rank r
 * @param alpha LoRA alpha (effect scale alpha / r)
 * @param defaultStrength strength to apply it with unless the user says otherwise
 * @param created when it was made
 * @param source learned from a pair or trained
 * @param beforeThumbnailPng small PNG of the example's before image (may be empty)
 * @param afterThumbnailPng small PNG of the example's after image (may be empty)
 * @param factors per slot name: down [r · in·k·k] and up [out · r], row-major
 * @param fitted the part of the change that a filter and a colour table fitted on the example explain, or empty
 *               (a change from another tool, or one nothing fitted explains)
 */
public record Change(String name, String baseModel, String baseModelSha256, List<LoraSlot> slots, int rank,
                     float alpha, float defaultStrength, Instant created, ChangeSource source,
                     byte[] beforeThumbnailPng, byte[] afterThumbnailPng, Map<String, SlotFactors> factors,
                     Optional<FittedChange> fitted) {

    /** One slot's factors: down [r, in·k·k] and up [out, r], flattened row-major. */
    public record SlotFactors(float[] down, float[] up) {
        public SlotFactors {
            Objects.requireNonNull(down, "down");
            Objects.requireNonNull(up, "up");
        }
    }

    public Change {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseModel, "baseModel");
        baseModelSha256 = baseModelSha256 == null ? "" : baseModelSha256;
        slots = List.copyOf(slots);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(source, "source");
        beforeThumbnailPng = beforeThumbnailPng == null ? new byte[0] : beforeThumbnailPng;
        afterThumbnailPng = afterThumbnailPng == null ? new byte[0] : afterThumbnailPng;
        factors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(factors));
        Objects.requireNonNull(fitted, "fitted");
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1, got " + rank);
        }
        for (LoraSlot slot : slots) {
            SlotFactors f = factors.get(slot.name());
            if (f == null) {
                throw new IllegalArgumentException("change \"" + name + "\" has no factors for slot " + slot.name());
            }
            if (f.down().length != rank * slot.downColumns() || f.up().length != slot.out() * rank) {
                throw new IllegalArgumentException("change \"" + name + "\": slot " + slot.name()
                        + " factors do not match rank " + rank);
            }
        }
        if (factors.size() != slots.size()) {
            throw new IllegalArgumentException("change \"" + name + "\" has factors for slots the model lacks");
        }
    }

    /** A change that is a LoRA alone, with no fitted part. */
    public Change(String name, String baseModel, String baseModelSha256, List<LoraSlot> slots, int rank, float alpha,
                  float defaultStrength, Instant created, ChangeSource source, byte[] beforeThumbnailPng,
                  byte[] afterThumbnailPng, Map<String, SlotFactors> factors) {
        this(name, baseModel, baseModelSha256, slots, rank, alpha, defaultStrength, created, source,
                beforeThumbnailPng, afterThumbnailPng, factors, Optional.empty());
    }

    /**
     * A change that is a colour table alone (a look imported from a .cube or HaldCLUT file): a zero LoRA of rank 1
     * for every slot of {@code model}, and a fitted part with share 1 whose filters and gain maps are the identity,
     * so the pipeline applies the table at full resolution and never runs the diffusion model.
     *
     * @param reverse the table that undoes {@code table}, for negative strengths
     */
    public static Change colourTableOnly(BaseModelIdentity model, String name, Lut3d table, Lut3d reverse,
                                         byte[] beforeThumbnailPng, byte[] afterThumbnailPng) {
        Map<String, SlotFactors> zero = new LinkedHashMap<>();
        for (LoraSlot slot : model.slots()) {
            zero.put(slot.name(), new SlotFactors(new float[slot.downColumns()], new float[slot.out()]));
        }
        FittedChange fitted = new FittedChange(GaussianMixFilter.identity(), table, GaussianMixFilter.identity(),
                reverse, 1.0);
        return new Change(name, model.name(), model.sha256(), model.slots(), 1, 1f, 1f, Instant.now(),
                ChangeSource.TRAINED, beforeThumbnailPng, afterThumbnailPng, zero, Optional.of(fitted));
    }

    /**
     * Takes sample {@code index} of a (batched) hypernetwork output as a change for {@code model}.
     */
    public static Change fromLoraSet(LoraSet lora, int index, String name, BaseModelIdentity model,
                                     float defaultStrength, ChangeSource source, byte[] beforeThumbnailPng,
                                     byte[] afterThumbnailPng) {
        Map<String, SlotFactors> factors = new LinkedHashMap<>();
        for (LoraSlot slot : model.slots()) {
            LoraSet.Factors f = lora.get(slot.name());
            if (f == null) {
                throw new IllegalArgumentException("the LoRA has no factors for slot " + slot.name());
            }
            factors.put(slot.name(), new SlotFactors(f.down().get(index).toFloatArray(), f.up().get(index).toFloatArray()));
        }
        return new Change(name, model.name(), model.sha256(), model.slots(), lora.rank(), lora.alpha(),
                defaultStrength, Instant.now(), source, beforeThumbnailPng, afterThumbnailPng, factors);
    }

    /** Sample 0 of a hypernetwork output (the usual single pair). */
    public static Change fromLoraSet(LoraSet lora, String name, BaseModelIdentity model, float defaultStrength,
                                     ChangeSource source, byte[] beforeThumbnailPng, byte[] afterThumbnailPng) {
        return fromLoraSet(lora, 0, name, model, defaultStrength, source, beforeThumbnailPng, afterThumbnailPng);
    }

    /** The change as a batch-of-one LoRA (down [1, r, in·k·k], up [1, out, r]) owned by {@code manager}. */
    public LoraSet toLoraSet(NDManager manager) {
        Map<String, LoraSet.Factors> arrays = new LinkedHashMap<>();
        for (LoraSlot slot : slots) {
            SlotFactors f = factors.get(slot.name());
            NDArray down = manager.create(f.down(), new Shape(1, rank, slot.downColumns()));
            NDArray up = manager.create(f.up(), new Shape(1, slot.out(), rank));
            arrays.put(slot.name(), new LoraSet.Factors(down, up));
        }
        return new LoraSet(slots, arrays, rank, alpha);
    }

    public Change withName(String newName) {
        return new Change(newName, baseModel, baseModelSha256, slots, rank, alpha, defaultStrength, created, source,
                beforeThumbnailPng, afterThumbnailPng, factors, fitted);
    }

    public Change withDefaultStrength(float strength) {
        return new Change(name, baseModel, baseModelSha256, slots, rank, alpha, strength, created, source,
                beforeThumbnailPng, afterThumbnailPng, factors, fitted);
    }

    /** The same LoRA with {@code part} as its fitted part (empty for none). */
    public Change withFitted(Optional<FittedChange> part) {
        return new Change(name, baseModel, baseModelSha256, slots, rank, alpha, defaultStrength, created, source,
                beforeThumbnailPng, afterThumbnailPng, factors, part);
    }

    /** The fitted part at {@code strength}, as the edit pipeline takes it ({@link FittedBlend#NONE} when none). */
    public FittedBlend fittedAt(double strength) {
        return fitted.map(part -> part.at(strength)).orElse(FittedBlend.NONE);
    }
}
