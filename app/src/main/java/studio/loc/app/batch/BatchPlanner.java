package studio.loc.app.batch;

import static studio.loc.app.batch.OutputNaming.key;
import static studio.loc.app.batch.OutputNaming.sourceExtension;
import static studio.loc.app.batch.OutputNaming.withSuffix;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the inputs of a request into the list of photos to edit and their output paths: walks folders, keeps the
 * sub-folder layout, sorts non-images out, and gives every output a distinct name that never is an input.
 */
final class BatchPlanner {

    private final ImageCodec codec;

    BatchPlanner(ImageCodec codec) {
        this.codec = codec;
    }

    BatchPlan plan(BatchRequest request) throws BatchSetupException {
        if (request.format() != null && codec.formatOf("x." + request.format()).isEmpty()) {
            throw new BatchSetupException("Unknown output format \"" + request.format() + "\".");
        }
        List<Path> inputs = new ArrayList<>();
        for (Path input : request.inputs()) {
            Path absolute = input.toAbsolutePath().normalize();
            if (!Files.exists(absolute)) {
                throw new BatchSetupException("Input not found: " + absolute
                        + (Files.isSymbolicLink(absolute) ? " (a link to something that does not exist)" : ""));
            }
            if (!Files.isDirectory(absolute) && !Files.isRegularFile(absolute)) {
                throw new BatchSetupException("Input is neither a photo nor a folder (a pipe, socket or device): "
                        + absolute);
            }
            inputs.add(absolute);
        }
        return request.singleFileOutput() ? planSingle(request, inputs) : planFolder(request, inputs);
    }

    private BatchPlan planSingle(BatchRequest request, List<Path> inputs) throws BatchSetupException {
        if (inputs.size() != 1 || !Files.isRegularFile(inputs.getFirst())) {
            throw new BatchSetupException("An output file (-o " + request.output().getFileName()
                    + ") takes exactly one input photo; to edit several photos or a folder, give an output folder.");
        }
        Path input = inputs.getFirst();
        Path output = request.output().toAbsolutePath().normalize();
        if (Files.isDirectory(output)) {
            throw new BatchSetupException("The output " + output + " is a folder, not a file.");
        }
        if (codec.formatOf(input.getFileName().toString()).isEmpty()) {
            throw new BatchSetupException("Not a photo (unknown extension): " + input);
        }
        Optional<String> named = codec.formatOf(output.getFileName().toString());
        if (request.format() != null && named.isPresent() && !named.get().equals(request.format())) {
            throw new BatchSetupException("The output name " + output.getFileName() + " says " + named.get()
                    + " but the format asked for is " + request.format() + "; make them agree.");
        }
        String format = request.format() != null ? request.format()
                : codec.formatOf(output.getFileName().toString()).orElseThrow(() -> new BatchSetupException(
                        "Cannot tell the output format from \"" + output.getFileName()
                                + "\": end it with .png, .jpg, .tif or .webp, or add --format."));
        if (PathSafety.real(output).equals(PathSafety.real(input))) {
            throw new BatchSetupException("The output " + output + " is the input photo itself; originals are "
                    + "never overwritten. Choose another output name.");
        }
        if (!request.overwrite() && Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new BatchSetupException("The output " + output + " already exists; it is kept. Choose another "
                    + "output name, or add --overwrite to replace it.");
        }
        PlannedFile file = new PlannedFile(input, output, output.getFileName().toString(), format);
        return new BatchPlan(output.getParent(), List.of(file), List.of(), List.of());
    }

    private BatchPlan planFolder(BatchRequest request, List<Path> inputs) throws BatchSetupException {
        Path outputRoot = request.output().toAbsolutePath().normalize();
        if (Files.exists(outputRoot) && !Files.isDirectory(outputRoot)) {
            throw new BatchSetupException("The output " + outputRoot + " is a file; name a folder for the results"
                    + " (or give a single input photo to write one file).");
        }
        Path realOutput = PathSafety.real(outputRoot);
        Path excluded = null;
        for (Path input : inputs) {
            if (Files.isDirectory(input) && PathSafety.isSameOrInside(realOutput, PathSafety.real(input))) {
                if (realOutput.equals(PathSafety.real(input))) {
                    throw new BatchSetupException("The output folder is the input folder " + input
                            + "; choose a separate output folder (originals are never overwritten).");
                }
                if (!request.allowInsideInput()) {
                    throw new BatchSetupException("The output folder " + outputRoot + " is inside the input folder "
                            + input + ". Choose a folder outside it, or add --allow-inside-input (the output "
                            + "folder is then left out of the input).");
                }
                excluded = realOutput;
            }
        }
        boolean soleFolder = inputs.size() == 1 && Files.isDirectory(inputs.getFirst());
        List<Candidate> candidates = new ArrayList<>();
        List<FileResult> notImages = new ArrayList<>();
        List<FileResult> unreadable = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isRegularFile(input)) {
                classify(input, input.getFileName().toString(), candidates, notImages);
            } else {
                String prefix = soleFolder ? "" : folderName(input) + "/";
                for (Path file : walk(input, excluded, unreadable, notImages)) {
                    String relative = prefix + input.relativize(file).toString().replace('\\', '/');
                    classify(file, relative, candidates, notImages);
                }
            }
        }
        List<PlannedFile> named = name(candidates, request.format(), outputRoot, inputs,
                BatchJournal.outputsOf(outputRoot), request.overwrite());
        return new BatchPlan(outputRoot, named, notImages, unreadable);
    }

    private static String folderName(Path folder) {
        Path name = folder.getFileName();
        return name == null ? "root" : name.toString();
    }

    private void classify(Path file, String relative, List<Candidate> candidates, List<FileResult> notImages) {
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            notImages.add(new FileResult(file, null, FileStatus.SKIPPED_NOT_IMAGE, "hidden file"));
            return;
        }
        Optional<String> format = codec.formatOf(name);
        if (format.isEmpty()) {
            int dot = name.lastIndexOf('.');
            String reason = dot < 0 ? "not an image (no extension)" : "not an image (" + name.substring(dot) + ")";
            notImages.add(new FileResult(file, null, FileStatus.SKIPPED_NOT_IMAGE, reason));
        } else {
            candidates.add(new Candidate(file, relative, format.get()));
        }
    }

    /**
     * Regular files below {@code folder} in name order, leaving out {@code excluded}. Unlistable folders are noted
     * as failed; what is not a file or folder (pipes, devices, sockets, links that loop or lead nowhere, folder
     * links that loop) is noted as skipped, so the counts and the report account for every entry.
     */
    private static List<Path> walk(Path folder, Path excluded, List<FileResult> unreadable,
                                   List<FileResult> skipped) throws BatchSetupException {
        List<Path> files = new ArrayList<>();
        try {
            // Links are followed (photo libraries are often linked in); loops are reported, not followed.
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (excluded != null && PathSafety.real(dir).equals(excluded)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    } else {
                        skipped.add(new FileResult(file, null, FileStatus.SKIPPED_NOT_IMAGE, attrs.isSymbolicLink()
                                ? "a link that loops or leads nowhere (not followed)"
                                : "not a regular file (a pipe, socket or device)"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof FileSystemLoopException) {
                        skipped.add(new FileResult(file, null, FileStatus.SKIPPED_NOT_IMAGE, describe(e)));
                    } else {
                        unreadable.add(new FileResult(file, null, FileStatus.FAILED,
                                "cannot be read: " + describe(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BatchSetupException("Cannot read the input folder " + folder + ": " + describe(e), e);
        }
        files.sort(Comparator.comparing(p -> folder.relativize(p).toString()));
        return files;
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemLoopException) {
            return "a folder link that loops back to a folder above it (not followed)";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        return message == null ? kind : message;
    }

    /**
     * Output names: each input's relative path with the output format's extension. Inputs that would share an
     * output (a.jpg and a.png written as PNG) get their original extension in the name (a_jpg.png, a_png.png);
     * anything still clashing (the same name from two inputs, or names differing only in letter case, which clash
     * on case-insensitive disks) gets -2, -3, ... Names never depend on the order of the arguments: an input keeps
     * the name the journal recorded for it, and the others are numbered in the order of their paths. A name taken
     * by a file no batch wrote here (the user's own) is skipped, unless {@code overwrite}.
     */
    private List<PlannedFile> name(List<Candidate> candidates, String format, Path outputRoot, List<Path> inputs,
                                   Map<String, String> journal, boolean overwrite) {
        Map<String, List<Candidate>> byName = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            c.outputName = outputName(c, format, false);
            byName.computeIfAbsent(key(c.outputName), k -> new ArrayList<>()).add(c);
        }
        for (List<Candidate> clash : byName.values()) {
            if (clash.size() > 1 && clash.stream().map(c -> key(sourceExtension(c.relative))).distinct().count()
                    == clash.size()) {
                clash.forEach(c -> c.outputName = outputName(c, format, true));
            }
        }
        Set<Path> realInputs = new HashSet<>();
        candidates.forEach(c -> realInputs.add(PathSafety.real(c.input)));
        inputs.forEach(i -> realInputs.add(PathSafety.real(i)));
        // Only files an earlier batch wrote (the journal's) may be replaced; anything else in the way is kept.
        Predicate<String> usable = chosen -> !realInputs.contains(PathSafety.real(outputRoot.resolve(chosen)))
                && (overwrite || journal.containsKey(chosen)
                    || !Files.exists(outputRoot.resolve(chosen), LinkOption.NOFOLLOW_LINKS));
        Set<String> taken = new HashSet<>();
        Map<String, List<String>> previousByInput = new HashMap<>();
        journal.forEach((output, input) -> previousByInput.computeIfAbsent(input, k -> new ArrayList<>()).add(output));
        for (Candidate c : candidates) {
            for (String previous : previousByInput.getOrDefault(c.input.toString(), List.of())) {
                if (isNumberedVariant(previous, c.outputName) && !taken.contains(key(previous))
                        && usable.test(previous)) {
                    c.chosen = previous;
                    taken.add(key(previous));
                    break;
                }
            }
        }
        List<Candidate> unnamed = candidates.stream().filter(c -> c.chosen == null)
                .sorted(Comparator.comparing(c -> c.input.toString())).toList();
        for (Candidate c : unnamed) {
            String chosen = c.outputName;
            for (int n = 2; taken.contains(key(chosen)) || !usable.test(chosen); n++) {
                chosen = withSuffix(c.outputName, "-" + n);
            }
            taken.add(key(chosen));
            c.chosen = chosen;
        }
        List<PlannedFile> planned = new ArrayList<>();
        for (Candidate c : candidates) {
            String outFormat = format != null ? format : c.format;
            planned.add(new PlannedFile(c.input, outputRoot.resolve(c.chosen), c.chosen, outFormat));
        }
        return planned;
    }

    /** True for {@code base} itself and for the names -2, -3, ... derive from it. */
    private static boolean isNumberedVariant(String name, String base) {
        if (name.equals(base)) {
            return true;
        }
        int slash = base.lastIndexOf('/');
        int dot = base.lastIndexOf('.');
        String stem = dot > slash ? base.substring(0, dot) : base;
        String extension = dot > slash ? base.substring(dot) : "";
        if (!name.startsWith(stem + "-") || !name.endsWith(extension)
                || name.length() <= stem.length() + 1 + extension.length()) {
            return false;
        }
        String number = name.substring(stem.length() + 1, name.length() - extension.length());
        return number.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private String outputName(Candidate c, String format, boolean withSourceExtension) {
        return OutputNaming.outputName(c.relative, format != null ? codec.extensionFor(format) : null,
                withSourceExtension);
    }

    private static final class Candidate {
        final Path input;
        final String relative;
        final String format;
        String outputName;
        String chosen;

        Candidate(Path input, String relative, String format) {
            this.input = input;
            this.relative = relative;
            this.format = format;
        }
    }
}
