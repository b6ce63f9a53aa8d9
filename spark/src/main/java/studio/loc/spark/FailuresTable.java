package studio.loc.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;

/** The photos that could not be edited, as CSV (path, reason) beside the outputs; rewritten by every run. */
final class FailuresTable {

    static final String FILE_NAME = "loc-spark-failures.csv";

    private FailuresTable() {
    }

    static Path write(PhotoOutputs outputs, List<PhotoOutcome> failures) throws IOException {
        StringBuilder csv = new StringBuilder("path,reason\n");
        for (PhotoOutcome failure : failures) {
            csv.append(quote(failure.input())).append(',').append(quote(failure.reason())).append('\n');
        }
        Path table = new Path(outputs.root(), FILE_NAME);
        outputs.writeAtomically(table, csv.toString().getBytes(StandardCharsets.UTF_8));
        return table;
    }

    /** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula (as apply's report). */
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
