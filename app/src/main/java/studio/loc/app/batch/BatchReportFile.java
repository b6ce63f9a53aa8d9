package studio.loc.app.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes {@value #FILE_NAME} into the output folder: one row per input file with its status, output and
 * reason, so a user with thousands of photos can sort and filter what failed. Written atomically.
 */
final class BatchReportFile {

    static final String FILE_NAME = "loc-batch-report.csv";

    private BatchReportFile() {
    }

    static Path write(Path outputRoot, List<FileResult> results) throws IOException {
        StringBuilder csv = new StringBuilder("status,input,output,reason\n");
        for (FileResult result : results) {
            csv.append(result.status().label()).append(',')
                    .append(quote(result.input().toString())).append(',')
                    .append(quote(hasOutput(result) ? result.output().toString() : "")).append(',')
                    .append(quote(result.reason())).append('\n');
        }
        Path file = outputRoot.resolve(FILE_NAME);
        Path temp = outputRoot.resolve("." + FILE_NAME + AtomicOutput.PARTIAL_MARKER + "csv");
        try {
            Files.writeString(temp, csv, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    /** Only files with a finished output name it; a failed photo's would-be output does not exist. */
    private static boolean hasOutput(FileResult result) {
        return result.output() != null
                && (result.status() == FileStatus.DONE || result.status() == FileStatus.ALREADY_DONE);
    }

    /** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
    static String quote(String value) {
        String cell = value;
        if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0) {
            cell = "'" + cell;
        }
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
