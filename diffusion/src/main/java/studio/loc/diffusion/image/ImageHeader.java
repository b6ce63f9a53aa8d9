package studio.loc.diffusion.image;

/** What a file's header says before any pixel is decoded: its real format (from magic bytes) and its size. */
public record ImageHeader(ImageFormat format, int width, int height) {

    public long pixelCount() {
        return (long) width * height;
    }
}
