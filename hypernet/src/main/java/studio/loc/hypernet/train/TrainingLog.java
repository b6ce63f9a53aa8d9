package studio.loc.hypernet.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV log of a run (appended, so a resumed run continues the same file): one line per interval with the mean
 * total and per-term losses over the interval, rate, gradient norms, throughput and time left.
 */
final class TrainingLog {

    static final String FILE_NAME = "loc-training-log.csv";
    static final List<String> TERMS = List.of("forward", "reverse", "quad", "identity");
    static final String HEADER = "step,stage,loss,forward,reverse,quad,identity,learning_rate,grad_norm_h,grad_norm_g,"
            + "steps_per_second,eta_seconds";

    private final Path file;
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private double lossSum;
    private int count;

    TrainingLog(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    void add(double loss, Map<String, Double> terms) {
        lossSum += loss;
        count++;
        for (var e : terms.entrySet()) {
            double[] acc = sums.computeIfAbsent(e.getKey(), k -> new double[2]);
            acc[0] += e.getValue();
            acc[1]++;
        }
    }

    double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Writes the interval's line and starts a new interval. */
    void flush(long step, String stage, double rate, double gradNormH, double gradNormG, double stepsPerSecond,
               double etaSeconds) throws IOException {
        boolean fresh = !Files.exists(file);
        StringBuilder line = new StringBuilder();
        line.append(step).append(',').append(stage).append(',').append(format(meanLoss()));
        for (String term : TERMS) {
            double[] acc = sums.get(term);
            line.append(',').append(acc == null ? "" : format(acc[0] / acc[1]));
        }
        line.append(',').append(format(rate)).append(',').append(format(gradNormH)).append(',')
                .append(Double.isNaN(gradNormG) ? "" : format(gradNormG))
                .append(String.format(Locale.ROOT, ",%.4f,%.1f%n", stepsPerSecond, etaSeconds));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            if (fresh) {
                out.write(HEADER + "\n");
            }
            out.write(line.toString());
        }
        sums.clear();
        lossSum = 0;
        count = 0;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
