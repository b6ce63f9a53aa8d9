package studio.loc.hypernet.change;

import java.util.Map;
import studio.loc.diffusion.tensor.SafeTensorsFile;

/**
 * Turns the container of a LoC Studio change file into a {@link Change}, checking everything in the order a person
 * can act on: the format tag, the base model, the checksums, the LoRA tensors (complete, shaped for the model,
 * finite, bounded), the metadata fields and the fitted part, then the size of each layer's weight change.
 */
final class LocChangeDecoder {

    private LocChangeDecoder() {
    }

    static Change decode(SafeTensorsFile file, String source, BaseModelIdentity model) throws ChangeFileException {
        Map<String, String> meta = file.metadata();
        ChangeMetadata.requireLocFormat(meta, source);
        BaseModelCheck.require(meta, source, model);
        ChangeChecksums.verify(meta, file.tensors(), source);
        Map<String, LoraKeyNaming.SlotTensors> found = LoraKeyNaming.bySlot(file, source, model);
        LoraFactorCodec.requireComplete(found, model, source);
        int rank = ChangeMetadata.rank(meta, source);
        LoraFactorCodec.Lora lora = LoraFactorCodec.decode(found, model.slots(), rank,
                ChangeMetadata.alpha(meta, rank, source), source);
        Change change = new Change(ChangeMetadata.name(meta, source), model.name(), model.sha256(), model.slots(),
                rank, lora.alpha(), ChangeMetadata.defaultStrength(meta, source),
                ChangeMetadata.created(meta, source), ChangeMetadata.origin(meta, source),
                ChangeMetadata.thumbnail(meta, ChangeMetadata.KEY_THUMBNAIL_BEFORE, source),
                ChangeMetadata.thumbnail(meta, ChangeMetadata.KEY_THUMBNAIL_AFTER, source), lora.factors(),
                FittedPartCodec.read(meta, source));
        WeightBounds.check(change, source);
        return change;
    }
}
