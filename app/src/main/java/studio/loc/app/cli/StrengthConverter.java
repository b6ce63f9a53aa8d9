package studio.loc.app.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import studio.loc.hypernet.engine.ChangeEngine;

/** Reads {@code --strength}: anything that is not a number in the engine's range gets the same one message. */
final class StrengthConverter implements ITypeConverter<Double> {

    @Override
    public Double convert(String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        // NaN fails both comparisons, so "nan", "NaN" and "abc" are refused alike
        if (!(value >= ChangeEngine.MIN_STRENGTH && value <= ChangeEngine.MAX_STRENGTH)) {
            throw new TypeConversionException("must be a number from " + ChangeEngine.MIN_STRENGTH + " to "
                    + ChangeEngine.MAX_STRENGTH + ", got '" + text + "'");
        }
        return value;
    }
}
