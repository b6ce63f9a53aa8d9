package studio.loc.diffusion.image;

import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Applies an EXIF orientation (1..8) so pixels come out the way the camera meant them to be seen. OpenCV skips
 * this when reading with IMREAD_UNCHANGED, which LoC Studio needs to keep 16-bit values and alpha.
 */
final class Orientation {

    private Orientation() {
    }

    /** The upright version of {@code stored} as a new Mat (or {@code stored} itself for orientation 1). */
    static Mat apply(Mat stored, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        Mat upright = new Mat();
        switch (orientation) {
            case 2 -> Core.flip(stored, upright, 1); // mirrored left-right
            case 3 -> Core.rotate(stored, upright, Core.ROTATE_180);
            case 4 -> Core.flip(stored, upright, 0); // mirrored top-bottom
            case 5 -> Core.transpose(stored, upright); // mirrored along the main diagonal
            case 6 -> Core.rotate(stored, upright, Core.ROTATE_90_CLOCKWISE);
            case 7 -> { // mirrored along the anti-diagonal
                try (MatScope scope = new MatScope()) {
                    Mat transposed = scope.newMat();
                    Core.transpose(stored, transposed);
                    Core.flip(transposed, upright, -1);
                }
            }
            default -> Core.rotate(stored, upright, Core.ROTATE_90_COUNTERCLOCKWISE); // 8
        }
        return upright;
    }

    /** Whether the orientation swaps width and height. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }
}
