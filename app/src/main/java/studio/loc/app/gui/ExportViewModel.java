package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectExpression;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.image.Picture;

/** Writing the shown result to a file; the original photo is never overwritten without an explicit yes. */
public final class ExportViewModel {

    private final PictureFiles files;
    private final GuiSettings settings;
    private final StatusViewModel status;
    private final PreviewViewModel preview;
    private final ObjectExpression<QueryItem> selectedQuery;
    private final BooleanBinding canExport;

    ExportViewModel(PictureFiles files, GuiSettings settings, StatusViewModel status, PreviewViewModel preview,
                    ObjectExpression<QueryItem> selectedQuery) {
        this.files = files;
        this.settings = settings;
        this.status = status;
        this.preview = preview;
        this.selectedQuery = selectedQuery;
        canExport = preview.resultImageProperty().isNotNull().and(status.busyProperty().not());
    }

    public BooleanBinding canExportBinding() {
        return canExport;
    }

    /** True when {@code target} is the selected photo's own file: exporting there would overwrite the original. */
    public boolean isOriginalOfSelected(Path target) {
        QueryItem query = selectedQuery.get();
        if (query == null) {
            return false;
        }
        try {
            if (Files.exists(target) && Files.isSameFile(target, query.file())) {
                return true;
            }
        } catch (IOException e) {
            // fall through to a path comparison
        }
        return target.toAbsolutePath().normalize().equals(query.file().toAbsolutePath().normalize());
    }

    /** A file name suggestion for exporting the current result: "photo-edited.png". */
    public String suggestedName(ExportFormat format) {
        QueryItem query = selectedQuery.get();
        String base = query == null ? Texts.text("export.defaultName")
                : Texts.format("export.name", query.name().replaceFirst("\\.[^.]+$", ""));
        return base + format.extension();
    }

    /**
     * Writes the shown result. Refuses the original photo's own file unless {@code overwriteOriginal} (the view
     * asks the user first).
     */
    public void export(Path target, boolean overwriteOriginal) {
        Picture result = preview.resultPicture();
        if (result == null) {
            return;
        }
        if (isOriginalOfSelected(target) && !overwriteOriginal) {
            status.tell(Texts.format("export.refusedOriginal", target.getFileName()), true);
            return;
        }
        settings.rememberFolder(GuiSettings.Folder.EXPORT, target);
        ExportFormat format = ExportFormat.forFile(target);
        status.run(Texts.text("task.exporting"), (p, c) -> {
            files.write(result, target, format);
            return target;
        }, written -> status.say(Texts.format("export.done", written.getFileName(), format.name(),
                written.toAbsolutePath().getParent())));
    }
}
