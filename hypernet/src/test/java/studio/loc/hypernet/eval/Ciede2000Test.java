package studio.loc.hypernet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Against the published test data of Sharma, Wu and Dalal (2005), "The CIEDE2000 colour-difference formula". */
class Ciede2000Test {

    @ParameterizedTest
    @CsvSource({
        "50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425",
        "50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615",
        "50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000",
        "50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669",
        "50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792",
        "50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195",
        "50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461",
        "50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065",
        "50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492",
        "60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644",
        "2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082",
    })
    void matchesThePublishedPairs(double l1, double a1, double b1, double l2, double a2, double b2, double expected) {
        assertEquals(expected, Ciede2000.deltaE(l1, a1, b1, l2, a2, b2), 5e-5);
        assertEquals(expected, Ciede2000.deltaE(l2, a2, b2, l1, a1, b1), 5e-5, "symmetric");
    }

    @Test
    void convertsSrgbRedToItsKnownLab() {
        double[] lab = new double[3];
        Ciede2000.srgb8ToLab(255, 0, 0, lab);
        assertEquals(53.24, lab[0], 0.01);
        assertEquals(80.09, lab[1], 0.01);
        assertEquals(67.20, lab[2], 0.01);
        Ciede2000.srgb8ToLab(255, 255, 255, lab);
        assertEquals(100.0, lab[0], 0.01);
        assertEquals(0.0, lab[1], 0.01);
        assertEquals(0.0, lab[2], 0.01);
    }
}
