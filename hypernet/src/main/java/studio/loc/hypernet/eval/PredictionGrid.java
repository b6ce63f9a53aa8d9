package studio.loc.hypernet.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import studio.loc.diffusion.image.MatScope;
import studio.loc.diffusion.image.OpenCv;

/**
 * One picture of an evaluation: a row per edit (its quad {@code k}) with A, A', B, the tool's B' and each method's
 * prediction, so a reader sees at a glance what the scores mean.
 */
public final class PredictionGrid {

    private static final int GAP = 4;

    private PredictionGrid() {
    }

    /**
     * @param methods prediction folders under {@code predictions/}, in column order (e.g. "hypernet", "lut")
     * @param cell side of each image in the grid
     */
    public static void write(Devset set, Path predictions, List<String> methods, int k, int cell, Path output)
            throws IOException {
        OpenCv.ensureLoaded();
        Map<String, DevsetQuad> firstPerEdit = new LinkedHashMap<>();
        for (DevsetQuad quad : set.quads()) {
            if (quad.index() == k) {
                firstPerEdit.putIfAbsent(quad.edit(), quad);
            }
        }
        if (firstPerEdit.isEmpty()) {
            throw new IOException("no quad with k = " + k + " in the set");
        }
        int columns = 4 + methods.size();
        int rows = firstPerEdit.size();
        try (MatScope scope = new MatScope()) {
            Mat grid = scope.add(new Mat(rows * (cell + GAP) - GAP, columns * (cell + GAP) - GAP, CvType.CV_32FC3,
                    new Scalar(1, 1, 1)));
            int row = 0;
            for (DevsetQuad quad : firstPerEdit.values()) {
                List<Path> cells = new ArrayList<>(List.of(quad.a(), quad.aEdit(), quad.b(), quad.bEdit()));
                for (String method : methods) {
                    cells.add(predictions.resolve(method).resolve(quad.edit())
                            .resolve(Integer.toString(quad.index())).resolve("b_pred.png"));
                }
                for (int col = 0; col < cells.size(); col++) {
                    if (!Files.isRegularFile(cells.get(col))) {
                        continue; // a method that failed on this quad leaves its cell blank
                    }
                    try (MatScope cellScope = new MatScope()) {
                        Mat image = cellScope.add(RgbImages.read(cells.get(col)));
                        Mat scaled = cellScope.newMat();
                        Imgproc.resize(image, scaled, new Size(cell, cell), 0, 0, Imgproc.INTER_AREA);
                        Mat target = cellScope.add(grid.submat(row * (cell + GAP), row * (cell + GAP) + cell,
                                col * (cell + GAP), col * (cell + GAP) + cell));
                        scaled.copyTo(target);
                    }
                }
                row++;
            }
            Core.min(grid, new Scalar(1, 1, 1), grid);
            RgbImages.write(output, grid);
        }
    }
}
