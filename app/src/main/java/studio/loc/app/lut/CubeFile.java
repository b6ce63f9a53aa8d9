package studio.loc.app.lut;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes 3D colour tables in the .cube text format (Adobe's specification, version 1.0, and Resolve's
 * variant): keywords, then one output colour per line, red fastest. A 1D table (a curve per channel) is read as the
 * 3D table it amounts to; a file holding both a 1D shaper and a 3D table, an input domain other than the unit cube
 * per channel, or a table that does not have size^3 lines is refused with a message saying which.
 */
public final class CubeFile {

    private static final int MAX_1D_SIZE = 65536;

    private CubeFile() {
    }

    /** Writes {@code grid} as {@code flavour}; {@code title} names the look (quotes are dropped from it). */
    public static void write(Path file, LutGrid grid, String title, CubeFlavour flavour, List<String> comments)
            throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String comment : comments) {
                out.write("# " + comment.replace('\n', ' '));
                out.newLine();
            }
            out.write("TITLE \"" + title.replace("\"", "") + "\"");
            out.newLine();
            out.write("LUT_3D_SIZE " + grid.size());
            out.newLine();
            if (flavour == CubeFlavour.ADOBE) {
                out.write("DOMAIN_MIN 0.0 0.0 0.0");
                out.newLine();
                out.write("DOMAIN_MAX 1.0 1.0 1.0");
                out.newLine();
            }
            float[] rgb = grid.rgb();
            for (int i = 0; i < rgb.length; i += 3) {
                out.write(String.format(Locale.ROOT, "%.6f %.6f %.6f", rgb[i], rgb[i + 1], rgb[i + 2]));
                out.newLine();
            }
        }
    }

    /** Reads a .cube file; the message of a refusal names the file and the line. */
    public static LutGrid read(Path file) throws LutFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LutFileException(file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
        String name = String.valueOf(file.getFileName());
        int size3d = 0;
        int size1d = 0;
        float[] values = null;
        int count = 0;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String keyword = words[0].toUpperCase(Locale.ROOT);
            char first = keyword.charAt(0);
            if (Character.isDigit(first) || first == '-' || first == '.' || first == '+') {
                if (values == null) {
                    throw new LutFileException(name + " line " + number
                            + ": colours before LUT_3D_SIZE or LUT_1D_SIZE");
                }
                if (words.length != 3 || count + 3 > values.length) {
                    throw new LutFileException(name + " line " + number + ": expected three numbers of the "
                            + (size3d > 0 ? size3d + "^3" : size1d + "-entry") + " table, one colour per line");
                }
                for (int c = 0; c < 3; c++) {
                    values[count++] = number(words[c], name, number);
                }
                continue;
            }
            switch (keyword) {
                case "TITLE" -> { } // the look's name; the change is named by the user
                case "LUT_3D_SIZE" -> {
                    size3d = size(words, name, number, LutGrid.MAX_SIZE);
                    requireOneTable(size1d, name);
                    values = new float[3 * size3d * size3d * size3d];
                }
                case "LUT_1D_SIZE" -> {
                    size1d = size(words, name, number, MAX_1D_SIZE);
                    requireOneTable(size3d, name);
                    values = new float[3 * size1d];
                }
                case "DOMAIN_MIN", "DOMAIN_MAX", "LUT_3D_INPUT_RANGE", "LUT_1D_INPUT_RANGE" ->
                        requireUnitDomain(keyword, words, name, number);
                default -> throw new LutFileException(name + " line " + number + ": \"" + words[0]
                        + "\" is not a .cube keyword LoC Studio reads");
            }
        }
        if (values == null) {
            throw new LutFileException(name + " has no LUT_3D_SIZE or LUT_1D_SIZE: not a .cube colour table");
        }
        if (count != values.length) {
            throw new LutFileException(name + " lists " + count / 3 + " colours; its size needs " + values.length / 3);
        }
        try {
            return size3d > 0 ? new LutGrid(size3d, values) : fromCurves(size1d, values);
        } catch (IllegalArgumentException e) {
            throw new LutFileException(name + ": " + e.getMessage(), e);
        }
    }

    /** A 1D table (one curve per channel) as a 33-node 3D table. */
    private static LutGrid fromCurves(int entries, float[] curves) {
        int size = 33;
        LutGrid identity = LutGrid.identity(size);
        float[] rgb = identity.rgb();
        for (int i = 0; i < rgb.length; i++) {
            int channel = i % 3;
            float p = rgb[i] * (entries - 1);
            int k = Math.min((int) p, entries - 2);
            float f = p - k;
            rgb[i] = curves[3 * k + channel] * (1 - f) + curves[3 * (k + 1) + channel] * f;
        }
        return new LutGrid(size, rgb);
    }

    private static void requireOneTable(int other, String name) throws LutFileException {
        if (other > 0) {
            throw new LutFileException(name + " holds a 1D shaper and a 3D table; LoC Studio reads one table per file"
                    + " (export it again as a plain 3D .cube)");
        }
    }

    private static void requireUnitDomain(String keyword, String[] words, String name, int number)
            throws LutFileException {
        float expected = keyword.equals("DOMAIN_MAX") ? 1 : 0;
        for (int i = 1; i < words.length; i++) {
            float value = number(words[i], name, number);
            float wanted = keyword.endsWith("INPUT_RANGE") ? (i == 1 ? 0 : 1) : expected;
            if (Math.abs(value - wanted) > 1e-6) {
                throw new LutFileException(name + " line " + number + ": its input range is not 0 to 1 (" + keyword
                        + " " + String.join(" ", java.util.Arrays.copyOfRange(words, 1, words.length))
                        + "); LoC Studio reads tables over the unit cube");
            }
        }
    }

    private static int size(String[] words, String name, int number, int max) throws LutFileException {
        if (words.length != 2) {
            throw new LutFileException(name + " line " + number + ": " + words[0] + " needs one number");
        }
        try {
            int size = Integer.parseInt(words[1]);
            if (size < 2 || size > max) {
                throw new LutFileException(name + " line " + number + ": a table of " + size
                        + " entries per side; LoC Studio reads 2 to " + max);
            }
            return size;
        } catch (NumberFormatException e) {
            throw new LutFileException(name + " line " + number + ": \"" + words[1] + "\" is not a whole number", e);
        }
    }

    private static float number(String word, String name, int number) throws LutFileException {
        try {
            float value = Float.parseFloat(word);
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new LutFileException(name + " line " + number + ": \"" + word + "\" is not a number", e);
        }
    }
}
