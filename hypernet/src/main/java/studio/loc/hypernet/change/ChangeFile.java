package studio.loc.hypernet.change;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import studio.loc.diffusion.lora.LoraSlot;
import studio.loc.diffusion.tensor.SafeTensors;
import studio.loc.diffusion.tensor.SafeTensorsFile;
import studio.loc.diffusion.tensor.Tensor;

/**
 * Reads and writes change files ({@code *.loc.safetensors}): a safetensors file holding a change's LoRA as kohya
 * tensors ({@link LoraFactorCodec}, {@link LoraKeyNaming}) and everything else as string metadata
 * ({@link ChangeMetadata}, {@link FittedPartCodec}), sealed by checksums ({@link ChangeChecksums}). The entry
 * points of the format; each job is done by the class named.
 *
 * <p>Everything is validated before a change is built ({@link UntrustedFileGuard}, {@link LocChangeDecoder}): the
 * content (pickles are refused by what they are, never opened), the size, the container, the format tag, the base
 * model ({@link BaseModelCheck}), the checksums, every slot present with the right shape, no tensor the model has
 * no slot for, float dtypes only, no NaN or infinity, factors and weight changes within {@link WeightBounds}; a
 * fitted part has all its keys, in range. Foreign LoRAs go through {@link ForeignLoraImporter}.
 */
public final class ChangeFile {

    public static final String FORMAT = ChangeMetadata.FORMAT;
    /** The format of a change whose fitted part has a gain map (see {@link ChangeMetadata#FORMAT_WITH_GAIN}). */
    public static final String FORMAT_WITH_GAIN = ChangeMetadata.FORMAT_WITH_GAIN;
    public static final String EXTENSION = ChangeMetadata.EXTENSION;
    /** Highest rank a change may have (composed changes concatenate ranks); bounds what a reader allocates. */
    public static final int MAX_RANK = UntrustedFileGuard.MAX_RANK;

    private ChangeFile() {
    }

    /** Writes {@code change} atomically (a crash never leaves half a file). */
    public static void write(Path file, Change change) throws IOException {
        List<Tensor> tensors = LoraFactorCodec.tensors(change);
        SafeTensors.write(file, ChangeMetadata.of(change, tensors), tensors);
    }

    /** The complete file as bytes. */
    public static byte[] toBytes(Change change) {
        List<Tensor> tensors = LoraFactorCodec.tensors(change);
        return SafeTensors.toBytes(ChangeMetadata.of(change, tensors), tensors);
    }

    /** Reads a LoC change file made for {@code model}. */
    public static Change read(Path file, BaseModelIdentity model) throws ChangeFileException, IOException {
        String source = fileName(file);
        return LocChangeDecoder.decode(UntrustedFileGuard.read(file, source, model), source, model);
    }

    /** Parses a change file held in memory; {@code sourceName} names it in messages. */
    public static Change parse(byte[] bytes, String sourceName, BaseModelIdentity model) throws ChangeFileException {
        return LocChangeDecoder.decode(UntrustedFileGuard.parse(bytes, sourceName), sourceName, model);
    }

    /**
     * Imports a LoRA from another tool (kohya or PEFT/diffusers naming, no LoC metadata) for {@code model}; a LoC
     * change file is read as one, including the base-model check. See {@link ForeignLoraImporter}.
     */
    public static Change importLora(Path file, BaseModelIdentity model) throws ChangeFileException, IOException {
        String source = fileName(file);
        return ForeignLoraImporter.decode(UntrustedFileGuard.read(file, source, model), source, model);
    }

    /**
     * Reads a LoC change file without a base model to check it against, to show what it holds ({@code inspect}).
     * The slots are taken from the file's own tensors and named by their key stems ({@code lora_unet_} dropped,
     * underscores kept), so they are not the model's dotted slot names; everything else (format tag, checksums,
     * metadata, shapes against the rank, finite and bounded values, thumbnails) is validated as in {@link #read}.
     * Never use the result on a model without reading the file again with {@link #read}.
     */
    public static Change readUnchecked(Path file) throws ChangeFileException, IOException {
        String source = fileName(file);
        SafeTensorsFile contents = UntrustedFileGuard.readUnbounded(file, source);
        Map<String, String> meta = contents.metadata();
        ChangeMetadata.requireLocFormat(meta, source);
        BaseModelIdentity itself = new BaseModelIdentity(meta.getOrDefault(ChangeMetadata.KEY_BASE_MODEL, ""),
                meta.getOrDefault(ChangeMetadata.KEY_BASE_MODEL_SHA256, ""),
                LoraKeyNaming.slotsInFile(contents, source));
        return LocChangeDecoder.decode(contents, source, itself);
    }

    /** The largest file a change for {@code model} can be: float32 factors at {@link #MAX_RANK} plus the header. */
    static long maxFileBytes(BaseModelIdentity model) {
        return UntrustedFileGuard.maxFileBytes(model);
    }

    static long[] downShape(LoraSlot slot, int rank) {
        return LoraFactorCodec.downShape(slot, rank);
    }

    static long[] upShape(LoraSlot slot, int rank) {
        return LoraFactorCodec.upShape(slot, rank);
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
