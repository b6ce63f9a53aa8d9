package studio.loc.app.gui;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/** The window icon (the compare divider between a cool and a warm half) in the sizes desktops ask for. */
public final class AppIcons {

    private static final String[] SIZES = {"32", "64", "256"};

    private AppIcons() {
    }

    /** All sizes found in {@code studio/loc/ui/icons/}; none is an error nobody needs to see. */
    public static List<Image> all() {
        List<Image> icons = new ArrayList<>();
        for (String size : SIZES) {
            InputStream in = AppIcons.class.getResourceAsStream("/studio/loc/ui/icons/app-" + size + ".png");
            if (in != null) {
                icons.add(new Image(in));
            }
        }
        return icons;
    }
}
