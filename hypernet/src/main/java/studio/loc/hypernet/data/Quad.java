package studio.loc.hypernet.data;

import org.opencv.core.Mat;
import studio.loc.hypernet.data.synthetic.EditCategory;

/**
 * One training sample: A' is A changed by some edit and B' is B changed by the same edit. All four are RGB
 * {@code CV_32FC3} in [0, 1] of the same size, owned by the quad: close it to free them.
 *
 * @param editDescription the edit and its parameters, for logs
 * @param category the edit's category, or null when it is unknown (a user's own before/after pair)
 */
public record Quad(Mat a, Mat aEdited, Mat b, Mat bEdited, String editDescription, EditCategory category)
        implements AutoCloseable {

    /** Side of the (square) images in pixels. */
    public int size() {
        return a.rows();
    }

    @Override
    public void close() {
        a.release();
        aEdited.release();
        b.release();
        bEdited.release();
    }
}
