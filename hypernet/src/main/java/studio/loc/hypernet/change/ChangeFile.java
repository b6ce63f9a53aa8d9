package studio.loc.hypernet.change;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import studio.loc.diffusion.colour.Lut3d;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.lora.SlotKind;
import studio.loc.diffusion.pairfit.FittedChange;
import studio.loc.diffusion.pairfit.GainMap;
import studio.loc.diffusion.pairfit.GaussianMixFilter;
import studio.loc.diffusion.tensor.DType;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.SafeTensorsFormatException;
import studio.loc.diffusion.tensor.Tensor;

/**
 * Reads and writes change files ({@code *.loc.safetensors}): a safetensors file with, per slot,
 * {@code lora_unet_<slot>.lora_down.weight} [r, in] (conv: [r, in, k, k], kohya LoCon),
 * {@code lora_unet_<slot>.lora_up.weight} [out, r] (conv: [out, r, 1, 1]) and {@code lora_unet_<slot>.alpha}, plus
 * string metadata ({@code format = loc-change/1}, base model name and sha256, rank, default strength, created, name,
 * source, base64 PNG thumbnails; and, when the change has one, its fitted part: {@code fitted_share}, the colour
 * tables {@code fitted_table} / {@code fitted_table_reverse} of {@code fitted_table_size}^3 nodes, and the filters
 * {@code fitted_filter} / {@code fitted_filter_reverse} with their radii {@code fitted_filter_sigmas} at
 * {@code fitted_filter_side}, and when it has a gain map, {@code fitted_gain} / {@code fitted_gain_reverse} of
 * {@code fitted_gain_grid}^2 nodes; numbers as base64 little-endian float32). PEFT/diffusers naming
 * ({@code [unet.]<slot>.lora_A.weight} / {@code lora_B}) is accepted when reading.
 *
 * <p>Everything is validated before a change is built: the container (by the safetensors reader), the format tag,
 * the base model, every slot present with the right shape, no tensor the model has no slot for, float dtypes only,
 * no NaN or infinity; a fitted part has all its keys, in range. Pickle files are refused by name and never opened.
 */
public final class ChangeFile {

    public static final String FORMAT = "loc-change/1";
    /**
     * The format of a change whose fitted part has a gain map. A reader of {@link #FORMAT} alone would ignore the
     * gain keys and apply the change without its vignette; with this tag it refuses the file and says it is newer.
     */
    public static final String FORMAT_WITH_GAIN = "loc-change/2";
    public static final String EXTENSION = ".loc.safetensors";

    static final String KEY_FORMAT = "format";
    static final String KEY_BASE_MODEL = "base_model";
    static final String KEY_BASE_MODEL_SHA256 = "base_model_sha256";
    static final String KEY_RANK = "rank";
    static final String KEY_ALPHA = "alpha";
    static final String KEY_DEFAULT_STRENGTH = "default_strength";
    static final String KEY_CREATED = "created";
    static final String KEY_NAME = "name";
    static final String KEY_SOURCE = "source";
    static final String KEY_THUMBNAIL_BEFORE = "thumbnail_before";
    static final String KEY_THUMBNAIL_AFTER = "thumbnail_after";
    static final String KEY_FITTED_SHARE = "fitted_share";
    static final String KEY_FITTED_TABLE_SIZE = "fitted_table_size";
    static final String KEY_FITTED_TABLE = "fitted_table";
    static final String KEY_FITTED_TABLE_REVERSE = "fitted_table_reverse";
    static final String KEY_FITTED_FILTER_SIDE = "fitted_filter_side";
    static final String KEY_FITTED_FILTER_SIGMAS = "fitted_filter_sigmas";
    static final String KEY_FITTED_FILTER = "fitted_filter";
    static final String KEY_FITTED_FILTER_REVERSE = "fitted_filter_reverse";
    static final String KEY_FITTED_GAIN_GRID = "fitted_gain_grid";
    static final String KEY_FITTED_GAIN = "fitted_gain";
    static final String KEY_FITTED_GAIN_REVERSE = "fitted_gain_reverse";
    private static final List<String> FITTED_KEYS = List.of(KEY_FITTED_SHARE, KEY_FITTED_TABLE_SIZE, KEY_FITTED_TABLE,
            KEY_FITTED_TABLE_REVERSE, KEY_FITTED_FILTER_SIDE, KEY_FITTED_FILTER_SIGMAS, KEY_FITTED_FILTER,
            KEY_FITTED_FILTER_REVERSE);
    /** A fitted part without a gain map has none of these (as files written before gain maps). */
    private static final List<String> GAIN_KEYS = List.of(KEY_FITTED_GAIN_GRID, KEY_FITTED_GAIN,
            KEY_FITTED_GAIN_REVERSE);
    /** A table node far outside the colour cube is damage, not a colour (fitted tables stay close to it). */
    private static final float TABLE_NODE_LIMIT = 4f;
    /** A filter weight this large is damage: fitted ones are a few units at most. */
    private static final float FILTER_WEIGHT_LIMIT = 1000f;
    /** A gain this large is damage: fitted ones are a few units at most. */
    private static final float GAIN_LIMIT = 1000f;

    /** Highest rank a change may have (composed changes concatenate ranks); bounds what a reader allocates. */
    public static final int MAX_RANK = 512;
    /** Room for the JSON header and thumbnails. */
    private static final long HEADER_ALLOWANCE = 16L << 20;

    private static final List<String> PICKLE_EXTENSIONS = List.of(".ckpt", ".pt", ".pth", ".bin", ".pkl", ".pickle");
    private static final List<String> PEFT_PREFIXES = List.of("unet.", "base_model.model.", "");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ChangeFile() {
    }

    /** Writes {@code change} atomically (a crash never leaves half a file). */
    public static void write(Path file, Change change) throws IOException {
        SafeTensors.write(file, metadata(change), tensors(change));
    }

    /** The complete file as bytes. */
    public static byte[] toBytes(Change change) {
        return SafeTensors.toBytes(metadata(change), tensors(change));
    }

    /** Reads a LoC change file made for {@code model}. */
    public static Change read(Path file, BaseModelIdentity model) throws ChangeFileException, IOException {
        String source = fileName(file);
        refusePickle(source);
        refuseOversized(file, source, model);
        return decode(readContainer(file, source), source, model, true);
    }

    /** Parses a change file held in memory; {@code sourceName} names it in messages. */
    public static Change parse(byte[] bytes, String sourceName, BaseModelIdentity model) throws ChangeFileException {
        refusePickle(sourceName);
        try {
            return decode(SafeTensors.parse(bytes, sourceName), sourceName, model, true);
        } catch (SafeTensorsFormatException e) {
            throw new ChangeFileException(e.getMessage(), e);
        }
    }

    /**
     * Imports a LoRA from another tool (kohya or PEFT/diffusers naming, no LoC metadata) for {@code model}: the
     * shapes must still match the model's slots exactly. A file that is a LoC change file is read as one,
     * including the base-model check. Rank comes from the shapes; alpha from the alpha tensors, the metadata, or
     * else equals the rank.
     */
    public static Change importLora(Path file, BaseModelIdentity model) throws ChangeFileException, IOException {
        String source = fileName(file);
        refusePickle(source);
        refuseOversized(file, source, model);
        SafeTensorsFile contents = readContainer(file, source);
        return decode(contents, source, model, contents.metadata().containsKey(KEY_FORMAT));
    }

    /** The largest file a change for {@code model} can be: float32 factors at {@link #MAX_RANK} plus the header. */
    static long maxFileBytes(BaseModelIdentity model) {
        long floats = 0;
        for (LoraSlot slot : model.slots()) {
            floats += (long) MAX_RANK * (slot.downColumns() + slot.out()) + 1;
        }
        return HEADER_ALLOWANCE + 4 * floats;
    }

    /** Checked before reading, so a huge file (damaged or hostile) is never loaded into memory. */
    private static void refuseOversized(Path file, String source, BaseModelIdentity model)
            throws ChangeFileException, IOException {
        long size = java.nio.file.Files.size(file);
        long limit = maxFileBytes(model);
        if (size > limit) {
            throw new ChangeFileException(source + " is " + (size >> 20) + " MB, more than any change for model \""
                    + model.name() + "\" can be (at most " + (limit >> 20) + " MB up to rank " + MAX_RANK
                    + "); it is not a change file for this model.");
        }
    }

    private static SafeTensorsFile readContainer(Path file, String source) throws ChangeFileException, IOException {
        try {
            return SafeTensors.read(file);
        } catch (SafeTensorsFormatException e) {
            throw new ChangeFileException(e.getMessage(), e);
        }
    }

    private static void refusePickle(String source) throws ChangeFileException {
        String lower = source.toLowerCase(Locale.ROOT);
        for (String extension : PICKLE_EXTENSIONS) {
            if (lower.endsWith(extension)) {
                throw new ChangeFileException(source + " is a PyTorch pickle file (" + extension + "). LoC Studio never "
                        + "opens pickle files because loading one can run arbitrary code; convert it to .safetensors "
                        + "with a trusted tool first.");
            }
        }
    }

    // ---------------------------------------------------------------- writing

    private static Map<String, String> metadata(Change change) {
        Map<String, String> meta = new LinkedHashMap<>();
        boolean hasGain = change.fitted().map(f -> !f.gain().isIdentity() || !f.reverseGain().isIdentity())
                .orElse(false);
        meta.put(KEY_FORMAT, hasGain ? FORMAT_WITH_GAIN : FORMAT);
        meta.put(KEY_NAME, change.name());
        meta.put(KEY_BASE_MODEL, change.baseModel());
        meta.put(KEY_BASE_MODEL_SHA256, change.baseModelSha256());
        meta.put(KEY_RANK, Integer.toString(change.rank()));
        meta.put(KEY_ALPHA, Float.toString(change.alpha()));
        meta.put(KEY_DEFAULT_STRENGTH, Float.toString(change.defaultStrength()));
        meta.put(KEY_CREATED, change.created().toString());
        meta.put(KEY_SOURCE, change.source().tag());
        meta.put(KEY_THUMBNAIL_BEFORE, Base64.getEncoder().encodeToString(change.beforeThumbnailPng()));
        meta.put(KEY_THUMBNAIL_AFTER, Base64.getEncoder().encodeToString(change.afterThumbnailPng()));
        change.fitted().ifPresent(fitted -> {
            // Metadata, not tensors: to other LoRA tools the file stays a plain LoRA, and older LoC Studio
            // versions read the LoRA and ignore what they do not know.
            meta.put(KEY_FITTED_SHARE, Double.toString(fitted.share()));
            meta.put(KEY_FITTED_TABLE_SIZE, Integer.toString(fitted.table().size()));
            meta.put(KEY_FITTED_TABLE, encodeFloats(fitted.table().nodes()));
            meta.put(KEY_FITTED_TABLE_REVERSE, encodeFloats(fitted.reverseTable().nodes()));
            meta.put(KEY_FITTED_FILTER_SIDE, Integer.toString(fitted.filter().referenceSide()));
            meta.put(KEY_FITTED_FILTER_SIGMAS, encodeFloats(toFloats(fitted.filter().sigmas())));
            meta.put(KEY_FITTED_FILTER, encodeFloats(fitted.filter().weights()));
            meta.put(KEY_FITTED_FILTER_REVERSE, encodeFloats(fitted.reverseFilter().weights()));
            if (!fitted.gain().isIdentity() || !fitted.reverseGain().isIdentity()) {
                // Both maps are fitted on the same grid.
                meta.put(KEY_FITTED_GAIN_GRID, Integer.toString(fitted.gain().grid()));
                meta.put(KEY_FITTED_GAIN, encodeFloats(fitted.gain().gains()));
                meta.put(KEY_FITTED_GAIN_REVERSE, encodeFloats(fitted.reverseGain().gains()));
            }
        });
        // What kohya-style tools show for a LoRA's size.
        meta.put("ss_network_dim", Integer.toString(change.rank()));
        meta.put("ss_network_alpha", Float.toString(change.alpha()));
        return meta;
    }

    private static List<Tensor> tensors(Change change) {
        List<Tensor> tensors = new ArrayList<>();
        int r = change.rank();
        for (LoraSlot slot : change.slots()) {
            Change.SlotFactors f = change.factors().get(slot.name());
            String stem = slot.kohyaName();
            tensors.add(Tensor.f32(stem + ".lora_down.weight", downShape(slot, r), f.down()));
            tensors.add(Tensor.f32(stem + ".lora_up.weight", upShape(slot, r), f.up()));
            tensors.add(Tensor.f32(stem + ".alpha", new long[0], new float[] {change.alpha()}));
        }
        return tensors;
    }

    static long[] downShape(LoraSlot slot, int rank) {
        return slot.kind() == SlotKind.CONV ? new long[] {rank, slot.in(), slot.kernel(), slot.kernel()}
                : new long[] {rank, slot.in()};
    }

    static long[] upShape(LoraSlot slot, int rank) {
        return slot.kind() == SlotKind.CONV ? new long[] {slot.out(), rank, 1, 1} : new long[] {slot.out(), rank};
    }

    // ---------------------------------------------------------------- reading

    private enum Role { DOWN, UP, ALPHA }

    /** The tensors found for one slot. */
    private static final class Found {
        Tensor down;
        Tensor up;
        Tensor alpha;
    }

    private static Change decode(SafeTensorsFile file, String source, BaseModelIdentity model, boolean requireLoc)
            throws ChangeFileException {
        Map<String, String> meta = file.metadata();
        if (requireLoc) {
            checkFormatAndModel(meta, source, model);
        }
        Map<String, Found> found = collect(file, source, model);
        List<LoraSlot> slots = model.slots();
        for (LoraSlot slot : slots) {
            Found f = found.get(slot.name());
            if (f == null || f.down == null || f.up == null) {
                throw new ChangeFileException(source + " has no " + (f == null || f.down == null ? "down" : "up")
                        + " matrix for layer " + slot.name() + " of model \"" + model.name()
                        + "\"; the file is incomplete or was made for a differently shaped model.");
            }
        }
        int rank = requireLoc ? positiveInt(meta, KEY_RANK, source)
                : (int) found.get(slots.getFirst().name()).down.shape()[0];
        float fileAlpha = alphaFallback(meta, rank, source);
        Map<String, Change.SlotFactors> factors = new LinkedHashMap<>();
        Float alpha = null;
        for (LoraSlot slot : slots) {
            Found f = found.get(slot.name());
            checkShape(f.down, downShape(slot, rank), source, slot, rank);
            checkShape(f.up, upShape(slot, rank), source, slot, rank);
            float[] down = finiteFloats(f.down, source);
            float[] up = finiteFloats(f.up, source);
            float slotAlpha = fileAlpha;
            if (f.alpha != null) {
                if (f.alpha.elementCount() != 1) {
                    throw new ChangeFileException(source + ": " + f.alpha.name() + " must be a single number, has shape "
                            + Arrays.toString(f.alpha.shape()));
                }
                slotAlpha = finiteFloats(f.alpha, source)[0];
            }
            if (alpha == null) {
                alpha = slotAlpha;
            } else if (slotAlpha != alpha) {
                // One alpha per change: fold a slot's different scale into its up matrix (same effect).
                float ratio = slotAlpha / alpha;
                for (int i = 0; i < up.length; i++) {
                    up[i] *= ratio;
                }
            }
            factors.put(slot.name(), new Change.SlotFactors(down, up));
        }
        if (!(alpha > 0)) {
            throw new ChangeFileException(source + ": LoRA alpha must be positive, got " + alpha);
        }
        String name = meta.getOrDefault(KEY_NAME, stem(source));
        float strength = requireLoc && meta.containsKey(KEY_DEFAULT_STRENGTH)
                ? finiteFloat(meta, KEY_DEFAULT_STRENGTH, source) : 1f;
        Instant created = requireLoc ? instant(meta, source) : Instant.now();
        ChangeSource origin = requireLoc ? origin(meta, source) : ChangeSource.TRAINED;
        byte[] before = requireLoc ? thumbnail(meta, KEY_THUMBNAIL_BEFORE, source) : new byte[0];
        byte[] after = requireLoc ? thumbnail(meta, KEY_THUMBNAIL_AFTER, source) : new byte[0];
        Optional<FittedChange> fitted = requireLoc ? fitted(meta, source) : Optional.empty();
        return new Change(name, model.name(), model.sha256(), slots, rank, alpha, strength, created, origin, before,
                after, factors, fitted);
    }

    /** The fitted part, when the file has one; all its keys or none. */
    private static Optional<FittedChange> fitted(Map<String, String> meta, String source) throws ChangeFileException {
        long present = FITTED_KEYS.stream().filter(meta::containsKey).count();
        if (present == 0) {
            return Optional.empty();
        }
        if (present < FITTED_KEYS.size()) {
            throw new ChangeFileException(source + ": its fitted filter and colour table are incomplete (the metadata "
                    + "needs all of " + String.join(", ", FITTED_KEYS) + "); the file is damaged.");
        }
        long gainKeys = GAIN_KEYS.stream().filter(meta::containsKey).count();
        if (gainKeys > 0 && gainKeys < GAIN_KEYS.size()) {
            throw new ChangeFileException(source + ": its fitted gain map is incomplete (the metadata needs all of "
                    + String.join(", ", GAIN_KEYS) + "); the file is damaged.");
        }
        float share = finiteFloat(meta, KEY_FITTED_SHARE, source);
        if (share < 0 || share > 1) {
            throw new ChangeFileException(source + ": metadata \"" + KEY_FITTED_SHARE + "\" must be between 0 and 1, "
                    + "got " + share);
        }
        int tableSize = positiveInt(meta, KEY_FITTED_TABLE_SIZE, source);
        int side = positiveInt(meta, KEY_FITTED_FILTER_SIDE, source);
        float[] sigmas = floats(meta, KEY_FITTED_FILTER_SIGMAS, FILTER_WEIGHT_LIMIT, source);
        try {
            double[] radii = new double[sigmas.length];
            for (int i = 0; i < radii.length; i++) {
                radii[i] = sigmas[i];
            }
            return Optional.of(new FittedChange(
                    GaussianMixFilter.of(side, radii, floats(meta, KEY_FITTED_FILTER, FILTER_WEIGHT_LIMIT, source)),
                    Lut3d.of(tableSize, floats(meta, KEY_FITTED_TABLE, TABLE_NODE_LIMIT, source)),
                    GaussianMixFilter.of(side, radii, floats(meta, KEY_FITTED_FILTER_REVERSE, FILTER_WEIGHT_LIMIT,
                            source)),
                    Lut3d.of(tableSize, floats(meta, KEY_FITTED_TABLE_REVERSE, TABLE_NODE_LIMIT, source)),
                    share, gain(meta, gainKeys > 0, KEY_FITTED_GAIN, source),
                    gain(meta, gainKeys > 0, KEY_FITTED_GAIN_REVERSE, source)));
        } catch (IllegalArgumentException e) {
            throw new ChangeFileException(source + ": its fitted filter, colour table or gain map is damaged: "
                    + e.getMessage(), e);
        }
    }

    /** The gain map under {@code key}, or no change when the file has no gain map. */
    private static GainMap gain(Map<String, String> meta, boolean present, String key, String source)
            throws ChangeFileException {
        if (!present) {
            return GainMap.identity();
        }
        return GainMap.of(positiveInt(meta, KEY_FITTED_GAIN_GRID, source), floats(meta, key, GAIN_LIMIT, source));
    }

    /** Base64 little-endian float32 values, each within ±{@code limit}. */
    private static float[] floats(Map<String, String> meta, String key, float limit, String source)
            throws ChangeFileException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(meta.get(key));
        } catch (IllegalArgumentException e) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not base64 text", e);
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not a whole number of floats");
        }
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        for (float v : values) {
            if (!(Math.abs(v) <= limit)) {
                throw new ChangeFileException(source + ": metadata \"" + key + "\" holds " + v
                        + ", out of range; the file is damaged.");
            }
        }
        return values;
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** Little-endian float32, base64: the byte layout of a safetensors F32 tensor. */
    private static String encodeFloats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static void checkFormatAndModel(Map<String, String> meta, String source, BaseModelIdentity model)
            throws ChangeFileException {
        String format = meta.get(KEY_FORMAT);
        if (format == null) {
            throw new ChangeFileException(source + " is not a LoC Studio change file (its metadata has no "
                    + "format = " + FORMAT + " tag). To use a LoRA from another tool, import it instead.");
        }
        if (!format.equals(FORMAT) && !format.equals(FORMAT_WITH_GAIN)) {
            throw new ChangeFileException(source + " has format \"" + format + "\", but this version of LoC Studio "
                    + "reads " + FORMAT + " and " + FORMAT_WITH_GAIN + "; it may have been written by a newer "
                    + "version.");
        }
        String fileModel = meta.get(KEY_BASE_MODEL);
        if (fileModel == null || fileModel.isBlank()) {
            throw new ChangeFileException(source + " does not say which base model it was made for.");
        }
        String fileSha = meta.getOrDefault(KEY_BASE_MODEL_SHA256, "");
        boolean sameModel = !fileSha.isEmpty() && !model.sha256().isEmpty()
                ? fileSha.equalsIgnoreCase(model.sha256()) : fileModel.equals(model.name());
        if (!sameModel) {
            // Same name, other weights: a retrained model (a new bundled model, say), where "open the model
            // named X" would name the one already open.
            String remedy = fileModel.equals(model.name())
                    ? "it was learned with another version of \"" + fileModel + "\". Learn the change again from"
                            + " its before/after pair with the open model, or open the version it was made for."
                    : "a change only works with the model it was learned for: open \"" + fileModel
                            + "\" to use it, or learn the change again with \"" + model.name() + "\".";
            throw new ChangeFileException(source + " was made for base model "
                    + BaseModelIdentity.describe(fileModel, fileSha) + ", but the open model is " + model.describe()
                    + ": " + remedy);
        }
    }

    /** Maps every tensor to (slot, role), refusing any tensor the model has no place for. */
    private static Map<String, Found> collect(SafeTensorsFile file, String source, BaseModelIdentity model)
            throws ChangeFileException {
        Map<String, LoraSlot> byKohya = new LinkedHashMap<>();
        Map<String, LoraSlot> byDotted = new LinkedHashMap<>();
        for (LoraSlot slot : model.slots()) {
            byKohya.put(slot.kohyaName(), slot);
            byDotted.put(slot.name(), slot);
        }
        Map<String, Found> found = new LinkedHashMap<>();
        for (Tensor tensor : file.tensors()) {
            String name = tensor.name();
            Role role;
            String stem;
            LoraSlot slot;
            if (name.endsWith(".lora_down.weight") || name.endsWith(".lora_up.weight")) {
                role = name.endsWith(".lora_down.weight") ? Role.DOWN : Role.UP;
                stem = name.substring(0, name.lastIndexOf(role == Role.DOWN ? ".lora_down" : ".lora_up"));
                slot = byKohya.get(stem);
            } else if (name.endsWith(".lora_A.weight") || name.endsWith(".lora_B.weight")) {
                role = name.endsWith(".lora_A.weight") ? Role.DOWN : Role.UP;
                stem = name.substring(0, name.length() - ".lora_A.weight".length());
                slot = peftSlot(stem, byDotted);
            } else if (name.endsWith(".alpha")) {
                role = Role.ALPHA;
                stem = name.substring(0, name.length() - ".alpha".length());
                slot = byKohya.containsKey(stem) ? byKohya.get(stem) : peftSlot(stem, byDotted);
            } else {
                throw new ChangeFileException(source + " holds tensor \"" + name + "\", which is not a LoRA factor; "
                        + "a change file holds only lora_down/lora_up/alpha tensors.");
            }
            if (slot == null) {
                throw new ChangeFileException(source + " has a LoRA for layer \"" + stem + "\", which model \""
                        + model.name() + "\" does not have; it was probably made for another model.");
            }
            if (tensor.dtype() != DType.F32 && tensor.dtype() != DType.F16 && tensor.dtype() != DType.BF16) {
                throw new ChangeFileException(source + ": tensor \"" + name + "\" holds " + tensor.dtype()
                        + " values; LoRA factors must be floating point.");
            }
            Found f = found.computeIfAbsent(slot.name(), k -> new Found());
            Tensor previous = switch (role) {
                case DOWN -> f.down;
                case UP -> f.up;
                case ALPHA -> f.alpha;
            };
            if (previous != null) {
                throw new ChangeFileException(source + " has two " + role.name().toLowerCase(Locale.ROOT)
                        + " tensors for layer " + slot.name() + " (\"" + previous.name() + "\" and \"" + name + "\").");
            }
            switch (role) {
                case DOWN -> f.down = tensor;
                case UP -> f.up = tensor;
                case ALPHA -> f.alpha = tensor;
            }
        }
        return found;
    }

    private static LoraSlot peftSlot(String stem, Map<String, LoraSlot> byDotted) {
        for (String prefix : PEFT_PREFIXES) {
            if (stem.startsWith(prefix)) {
                LoraSlot slot = byDotted.get(stem.substring(prefix.length()));
                if (slot != null) {
                    return slot;
                }
            }
        }
        return null;
    }

    private static void checkShape(Tensor tensor, long[] expected, String source, LoraSlot slot, int rank)
            throws ChangeFileException {
        if (!Arrays.equals(tensor.shape(), expected)) {
            throw new ChangeFileException(source + ": tensor \"" + tensor.name() + "\" has shape "
                    + Arrays.toString(tensor.shape()) + ", but layer " + slot.name() + " at rank " + rank + " needs "
                    + Arrays.toString(expected) + ".");
        }
    }

    private static float[] finiteFloats(Tensor tensor, String source) throws ChangeFileException {
        float[] values = tensor.toFloats();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ChangeFileException(source + ": tensor \"" + tensor.name() + "\" contains " + values[i]
                        + " at element " + i + "; the change is damaged.");
            }
        }
        return values;
    }

    private static float alphaFallback(Map<String, String> meta, int rank, String source) throws ChangeFileException {
        for (String key : List.of(KEY_ALPHA, "ss_network_alpha")) {
            if (meta.containsKey(key)) {
                return finiteFloat(meta, key, source);
            }
        }
        return rank;
    }

    private static int positiveInt(Map<String, String> meta, String key, String source) throws ChangeFileException {
        String value = meta.get(key);
        try {
            int parsed = Integer.parseInt(value == null ? "" : value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ChangeFileException(source + ": metadata \"" + key + "\" must be a positive whole number, got "
                + (value == null ? "nothing" : "\"" + value + "\""));
    }

    private static float finiteFloat(Map<String, String> meta, String key, String source) throws ChangeFileException {
        String value = meta.get(key);
        try {
            float parsed = Float.parseFloat(value.trim());
            if (Float.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new ChangeFileException(source + ": metadata \"" + key + "\" must be a number, got \"" + value + "\"");
    }

    private static Instant instant(Map<String, String> meta, String source) throws ChangeFileException {
        String value = meta.get(KEY_CREATED);
        if (value == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ChangeFileException(source + ": metadata \"created\" is not a date (ISO-8601), got \"" + value
                    + "\"", e);
        }
    }

    private static ChangeSource origin(Map<String, String> meta, String source) throws ChangeFileException {
        String value = meta.getOrDefault(KEY_SOURCE, ChangeSource.TRAINED.tag());
        ChangeSource origin = ChangeSource.fromTag(value);
        if (origin == null) {
            throw new ChangeFileException(source + ": metadata \"source\" must be \"pair\" or \"trained\", got \""
                    + value + "\"");
        }
        return origin;
    }

    private static byte[] thumbnail(Map<String, String> meta, String key, String source) throws ChangeFileException {
        String value = meta.get(key);
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        byte[] png;
        try {
            png = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not base64 text", e);
        }
        if (png.length < PNG_SIGNATURE.length
                || !Arrays.equals(Arrays.copyOf(png, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
            throw new ChangeFileException(source + ": metadata \"" + key + "\" is not a PNG image");
        }
        return png;
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private static String stem(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        for (String ext : List.of(EXTENSION, ".safetensors")) {
            if (lower.endsWith(ext)) {
                return source.substring(0, source.length() - ext.length());
            }
        }
        return source;
    }

    // ---------------------------------------------------------------- reading without a model

    /** Largest change file read without a model to bound it (a rank-512 change of a very large UNet is far less). */
    static final long UNCHECKED_MAX_BYTES = 1L << 30;

    /**
     * Reads a LoC change file without a base model to check it against, to show what it holds ({@code inspect}).
     * The slots are taken from the file's own tensors and named by their key stems ({@code lora_unet_} dropped,
     * underscores kept), so they are not the model's dotted slot names; everything else (format tag, metadata,
     * shapes against the rank, finite values, thumbnails) is validated as in {@link #read}. Never use the result
     * on a model without reading the file again with {@link #read}.
     */
    public static Change readUnchecked(Path file) throws ChangeFileException, IOException {
        String source = fileName(file);
        refusePickle(source);
        long size = java.nio.file.Files.size(file);
        if (size > UNCHECKED_MAX_BYTES) {
            throw new ChangeFileException(source + " is " + (size >> 20) + " MB, far larger than any change file.");
        }
        SafeTensorsFile contents = readContainer(file, source);
        Map<String, String> meta = contents.metadata();
        BaseModelIdentity itself = new BaseModelIdentity(meta.getOrDefault(KEY_BASE_MODEL, ""),
                meta.getOrDefault(KEY_BASE_MODEL_SHA256, ""), List.of());
        checkFormatAndModel(meta, source, itself);
        return decode(contents, source, new BaseModelIdentity(itself.name(), itself.sha256(),
                slotsInFile(contents, source)), true);
    }

    /** The slots a file's kohya-named down/up pairs describe, shapes read from the tensors. */
    private static List<LoraSlot> slotsInFile(SafeTensorsFile file, String source) throws ChangeFileException {
        String down = ".lora_down.weight";
        List<LoraSlot> slots = new ArrayList<>();
        for (Tensor tensor : file.tensors()) {
            String name = tensor.name();
            if (!name.endsWith(down) || !name.startsWith("lora_unet_")) {
                continue; // anything else is judged by decode
            }
            String stem = name.substring(0, name.length() - down.length());
            String upName = stem + ".lora_up.weight";
            if (!file.contains(upName)) {
                throw new ChangeFileException(source + " has no up matrix for layer " + stem
                        + "; the file is incomplete.");
            }
            long[] d = tensor.shape();
            long[] u = file.get(upName).shape();
            boolean conv = d.length == 4 && d[2] == d[3];
            if (!(d.length == 2 || conv) || u.length < 2 || d[1] < 1 || u[0] < 1) {
                throw new ChangeFileException(source + ": layer " + stem + " has factors of shapes "
                        + Arrays.toString(d) + " and " + Arrays.toString(u) + ", which no LoRA layer has.");
            }
            String slot = stem.substring("lora_unet_".length());
            slots.add(conv ? LoraSlot.conv(slot, (int) d[1], (int) u[0], (int) d[2])
                    : LoraSlot.linear(slot, (int) d[1], (int) u[0]));
        }
        if (slots.isEmpty()) {
            throw new ChangeFileException(source + " holds no LoRA layers (lora_unet_*.lora_down.weight).");
        }
        return slots;
    }
}
