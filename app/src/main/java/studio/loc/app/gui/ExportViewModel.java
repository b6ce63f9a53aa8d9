package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectExpression;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.ObservableList;
import studio.loc.app.messages.Texts;
import studio.loc.diffusion.image.Picture;
import studio.loc.diffusion.sample.SamplingOptions;
import studio.loc.hypernet.engine.LearnedChange;

/**
 * Writing edited photos: the shown one (Export), or every photo of the filmstrip with the current change at the
 * current strength (Export all). Originals are never overwritten without an explicit yes, and Export all never
 * writes onto an existing file. The format is the one last chosen, else the photo's own.
 */
public final class ExportViewModel {

    private final EngineSession session;
    private final PictureFiles files;
    private final GuiSettings settings;
    private final StatusViewModel status;
    private final PreviewViewModel preview;
    private final ObjectExpression<QueryItem> selectedQuery;
    private final ObservableList<QueryItem> photos;
    private final IntegerProperty jpegQuality;
    private final BooleanBinding canExport;
    private final BooleanBinding canExportAll;
    /** Folders of the photos shipped with the app: exports go elsewhere (the user's pictures), not in there. */
    private final List<Path> bundledFolders = new ArrayList<>();

    ExportViewModel(EngineSession session, PictureFiles files, GuiSettings settings, StatusViewModel status,
                    PreviewViewModel preview, ObjectExpression<QueryItem> selectedQuery,
                    ObservableList<QueryItem> photos) {
        this.session = session;
        this.files = files;
        this.settings = settings;
        this.status = status;
        this.preview = preview;
        this.selectedQuery = selectedQuery;
        this.photos = photos;
        jpegQuality = new SimpleIntegerProperty(this, "jpegQuality", settings.jpegQuality());
        jpegQuality.addListener((obs, old, now) -> settings.setJpegQuality(now.intValue()));
        canExport = preview.resultImageProperty().isNotNull().and(status.busyProperty().not());
        canExportAll = preview.changeProperty().isNotNull().and(javafx.beans.binding.Bindings.isNotEmpty(photos))
                .and(status.busyProperty().not());
    }

    public BooleanBinding canExportBinding() {
        return canExport;
    }

    public BooleanBinding canExportAllBinding() {
        return canExportAll;
    }

    /** 1..100; remembered. */
    public IntegerProperty jpegQualityProperty() {
        return jpegQuality;
    }

    /** The samples' folder: the first export offers the user's pictures folder instead. */
    void treatAsBundled(Path folder) {
        bundledFolders.add(folder.toAbsolutePath().normalize());
    }

    /** The format to offer: the one last exported to, else the selected photo's own (JPEG for a JPEG). */
    public ExportFormat suggestedFormat() {
        return settings.exportFormat().or(() -> Optional.ofNullable(selectedQuery.get())
                .flatMap(q -> ExportFormat.ofName(q.file()))).orElse(ExportFormat.PNG);
    }

    /** Where to offer to export: the last export folder, else the photo's folder unless it is a bundled one. */
    public Path suggestedFolder() {
        return settings.lastFolder(GuiSettings.Folder.EXPORT).orElseGet(() -> {
            QueryItem query = selectedQuery.get();
            Path folder = query == null ? null : query.file().toAbsolutePath().normalize().getParent();
            if (folder != null && bundledFolders.stream().noneMatch(folder::startsWith) && Files.isWritable(folder)) {
                return folder;
            }
            return picturesFolder();
        });
    }

    /** The user's own pictures folder, or the home folder where there is none. */
    static Path picturesFolder() {
        Path home = Path.of(System.getProperty("user.home"));
        Path pictures = home.resolve("Pictures");
        return Files.isDirectory(pictures) ? pictures : home;
    }

    /** True when {@code target} is the selected photo's own file: exporting there would overwrite the original. */
    public boolean isOriginalOfSelected(Path target) {
        QueryItem query = selectedQuery.get();
        return query != null && sameFile(target, query.file());
    }

    /** A file name suggestion for exporting the current result: "photo-edited.jpg". */
    public String suggestedName(ExportFormat format) {
        QueryItem query = selectedQuery.get();
        return query == null ? Texts.text("export.defaultName") + format.extension() : editedName(query, format);
    }

    /**
     * Writes the shown result. Refuses the original photo's own file unless {@code overwriteOriginal} (the view
     * asks the user first).
     */
    public void export(Path target, boolean overwriteOriginal) {
        Picture result = preview.resultPicture();
        QueryItem query = selectedQuery.get();
        if (result == null) {
            return;
        }
        if (isOriginalOfSelected(target) && !overwriteOriginal) {
            status.tell(Texts.format("export.refusedOriginal", target.getFileName()), true);
            return;
        }
        settings.rememberFolder(GuiSettings.Folder.EXPORT, target);
        ExportFormat format = ExportFormat.forFile(target);
        settings.rememberExportFormat(format);
        int quality = jpegQuality.get();
        status.run(Texts.text("task.exporting"), (p, c) -> {
            files.write(result, target, format, quality);
            return target;
        }, written -> {
            if (query != null) {
                query.markExported();
            }
            status.say(Texts.format("export.done", written.getFileName(), format.name(),
                    written.toAbsolutePath().getParent()));
        });
    }

    /**
     * Edits every photo of the filmstrip with the current change and strength into {@code folder}, as
     * "name-edited" in {@code format}; a file that exists already gets a number instead of being replaced.
     */
    public void exportAll(Path folder, ExportFormat format) {
        LearnedChange change = preview.changeProperty().get();
        if (change == null || photos.isEmpty() || !session.isReady()) {
            return;
        }
        SamplingOptions sampler;
        try {
            sampler = preview.samplerSettings();
        } catch (IllegalArgumentException e) {
            status.tell(Texts.format("preview.checkSettings", e.getMessage()), true);
            return;
        }
        settings.rememberFolder(GuiSettings.Folder.EXPORT, folder);
        settings.rememberExportFormat(format);
        List<QueryItem> all = List.copyOf(photos);
        int quality = jpegQuality.get();
        EngineSession.PhotoEditor editor = session.editor(change, preview.strengthProperty().get(), sampler);
        status.run(Texts.format("task.exportingAll", all.size()), (p, c) -> {
            Files.createDirectories(folder);
            List<QueryItem> written = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                c.throwIfCancelled();
                QueryItem query = all.get(i);
                long base = i;
                p.onProgress(i, all.size(), Texts.format("task.exportingOne", i + 1, all.size(), query.name()));
                try (Picture photo = files.read(query.file());
                     Picture edited = editor.edit(photo, (done, total, m) -> p.onProgress(
                             base * total + done, (long) all.size() * Math.max(1, total),
                             Texts.format("task.exportingOne", base + 1, all.size(), query.name())), c)) {
                    files.write(edited, freeTarget(folder, editedName(query, format), query.file()), format, quality);
                }
                written.add(query);
            }
            return written;
        }, written -> {
            written.forEach(QueryItem::markExported);
            status.say(Texts.format("export.allDone", written.size(), folder));
        });
    }

    private static String editedName(QueryItem query, ExportFormat format) {
        return Texts.format("export.name", query.name().replaceFirst("\\.[^.]+$", "")) + format.extension();
    }

    /** {@code name} in {@code folder}, or "name (2)" … when that exists already or is the original. */
    static Path freeTarget(Path folder, String name, Path original) {
        Path target = folder.resolve(name);
        int dot = name.lastIndexOf('.');
        for (int n = 2; Files.exists(target) || sameFile(target, original); n++) {
            target = folder.resolve(name.substring(0, dot) + " (" + n + ")" + name.substring(dot));
        }
        return target;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.isSameFile(a, b)) {
                return true;
            }
        } catch (IOException e) {
            // fall through to a path comparison
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
