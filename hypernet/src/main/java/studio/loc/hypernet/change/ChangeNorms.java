package studio.loc.hypernet.change;

import studio.loc.diffusion.lora.LoraSlot;

/** How strongly a change alters each layer: the size of its weight update, for showing and comparing changes. */
public final class ChangeNorms {

    private ChangeNorms() {
    }

    /**
     * The Frobenius norm of the slot's weight update at strength 1, (alpha / rank) · ‖up · down‖_F. Computed through
     * the rank × rank Gram matrices (‖UD‖² = Σ (UᵀU ∘ DDᵀ)), so the full out × in·k·k product is never formed.
     */
    public static double weightDelta(Change change, LoraSlot slot) {
        Change.SlotFactors factors = change.factors().get(slot.name());
        if (factors == null) {
            throw new IllegalArgumentException("change \"" + change.name() + "\" has no slot " + slot.name());
        }
        int rank = change.rank();
        double[][] upGram = gram(factors.up(), slot.out(), rank, false);
        double[][] downGram = gram(factors.down(), rank, slot.downColumns(), true);
        double squared = 0;
        for (int i = 0; i < rank; i++) {
            for (int j = 0; j < rank; j++) {
                squared += upGram[i][j] * downGram[i][j];
            }
        }
        return change.alpha() / rank * Math.sqrt(Math.max(0, squared));
    }

    /**
     * Gram matrix over the rank dimension of a row-major rows × cols matrix: of its columns (UᵀU, rank = cols) or,
     * with {@code ofRows}, of its rows (DDᵀ, rank = rows).
     */
    private static double[][] gram(float[] m, int rows, int cols, boolean ofRows) {
        int n = ofRows ? rows : cols;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double sum = 0;
                if (ofRows) {
                    for (int k = 0; k < cols; k++) {
                        sum += (double) m[i * cols + k] * m[j * cols + k];
                    }
                } else {
                    for (int k = 0; k < rows; k++) {
                        sum += (double) m[k * cols + i] * m[k * cols + j];
                    }
                }
                g[i][j] = sum;
                g[j][i] = sum;
            }
        }
        return g;
    }
}
