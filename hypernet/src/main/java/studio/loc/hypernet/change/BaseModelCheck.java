package studio.loc.hypernet.change;

import java.util.Map;

/**
 * Whether a change file was made for the open base model: by fingerprint when both have one, else by name. A
 * change only works with the weights it was learned on, so anything else is refused with what to do instead.
 */
final class BaseModelCheck {

    private BaseModelCheck() {
    }

    static void require(Map<String, String> meta, String source, BaseModelIdentity model)
            throws ChangeFileException {
        String fileModel = meta.get(ChangeMetadata.KEY_BASE_MODEL);
        if (fileModel == null || fileModel.isBlank()) {
            throw new ChangeFileException(source + " does not say which base model it was made for.");
        }
        String fileSha = meta.getOrDefault(ChangeMetadata.KEY_BASE_MODEL_SHA256, "");
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
}
