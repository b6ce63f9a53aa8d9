package studio.loc.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;
import studio.loc.app.messages.Texts;

/**
 * Pasted image data becomes a temporary PNG file, so a paste takes exactly the same path as a dropped file
 * (same reader, same checks, same error messages).
 */
final class ClipboardImages {

    private ClipboardImages() {
    }

    static Path saveAsTemporaryPng(Image image) throws IOException {
        Path file = Files.createTempFile("loc-studio-pasted-", ".png");
        file.toFile().deleteOnExit();
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
            throw new IOException(Texts.text("paste.noPngWriter"));
        }
        return file;
    }
}
