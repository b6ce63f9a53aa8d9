package studio.loc.hypernet.change;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import studio.loc.diffusion.tensor.SafeTensorsFile;

/**
 * Takes a LoRA from another tool (kohya or PEFT/diffusers naming, no LoC metadata) as a change for the open model.
 * Its shapes must match the model's slots exactly and its weights obey the same bounds as a LoC change; rank
 * comes from the shapes, alpha from the alpha tensors, the metadata, or else equals the rank. It has no fitted
 * part, no thumbnails and strength 1. A file that turns out to be a LoC change file is read as one.
 */
final class ForeignLoraImporter {

    private ForeignLoraImporter() {
    }

    static Change decode(SafeTensorsFile file, String source, BaseModelIdentity model) throws ChangeFileException {
        Map<String, String> meta = file.metadata();
        if (ChangeMetadata.isLocFile(meta)) {
            return LocChangeDecoder.decode(file, source, model);
        }
        // Another tool may still have copied LoC's sums along; if so they must hold.
        ChangeChecksums.verify(meta, file.tensors(), source);
        Map<String, LoraKeyNaming.SlotTensors> found = LoraKeyNaming.bySlot(file, source, model);
        LoraFactorCodec.requireComplete(found, model, source);
        long rank = found.get(model.slots().getFirst().name()).down.shape()[0];
        if (rank < 1 || rank > UntrustedFileGuard.MAX_RANK) {
            throw new ChangeFileException(source + " is a LoRA of rank " + rank + "; LoC Studio takes ranks 1 to "
                    + UntrustedFileGuard.MAX_RANK + ".");
        }
        LoraFactorCodec.Lora lora = LoraFactorCodec.decode(found, model.slots(), (int) rank,
                ChangeMetadata.alpha(meta, (int) rank, source), source);
        Change change = new Change(ChangeMetadata.name(meta, source), model.name(), model.sha256(), model.slots(),
                (int) rank, lora.alpha(), 1f, Instant.now(), ChangeSource.TRAINED, new byte[0], new byte[0],
                lora.factors(), Optional.empty());
        WeightBounds.check(change, source);
        return change;
    }
}
